import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { eventTemplate, eventTemplates } from '../../../src/core/events';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'test-event.schema.json'), 'utf8'));
// defaultSnippets is a VS Code extension to JSON schema, unknown to a strict validator.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

type Any = Record<string, any>;
const fresh = (id: string): Any => eventTemplate(id)!.build() as Any;

test('every built-in template is valid, and so is any other JSON value', () => {
  for (const t of eventTemplates) assert.ok(validate(t.build()), `${t.id}: ${JSON.stringify(validate.errors)}`);
  for (const value of [
    null,
    1,
    'x',
    [],
    {},
    { Records: [] },
    { Records: [{ eventSource: 'custom' }] },
    { anything: { goes: true } },
  ]) {
    assert.ok(validate(value), JSON.stringify(value));
  }
});

test('a recognisable shape missing a required field is invalid', () => {
  const broken: Array<[string, (e: Any) => void, string]> = [
    ['s3-put', (e) => delete e.Records[0].s3.bucket, 'bucket'],
    ['sqs', (e) => delete e.Records[0].body, 'body'],
    ['sqs', (e) => (e.Records[0].body = { not: 'a string' }), 'string'],
    ['sns', (e) => delete e.Records[0].Sns.TopicArn, 'TopicArn'],
    ['dynamodb-stream', (e) => (e.Records[0].eventName = 'UPSERT'), 'allowed'],
    ['kinesis', (e) => (e.Records[0].kinesis.data = 'not base64!'), 'pattern'],
    ['apigateway-rest', (e) => delete e.path, 'path'],
    ['apigateway-http', (e) => delete e.requestContext.http, 'http'],
    ['eventbridge', (e) => delete e.detail, 'detail'],
    ['cloudwatch-logs', (e) => (e.awslogs = {}), 'data'],
  ];
  for (const [id, breakIt, expected] of broken) {
    const event = fresh(id);
    breakIt(event);
    assert.equal(validate(event), false, `${id} without ${expected} should be invalid`);
    assert.ok(JSON.stringify(validate.errors).includes(expected), `${id}: ${JSON.stringify(validate.errors)}`);
  }
});

test('completion offers one snippet per template, with $ escaped for snippet syntax', () => {
  assert.deepEqual(
    schema.defaultSnippets.map((s: Any) => s.label),
    eventTemplates.map((t) => t.label),
  );
  const http = schema.defaultSnippets.find((s: Any) => s.label.startsWith('API Gateway HTTP'));
  assert.equal(
    http.body.requestContext.stage,
    '^"\\$default"',
    'inserted raw as "\\$default", which a snippet shows as "$default"',
  );
});
