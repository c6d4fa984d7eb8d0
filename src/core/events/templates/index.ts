import { apiGatewayHttp, apiGatewayRest } from './apiGateway';
import { cloudwatchLogs } from './cloudwatchLogs';
import type { EventTemplate } from './common';
import { eventBridge, scheduled } from './eventBridge';
import { sns, sqs } from './messaging';
import { s3Delete, s3Put } from './s3';
import { dynamodbStream, kinesis } from './streams';

export type { EventTemplate } from './common';

/** The "New event from template…" list, in the order it is shown. */
export const eventTemplates: readonly EventTemplate[] = [
  apiGatewayRest,
  apiGatewayHttp,
  s3Put,
  s3Delete,
  sqs,
  sns,
  dynamodbStream,
  kinesis,
  eventBridge,
  scheduled,
  cloudwatchLogs,
];

/** The template with this id, or undefined. */
export function eventTemplate(id: string): EventTemplate | undefined {
  return eventTemplates.find((t) => t.id === id);
}
