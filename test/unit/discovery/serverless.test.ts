import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';
import { brief, byName, discoverFixture, fixture } from './fixtures';

const { functions, diagnostics } = discoverFixture('serverless', 'serverless.yml');

test('serverless.yml: provider defaults with per-function overrides', () => {
  const list = byName(functions, 'listItems');
  assert.equal(list.source, 'serverless');
  assert.equal(list.runtime, 'nodejs20.x');
  assert.equal(list.memorySize, 256);
  assert.equal(list.timeout, 20);
  assert.deepEqual(list.architectures, ['arm64']);
  assert.equal(list.logFormat, 'JSON');
  assert.equal(list.functionName, 'shop-dev-listItems');
  assert.equal(list.description, 'Lists items');
  assert.equal(list.codeDir, fixture('serverless'));
  const ingest = byName(functions, 'ingest');
  assert.equal(ingest.runtime, 'python3.12');
  assert.equal(ingest.memorySize, 2048);
  assert.equal(ingest.timeout, 120);
  assert.equal(ingest.functionName, 'shop-ingest-dev');
});

test('serverless.yml: self references and defaults resolve; the rest is a warning and an empty variable', () => {
  assert.deepEqual(byName(functions, 'listItems').environment, { TABLE: 'shop-dev-items', RETRIES: '3', SECRET: '' });
  assert.deepEqual(byName(functions, 'ingest').environment, {
    TABLE: 'shop-dev-items',
    RETRIES: '3',
    SECRET: '',
    MODE: 'batch',
  });
  const secret = brief(diagnostics).filter((d) => d.includes('SECRET'));
  assert.equal(secret.length, 1, 'said once for the provider, not once per function');
  assert.match(
    secret[0],
    /^20:4 warning provider: environment variable SECRET can't be resolved locally \(\$\{ssm:\/shop\/secret\} needs a value known only at deploy time\)/,
  );
});

test('serverless.yml: events mapped to SAM types', () => {
  const list = byName(functions, 'listItems').events;
  assert.deepEqual(
    list.map((e) => [e.name, e.type, e.properties.Path, e.properties.Method]),
    [
      ['Api0', 'Api', 'items', 'get'],
      ['HttpApi1', 'HttpApi', '/items/{id}', 'get'],
      ['Schedule2', 'Schedule', undefined, undefined],
    ],
  );
  assert.equal(list[2].properties.Schedule, 'rate(10 minutes)');
  assert.equal(list[0].position?.line, 27);
  const ingest = byName(functions, 'ingest').events;
  assert.deepEqual(
    ingest.map((e) => e.type),
    ['S3', 'SQS', 'SNS', 'DynamoDB', 'Kinesis'],
  );
  assert.equal(ingest[0].properties.Bucket, 'uploads');
  assert.equal(ingest[1].properties.Queue, 'arn:aws:sqs:eu-west-1:123456789012:jobs');
  assert.equal(ingest[1].properties.BatchSize, 5);
  assert.equal(ingest[2].properties.Topic, 'alerts');
  assert.equal(ingest[4].properties.Stream, 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks');
});

test('serverless.yml: handlers resolved, and a handler pointing nowhere is an error at its line', () => {
  assert.equal(byName(functions, 'listItems').handlerFile, fixture('serverless', 'src', 'items.js'));
  assert.equal(byName(functions, 'listItems').handlerLine, 0);
  assert.equal(byName(functions, 'ingest').handlerFile, fixture('serverless', 'handlers', 'ingest.py'));
  assert.equal(byName(functions, 'ingest').handlerLine, 3);
  const errors = brief(diagnostics.filter((d) => d.severity === 'error'));
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^53:4 error broken: Handler "src\/missing.handler" points nowhere/);
});

test('serverless.yml: an explicit stage and nested variables', () => {
  const text = [
    'service: { name: app }',
    'provider:',
    '  name: aws',
    '  runtime: python3.12',
    '  stage: prod',
    'custom:',
    '  sizes: { prod: 1024, dev: 128 }',
    'functions:',
    '  f:',
    '    handler: h.main',
    '    memorySize: ${self:custom.sizes.${self:provider.stage}}',
    '    timeout: ${env:TIMEOUT, 30}',
  ].join('\n');
  const result = discoverFile('/nowhere/serverless.yml', text);
  const fn = result.functions[0];
  assert.equal(fn.functionName, 'app-prod-f');
  assert.equal(fn.memorySize, 1024);
  assert.equal(fn.timeout, 30);
});
