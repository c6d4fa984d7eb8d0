import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brief, byName, discoverFixture, fixture } from './fixtures';

const { functions, diagnostics } = discoverFixture('serverless-plugins', 'serverless.yml');

test('serverless-lift: a queue construct’s worker is a function named <id>Worker with the construct’s SQS event', () => {
  const worker = byName(functions, 'jobsWorker');
  assert.equal(worker.source, 'serverless');
  assert.equal(worker.handler, 'src/worker.handler');
  assert.equal(worker.handlerFile, fixture('serverless-plugins', 'src', 'worker.js'));
  assert.equal(worker.timeout, 30);
  assert.equal(worker.functionName, 'reports-dev-jobsWorker');
  assert.deepEqual(worker.environment, { BUCKET: 'reports-dev' });
  assert.deepEqual(
    worker.events.map((e) => [
      e.name,
      e.type,
      e.properties.Queue,
      e.properties.BatchSize,
      e.properties.MaximumBatchingWindowInSeconds,
    ]),
    [['jobsQueue', 'SQS', '${construct:jobs.queueArn}', 5, 10]],
  );
  assert.deepEqual(worker.events[0].properties.FunctionResponseTypes, ['ReportBatchItemFailures']);
});

test('serverless-lift: a webhook construct’s authorizer is a function with its HTTP API authorizer event; storage adds none', () => {
  const authorizer = byName(functions, 'stripeAuthorizer');
  assert.equal(authorizer.handler, 'src/authorizer.main');
  assert.deepEqual(
    authorizer.events.map((e) => [e.type, e.properties.Path]),
    [['HttpApiAuthorizer', '/stripe']],
  );
  assert.deepEqual(functions.map((fn) => fn.name).sort(), [
    'jobsWorker',
    'notify',
    'publisher',
    'render',
    'stripeAuthorizer',
  ]);
});

test('serverless-step-functions: Task states become events of the functions they run, nested branches included', () => {
  assert.deepEqual(
    byName(functions, 'render').events.map((e) => [e.name, e.type, e.properties.StateMachine]),
    [['ReportFlow.Render', 'StepFunctionsTask', 'ReportFlow']],
  );
  assert.deepEqual(
    byName(functions, 'notify').events.map((e) => e.name),
    ['ReportFlow.Notify'],
  );
});

test('serverless.yml url: true, or with aws_iam, RESPONSE_STREAM and cors', () => {
  assert.deepEqual(byName(functions, 'render').url?.authType, 'NONE');
  assert.deepEqual(byName(functions, 'render').url?.invokeMode, 'BUFFERED');
  const url = byName(functions, 'publisher').url!;
  assert.equal(url.authType, 'AWS_IAM');
  assert.equal(url.invokeMode, 'RESPONSE_STREAM');
  assert.deepEqual(url.cors?.AllowOrigins, ['https://app.example.com']);
  assert.equal(byName(functions, 'notify').url, undefined);
  assert.deepEqual(brief(diagnostics.filter((d) => d.severity !== 'info')), []);
});
