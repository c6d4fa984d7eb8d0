import { eventTemplate, type EventTemplate } from './templates';

/**
 * The sample events under the service and event names `sam local generate-event` uses (`s3 put`,
 * `apigateway aws-proxy`...), so the same command line works with either tool. `eventbridge event` has no SAM
 * counterpart; it is the one name added.
 */
export const SAM_EVENT_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  apigateway: { 'aws-proxy': 'apigateway-rest', 'http-api-proxy': 'apigateway-http' },
  cloudwatch: { 'scheduled-event': 'scheduled', logs: 'cloudwatch-logs' },
  dynamodb: { update: 'dynamodb-stream' },
  eventbridge: { event: 'eventbridge' },
  kinesis: { 'get-records': 'kinesis' },
  s3: { put: 's3-put', delete: 's3-delete' },
  sns: { notification: 'sns' },
  sqs: { 'receive-message': 'sqs' },
};

/** The sample event a SAM service and event name stand for, or undefined. */
export function samEventTemplate(service: string, event: string): EventTemplate | undefined {
  const events = Object.hasOwn(SAM_EVENT_NAMES, service) ? SAM_EVENT_NAMES[service] : undefined;
  const id = events && Object.hasOwn(events, event) ? events[event] : undefined;
  return id === undefined ? undefined : eventTemplate(id);
}
