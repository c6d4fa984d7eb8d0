/**
 * What `!Ref` and `!GetAtt` of a template's own resources give a function run locally, for its environment
 * variables. `sam local` answers the logical id for every `Ref`. Here the value follows what CloudFormation would
 * return once deployed whenever the template fixes it: the physical name when the template sets one (TableName,
 * BucketName, QueueName...), a queue's URL, a topic's or state machine's ARN, and `Arn` attributes built from that
 * name, the region and the account. Without a physical name the logical id stands in for it, as in `sam local`.
 * Anything else stays unresolved (the caller warns and env.json can give the value).
 */
import { partition } from './resolution';

type Obj = Record<string, unknown>;

/** Where a deployed value is put together, for one resource type. */
interface ResourceKind {
  /** The property that names the resource, when the template may set it. */
  nameProperty?: string;
  /** What `Ref` returns, from the resource's name. Default: the name. */
  ref?: (name: string, at: Where) => string;
  /** `GetAtt` attributes, from the resource's name. */
  attributes?: Record<string, (name: string, at: Where) => string>;
}

interface Where {
  partition: string;
  region: string;
  accountId: string;
}

const arn = (service: string, resource: string, at: Where, regional = true) =>
  `arn:${at.partition}:${service}:${regional ? at.region : ''}:${regional ? at.accountId : ''}:${resource}`;

const queueUrl = (name: string, at: Where) => `https://sqs.${at.region}.amazonaws.com/${at.accountId}/${name}`;

const KINDS: Record<string, ResourceKind> = {
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    attributes: { Arn: (n, at) => arn('dynamodb', `table/${n}`, at) },
  },
  'AWS::DynamoDB::GlobalTable': {
    nameProperty: 'TableName',
    attributes: { Arn: (n, at) => arn('dynamodb', `table/${n}`, at) },
  },
  'AWS::Serverless::SimpleTable': {
    nameProperty: 'TableName',
    attributes: { Arn: (n, at) => arn('dynamodb', `table/${n}`, at) },
  },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    attributes: { Arn: (n, at) => arn('s3', n, at, false), DomainName: (n) => `${n}.s3.amazonaws.com` },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: queueUrl,
    attributes: { Arn: (n, at) => arn('sqs', n, at), QueueName: (n) => n, QueueUrl: queueUrl },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    ref: (n, at) => arn('sns', n, at),
    attributes: { TopicArn: (n, at) => arn('sns', n, at), TopicName: (n) => n },
  },
  'AWS::Lambda::Function': {
    nameProperty: 'FunctionName',
    attributes: { Arn: (n, at) => arn('lambda', `function:${n}`, at) },
  },
  'AWS::Serverless::Function': {
    nameProperty: 'FunctionName',
    attributes: { Arn: (n, at) => arn('lambda', `function:${n}`, at) },
  },
  'AWS::Kinesis::Stream': { nameProperty: 'Name', attributes: { Arn: (n, at) => arn('kinesis', `stream/${n}`, at) } },
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    ref: (n, at) => arn('states', `stateMachine:${n}`, at),
    attributes: { Arn: (n, at) => arn('states', `stateMachine:${n}`, at), Name: (n) => n },
  },
  'AWS::Serverless::StateMachine': {
    nameProperty: 'Name',
    ref: (n, at) => arn('states', `stateMachine:${n}`, at),
    attributes: { Arn: (n, at) => arn('states', `stateMachine:${n}`, at), Name: (n) => n },
  },
  'AWS::Events::EventBus': {
    nameProperty: 'Name',
    attributes: { Arn: (n, at) => arn('events', `event-bus/${n}`, at), Name: (n) => n },
  },
  'AWS::SSM::Parameter': { nameProperty: 'Name' },
  'AWS::Logs::LogGroup': {
    nameProperty: 'LogGroupName',
    attributes: { Arn: (n, at) => arn('logs', `log-group:${n}:*`, at) },
  },
  'AWS::SecretsManager::Secret': { nameProperty: 'Name', ref: (n, at) => arn('secretsmanager', `secret:${n}`, at) },
  'AWS::Cognito::UserPool': { nameProperty: 'UserPoolName' },
};

/** The resource's physical name when the template gives it as a plain string, else its logical id. */
function nameOf(
  logicalId: string,
  resource: Obj,
  kind: ResourceKind,
  resolveName: (value: unknown) => unknown,
): string {
  const props =
    resource.Properties !== null && typeof resource.Properties === 'object' ? (resource.Properties as Obj) : {};
  const value = kind.nameProperty === undefined ? undefined : resolveName(props[kind.nameProperty]);
  return typeof value === 'string' && value !== '' ? value : logicalId;
}

/** The local value of `!Ref logicalId` for a declared resource (the logical id for types not listed above). */
export function resourceRef(
  logicalId: string,
  resource: Obj,
  at: Where,
  resolveName: (value: unknown) => unknown,
): string {
  const kind = KINDS[String(resource.Type)] ?? {};
  const name = nameOf(logicalId, resource, kind, resolveName);
  return kind.ref ? kind.ref(name, at) : name;
}

/** The local value of `!GetAtt logicalId.attribute`, or undefined when it is known only once deployed. */
export function resourceAttribute(
  logicalId: string,
  resource: Obj,
  attribute: string,
  at: Where,
  resolveName: (value: unknown) => unknown,
): string | undefined {
  const kind = KINDS[String(resource.Type)];
  const build = kind?.attributes && Object.hasOwn(kind.attributes, attribute) ? kind.attributes[attribute] : undefined;
  return build?.(nameOf(logicalId, resource, kind!, resolveName), at);
}

/** The partition, region and account values are built with. */
export function where(region: string, accountId: string): Where {
  return { partition: partition(region), region, accountId };
}
