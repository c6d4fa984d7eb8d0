import type { EventSourceSpec } from '../model';
import type { ParsedSource } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when `value` names the function `id`: `!Ref id`, `!GetAtt id.Arn`, or its literal name or ARN. */
function refersTo(value: unknown, id: string, functionName?: string): boolean {
  if (isObj(value)) {
    if (value.Ref === id) return true;
    const att = value['Fn::GetAtt'];
    return Array.isArray(att) && att[0] === id;
  }
  return (
    typeof value === 'string' &&
    !!functionName &&
    (value === functionName || value.endsWith(`:function:${functionName}`))
  );
}

/** The SAM event type of a stream or queue behind an EventSourceArn. */
function mappingType(arn: unknown, resources: Obj): string {
  const att = isObj(arn) ? arn['Fn::GetAtt'] : undefined;
  const target = Array.isArray(att) ? resources[String(att[0])] : undefined;
  const type = isObj(target) ? String(target.Type) : typeof arn === 'string' ? arn : '';
  if (/SQS|:sqs:/.test(type)) return 'SQS';
  if (/DynamoDB|:dynamodb:/.test(type)) return 'DynamoDB';
  if (/Kinesis|:kinesis:/.test(type)) return 'Kinesis';
  if (/MSK|:kafka:/.test(type)) return 'MSK';
  if (/AmazonMQ|:mq:/.test(type)) return 'MQ';
  return 'EventSourceMapping';
}

/**
 * Event sources of a plain CloudFormation function, which other resources declare:
 * EventSourceMapping (SQS, DynamoDB, Kinesis...), Events::Rule targets (Schedule or EventBridgeRule),
 * SNS subscriptions and S3 bucket notifications.
 */
export function cloudFormationEvents(
  source: ParsedSource,
  resources: Obj,
  id: string,
  functionName?: string,
): EventSourceSpec[] {
  const events: EventSourceSpec[] = [];
  for (const [name, resource] of Object.entries(resources)) {
    if (!isObj(resource) || !isObj(resource.Properties)) continue;
    const props = resource.Properties;
    const position = source.position(['Resources', name]);
    switch (resource.Type) {
      case 'AWS::Lambda::EventSourceMapping':
        if (refersTo(props.FunctionName, id, functionName)) {
          events.push({ name, type: mappingType(props.EventSourceArn, resources), properties: props, position });
        }
        break;
      case 'AWS::Events::Rule': {
        const targets = Array.isArray(props.Targets) ? props.Targets : [];
        if (targets.some((t) => isObj(t) && refersTo(t.Arn, id, functionName))) {
          events.push({
            name,
            type: props.ScheduleExpression ? 'Schedule' : 'EventBridgeRule',
            properties: props,
            position,
          });
        }
        break;
      }
      case 'AWS::SNS::Subscription':
        if (props.Protocol === 'lambda' && refersTo(props.Endpoint, id, functionName)) {
          events.push({ name, type: 'SNS', properties: props, position });
        }
        break;
      case 'AWS::S3::Bucket': {
        const notifications = isObj(props.NotificationConfiguration)
          ? props.NotificationConfiguration.LambdaConfigurations
          : undefined;
        const configs = Array.isArray(notifications) ? notifications : [];
        configs.forEach((config, index) => {
          if (isObj(config) && refersTo(config.Function, id, functionName)) {
            events.push({
              name: `${name}${index}`,
              type: 'S3',
              properties: { Bucket: { Ref: name }, ...config },
              sourceName: bucketName(name, props),
              position,
            });
          }
        });
        break;
      }
    }
  }
  return events;
}

/** A bucket as people name it: its BucketName when the template sets one as a plain string, else its logical id. */
export function bucketName(logicalId: string, props: Obj): string {
  return typeof props.BucketName === 'string' && props.BucketName !== '' ? props.BucketName : logicalId;
}
