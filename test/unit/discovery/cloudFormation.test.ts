import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';
import { brief, byName, discoverFixture, fixture } from './fixtures';

test('plain CloudFormation in a file not named template.yaml: Code as a local path, literal role, events from other resources', () => {
  const { functions } = discoverFixture('cfn', 'stack.yaml');
  assert.deepEqual(
    functions.map((f) => f.name),
    ['WorkerFunction', 'InlineFunction', 'S3Function'],
  );
  const worker = byName(functions, 'WorkerFunction');
  assert.equal(worker.source, 'cloudformation');
  assert.equal(worker.functionName, 'worker');
  assert.equal(worker.runtime, 'nodejs22.x');
  assert.equal(worker.memorySize, 1024);
  assert.equal(worker.timeout, 60);
  assert.equal(worker.role, 'arn:aws:iam::123456789012:role/worker-role');
  assert.deepEqual(worker.environment, { BUCKET: 'local-bucket', COUNT: '3' });
  assert.equal(worker.codeDir, fixture('cfn', 'src'));
  assert.equal(worker.handlerFile, fixture('cfn', 'src', 'index.js'));
  assert.equal(worker.handlerLine, 3, 'module.exports = { handler } leads to the function definition');
  assert.deepEqual(
    worker.events.map((e) => [e.name, e.type, e.position?.line]),
    [
      ['WorkerMapping', 'SQS', 38],
      ['EveryHour', 'Schedule', 44],
    ],
  );
  assert.equal(worker.events[0].properties.BatchSize, 5);
});

test('CloudFormation: inline ZipFile code points into the template; S3-only code is reported, not looked for', () => {
  const { functions, diagnostics } = discoverFixture('cfn', 'stack.yaml');
  const inline = byName(functions, 'InlineFunction');
  assert.equal(inline.handlerFile, fixture('cfn', 'stack.yaml'));
  assert.equal(inline.handlerLine, 25);
  assert.equal(inline.role, undefined, 'a role from !GetAtt is not a literal');
  const s3 = byName(functions, 'S3Function');
  assert.equal(s3.handlerFile, undefined);
  assert.deepEqual(brief(diagnostics), [
    '33:6 info S3Function: the code is only in S3 ({"S3Bucket":"my-artifacts","S3Key":"worker.zip"}), so it cannot be run locally',
  ]);
});

test('a YAML file without Lambda functions is not a template', () => {
  assert.deepEqual(discoverFixture('cfn', 'notes.yaml'), { functions: [], diagnostics: [] });
  const parameterOnly = 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n# AWS::Lambda::Function in a comment\n';
  assert.deepEqual(discoverFile('/w/other.yaml', parameterOnly), { functions: [], diagnostics: [] });
});

test('CDK: cdk.out templates, code from the aws:asset:path folder, CDK helper functions left out', () => {
  const { functions, diagnostics } = discoverFixture('cdk', 'cdk.out', 'CdkStack.template.json');
  assert.deepEqual(
    functions.map((f) => f.name),
    ['ApiHandler5E7490E8'],
  );
  const fn = functions[0];
  assert.equal(fn.source, 'cdk');
  assert.equal(fn.codeDir, fixture('cdk', 'cdk.out', 'asset.5f2c0d9e3b'));
  assert.equal(fn.handlerFile, fixture('cdk', 'cdk.out', 'asset.5f2c0d9e3b', 'index.js'));
  assert.equal(fn.handlerLine, 3);
  assert.equal(fn.memorySize, 256);
  // The table sets no TableName: its Ref stands for the logical id, as in `sam local`.
  assert.deepEqual(fn.environment, { TABLE_NAME: 'Table7B0C8B2F' });
  assert.deepEqual(diagnostics, []);
});

test('CloudFormation: a bucket notification names its bucket, BucketName when set as a string, else the logical id', () => {
  const bucket = (id: string, name?: string) => [
    `  ${id}:`,
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    ...(name ? [`      BucketName: ${name}`] : []),
    '      NotificationConfiguration:',
    '        LambdaConfigurations:',
    '          - Event: s3:ObjectCreated:*',
    '            Function: !GetAtt Resize.Arn',
  ];
  const text = [
    'Resources:',
    '  Resize:',
    '    Type: AWS::Lambda::Function',
    '    Properties: { Runtime: nodejs20.x, Handler: index.handler, Code: src/, Role: arn:aws:iam::123456789012:role/r }',
    ...bucket('Named', 'uploads-prod'),
    ...bucket('Unnamed'),
    '',
  ].join('\n');
  const [fn] = discoverFile('/w/stack.yaml', text).functions;
  assert.deepEqual(
    fn.events.map((e) => [e.type, e.sourceName]),
    [
      ['S3', 'uploads-prod'],
      ['S3', 'Unnamed'],
    ],
  );
});
