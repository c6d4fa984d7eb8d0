import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';
import { brief, byName, discoverFixture, fixture } from './fixtures';

const sam = discoverFixture('sam-app', 'template.yaml');
const template = fixture('sam-app', 'template.yaml');

test('SAM: Globals.Function merged into every function, the function winning', () => {
  const orders = byName(sam.functions, 'OrdersFunction');
  assert.equal(orders.source, 'sam');
  assert.equal(orders.id, `${template}#OrdersFunction`);
  assert.equal(orders.runtime, 'nodejs20.x');
  assert.equal(orders.memorySize, 512);
  assert.equal(orders.timeout, 15);
  assert.deepEqual(orders.architectures, ['arm64']);
  assert.equal(orders.logFormat, 'JSON');
  assert.deepEqual(orders.layers, ['SharedLayer', 'arn:aws:lambda:us-east-1:123456789012:layer:extra:3']);
  const reports = byName(sam.functions, 'ReportsFunction');
  assert.equal(reports.runtime, 'python3.12');
  assert.deepEqual(reports.architectures, ['x86_64']);
  assert.deepEqual(reports.layers, ['SharedLayer']);
  assert.deepEqual(reports.environment, { STAGE: 'test', REGION: 'us-east-1', LOG_LEVEL: 'debug' });
});

test('SAM: environment merges Globals and the function, intrinsics resolved locally as sam local does', () => {
  const orders = byName(sam.functions, 'OrdersFunction');
  assert.deepEqual(orders.environment, {
    STAGE: 'test',
    REGION: 'us-east-1',
    LOG_LEVEL: 'debug',
    TABLE: 'orders-table',
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/OrdersQueue',
    MODE: 'sandbox',
    JOINED: 'a-test',
  });
  assert.equal(
    sam.diagnostics.find((d) => d.message.includes('QUEUE_URL')),
    undefined,
  );
});

test('SAM: name, role, concurrency, description and the template position', () => {
  const orders = byName(sam.functions, 'OrdersFunction');
  assert.equal(orders.functionName, 'test-orders');
  assert.equal(orders.role, 'arn:aws:iam::123456789012:role/orders-role');
  assert.equal(orders.reservedConcurrency, 5);
  assert.equal(orders.provisionedConcurrency, 2);
  assert.equal(orders.description, 'Takes orders from every channel.');
  assert.deepEqual(orders.templatePosition, { file: template, line: 37, column: 2 });
});

test('SAM: every event is kept with its type, properties as written and position', () => {
  const events = byName(sam.functions, 'OrdersFunction').events;
  assert.deepEqual(
    events.map((e) => `${e.name}:${e.type}`),
    [
      'RestOrders:Api',
      'HttpOrders:HttpApi',
      'Queue:SQS',
      'Uploads:S3',
      'Topic:SNS',
      'Nightly:Schedule',
      'TableStream:DynamoDB',
      'Clicks:Kinesis',
      'Placed:EventBridgeRule',
      'Logs:CloudWatchLogs',
    ],
  );
  assert.deepEqual(events[0].properties, { Path: '/orders', Method: 'post' });
  assert.deepEqual(events[2].properties, { Queue: { 'Fn::GetAtt': ['OrdersQueue', 'Arn'] }, BatchSize: 10 });
  assert.deepEqual(events[3].properties.Bucket, { Ref: 'UploadBucket' });
  assert.deepEqual(events[0].position, { file: template, line: 57, column: 8 });
  assert.deepEqual(events[9].position, { file: template, line: 100, column: 8 });
});

test('SAM: handlers map to their sources — esbuild EntryPoints to the .ts file, Python modules, Go main packages', () => {
  const orders = byName(sam.functions, 'OrdersFunction');
  assert.equal(orders.codeDir, fixture('sam-app', 'orders') + '/');
  assert.equal(orders.handlerFile, fixture('sam-app', 'orders', 'src', 'app.ts'));
  assert.equal(orders.handlerLine, 6);
  const reports = byName(sam.functions, 'ReportsFunction');
  assert.equal(reports.handlerFile, fixture('sam-app', 'py', 'reports', 'build.py'));
  assert.equal(reports.handlerLine, 8);
  const go = byName(sam.functions, 'GoFunction');
  assert.equal(go.handlerFile, fixture('sam-app', 'go', 'main.go'));
  assert.equal(go.handlerLine, 12);
});

test('SAM: out-of-range memory and timeout and unknown runtimes are warnings at their lines', () => {
  const warnings = brief(sam.diagnostics.filter((d) => d.severity === 'warning'));
  assert.equal(warnings.length, 3);
  assert.deepEqual(brief(sam.diagnostics.filter((d) => d.severity === 'info')), [
    '0:0 info AWS::AccountId is the placeholder 123456789012 here: no AWS credentials said which account (choose a profile to use its account)',
  ]);
  assert.match(
    warnings[0],
    /^117:6 warning ReportsFunction: MemorySize 64 MB is outside Lambda's range of 128 to 10240 MB$/,
  );
  assert.match(
    warnings[1],
    /^118:6 warning ReportsFunction: Timeout 1000 s is outside Lambda's range of 1 to 900 seconds$/,
  );
  assert.match(warnings[2], /^135:6 warning LegacyFunction: Unknown runtime "nodejs99.x"/);
  assert.equal(byName(sam.functions, 'ReportsFunction').memorySize, 64);
});

test('JSON templates: parsed with positions, Ref and Sub resolved', () => {
  const { functions, diagnostics } = discoverFixture('json-template', 'template.json');
  assert.deepEqual(diagnostics, []);
  const fn = byName(functions, 'JsonFunction');
  assert.deepEqual(fn.environment, { GREETING: 'hi', HOST: 'api.us-east-1.example.com' });
  assert.equal(fn.handlerFile, fixture('json-template', 'fn', 'main.mjs'));
  assert.equal(fn.handlerLine, 2);
  assert.deepEqual(fn.templatePosition?.line, 5);
  assert.deepEqual(fn.events[0].position?.line, 12);
});

test('a JSON template with a syntax error: an error at the exact line and column', () => {
  const text = '{\n  "Resources": {\n    "F": { "Type": "AWS::Lambda::Function", }\n  }\n}\n';
  const { functions, diagnostics } = discoverFile('/tmp/x/template.json', text);
  assert.deepEqual(functions, []);
  assert.deepEqual(brief(diagnostics), [
    "2:44 error JSON syntax error: Trailing comma before '}' is not allowed in JSON",
  ]);
});

test('the examples template: every function has its handler file and line', () => {
  const path = join(__dirname, '..', '..', '..', 'examples', 'template.yaml');
  const { functions, diagnostics } = discoverFile(path, readFileSync(path, 'utf8'));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  for (const name of [
    'HelloFunction',
    'EsmFunction',
    'TypeScriptFunction',
    'CallbackFunction',
    'ImageResizeFunction',
  ]) {
    assert.ok(
      functions.some((f) => f.name === name),
      `${name} is discovered`,
    );
  }
  for (const fn of functions) {
    assert.ok(fn.handlerFile, `${fn.name} has a handlerFile`);
    assert.equal(typeof fn.handlerLine, 'number', `${fn.name} has a handlerLine`);
    const line = readFileSync(fn.handlerFile, 'utf8').split('\n')[fn.handlerLine!];
    // A Go handler string names the executable (bootstrap); its definition is the function lambda.Start runs.
    const defined = fn.handlerFile.endsWith('.go')
      ? /^func \w+\(/
      : new RegExp(`\\b${fn.handler.split('.').pop()!}\\b`);
    assert.match(line, defined, `${fn.name}: line ${fn.handlerLine} of ${fn.handlerFile}`);
  }
  assert.equal(byName(functions, 'TypeScriptFunction').handlerFile, join(path, '..', 'ts-app', 'src', 'app.ts'));
});

test('SAM: an S3 event names its bucket, BucketName when the template sets one, else the logical id', () => {
  assert.equal(byName(sam.functions, 'OrdersFunction').events[3].sourceName, 'UploadBucket');
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Parameters:',
    '  Stage: { Type: String, Default: dev }',
    'Resources:',
    '  Thumbnails:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: index.handler',
    '      CodeUri: src/',
    '      Events:',
    '        Uploaded:',
    '          Type: S3',
    '          Properties: { Bucket: !Ref Photos, Events: s3:ObjectCreated:* }',
    '  Photos:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: !Sub photos-${Stage}',
    '',
  ].join('\n');
  const [fn] = discoverFile('/w/template.yaml', text).functions;
  assert.equal(fn.events[0].sourceName, 'photos-dev');
  assert.deepEqual(fn.events[0].properties.Bucket, { Ref: 'Photos' }, 'the properties stay as written');
});
