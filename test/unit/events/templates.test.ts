import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { eventTemplate, eventTemplates } from '../../../src/core/events';

type Any = Record<string, any>;
const build = (id: string): Any => eventTemplate(id)!.build() as Any;
const keys = (value: object) => Object.keys(value).sort();

test('the list offers every documented event type, each with a label and description', () => {
  assert.deepEqual(
    eventTemplates.map((t) => t.id),
    [
      'apigateway-rest',
      'apigateway-http',
      's3-put',
      's3-delete',
      'sqs',
      'sns',
      'dynamodb-stream',
      'kinesis',
      'eventbridge',
      'scheduled',
      'cloudwatch-logs',
    ],
  );
  for (const t of eventTemplates) {
    assert.ok(t.label && t.description, t.id);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(t.build())), t.id);
  }
});

test('API Gateway REST (payload 1.0) has the proxy integration fields', () => {
  const e = build('apigateway-rest');
  assert.deepEqual(keys(e), [
    'body',
    'headers',
    'httpMethod',
    'isBase64Encoded',
    'multiValueHeaders',
    'multiValueQueryStringParameters',
    'path',
    'pathParameters',
    'queryStringParameters',
    'requestContext',
    'resource',
    'stageVariables',
  ]);
  assert.equal(typeof e.body, 'string');
  assert.deepEqual(e.multiValueHeaders.accept, [e.headers.accept]);
  for (const k of [
    'accountId',
    'apiId',
    'httpMethod',
    'identity',
    'path',
    'protocol',
    'requestId',
    'requestTime',
    'requestTimeEpoch',
    'resourceId',
    'resourcePath',
    'stage',
  ]) {
    assert.ok(k in e.requestContext, k);
  }
  assert.match(e.requestContext.requestTime, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
});

test('HTTP API (payload 2.0) has version 2.0, rawPath, and requestContext.http', () => {
  const e = build('apigateway-http');
  assert.equal(e.version, '2.0');
  for (const k of [
    'routeKey',
    'rawPath',
    'rawQueryString',
    'cookies',
    'headers',
    'queryStringParameters',
    'requestContext',
    'isBase64Encoded',
  ])
    assert.ok(k in e, k);
  assert.deepEqual(keys(e.requestContext.http), ['method', 'path', 'protocol', 'sourceIp', 'userAgent']);
  assert.equal(e.requestContext.routeKey, e.routeKey);
});

test('S3 put and delete: event version 2.1, delete without size and eTag', () => {
  const put = build('s3-put').Records[0];
  assert.equal(put.eventSource, 'aws:s3');
  assert.equal(put.eventVersion, '2.1');
  assert.equal(put.eventName, 'ObjectCreated:Put');
  assert.deepEqual(keys(put.s3), ['bucket', 'configurationId', 'object', 's3SchemaVersion']);
  assert.deepEqual(keys(put.s3.object), ['eTag', 'key', 'sequencer', 'size']);
  const del = build('s3-delete').Records[0];
  assert.equal(del.eventName, 'ObjectRemoved:Delete');
  assert.deepEqual(keys(del.s3.object), ['key', 'sequencer']);
});

test('SQS md5OfBody is the MD5 of the body; SNS carries the Sns envelope', () => {
  const sqs = build('sqs').Records[0];
  assert.equal(sqs.md5OfBody, createHash('md5').update(sqs.body).digest('hex'));
  assert.deepEqual(keys(sqs.attributes), [
    'ApproximateFirstReceiveTimestamp',
    'ApproximateReceiveCount',
    'SenderId',
    'SentTimestamp',
  ]);
  const sns = build('sns').Records[0];
  assert.equal(sns.EventSource, 'aws:sns');
  assert.deepEqual(keys(sns.Sns), [
    'Message',
    'MessageAttributes',
    'MessageId',
    'Signature',
    'SignatureVersion',
    'SigningCertUrl',
    'Subject',
    'Timestamp',
    'TopicArn',
    'Type',
    'UnsubscribeUrl',
  ]);
});

test('DynamoDB Streams, Kinesis (base64 data), EventBridge and scheduled events', () => {
  const ddb = build('dynamodb-stream').Records[0];
  assert.equal(ddb.eventSource, 'aws:dynamodb');
  assert.deepEqual(ddb.dynamodb.Keys, { Id: { N: '101' } });
  assert.match(ddb.eventSourceARN, /^arn:aws:dynamodb:[\w-]+:\d{12}:table\/[\w-]+\/stream\//);
  const kinesis = build('kinesis').Records[0];
  assert.equal(kinesis.eventSource, 'aws:kinesis');
  assert.deepEqual(JSON.parse(Buffer.from(kinesis.kinesis.data, 'base64').toString()), {
    message: 'Hello, this is a test.',
  });
  assert.equal(kinesis.eventID, `shardId-000000000006:${kinesis.kinesis.sequenceNumber}`);
  const bridge = build('eventbridge');
  assert.deepEqual(keys(bridge), [
    'account',
    'detail',
    'detail-type',
    'id',
    'region',
    'resources',
    'source',
    'time',
    'version',
  ]);
  const scheduled = build('scheduled');
  assert.equal(scheduled['detail-type'], 'Scheduled Event');
  assert.equal(scheduled.source, 'aws.events');
  assert.match(scheduled.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('CloudWatch Logs: awslogs.data is real gzip + base64 of a DATA_MESSAGE', () => {
  const e = build('cloudwatch-logs');
  const message = JSON.parse(gunzipSync(Buffer.from(e.awslogs.data, 'base64')).toString());
  assert.equal(message.messageType, 'DATA_MESSAGE');
  assert.deepEqual(keys(message), [
    'logEvents',
    'logGroup',
    'logStream',
    'messageType',
    'owner',
    'subscriptionFilters',
  ]);
  assert.deepEqual(keys(message.logEvents[0]), ['id', 'message', 'timestamp']);
});

test('each build is fresh', () => {
  assert.notEqual(build('sqs').Records[0].messageId, build('sqs').Records[0].messageId);
});
