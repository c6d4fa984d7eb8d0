import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverFile, parseParameterOverrides } from '../../../src/core/discovery';
import { contextFor, resolveIntrinsics, tryResolve } from '../../../src/core/discovery/intrinsics';
import { ServerlessVariables, UnresolvedVariable } from '../../../src/core/discovery/serverlessVariables';

test("parameter overrides in SAM's two forms, quotes keeping spaces; anything else is named", () => {
  assert.deepEqual(parseParameterOverrides("Stage=prod Size=256 Name='two words' Empty="), {
    Stage: 'prod',
    Size: '256',
    Name: 'two words',
    Empty: '',
  });
  assert.deepEqual(
    parseParameterOverrides('ParameterKey=Stage,ParameterValue=qa ParameterKey=Url,ParameterValue=a=b,c'),
    { Stage: 'qa', Url: 'a=b,c' },
  );
  assert.throws(() => parseParameterOverrides('Stage'), /cannot read parameter override 'Stage'/);
  assert.throws(() => parseParameterOverrides("Stage='open"), /unclosed ' in parameter overrides/);
});

test('overrides win over Defaults (lists split like CommaDelimitedList); pseudo parameters follow region, account and partition', () => {
  const template = {
    Parameters: {
      Stage: { Default: 'dev' },
      Zones: { Type: 'CommaDelimitedList', Default: 'a' },
      NoDefault: { Type: 'String' },
    },
  };
  const ctx = contextFor(template, {
    parameterOverrides: { Stage: 'prod', Zones: 'x, y', NoDefault: 'given' },
    region: 'cn-north-1',
    accountId: '210987654321',
    stackName: 'shop',
  });
  assert.equal(resolveIntrinsics({ Ref: 'Stage' }, ctx), 'prod');
  assert.deepEqual(resolveIntrinsics({ Ref: 'Zones' }, ctx), ['x', 'y']);
  assert.equal(resolveIntrinsics({ Ref: 'NoDefault' }, ctx), 'given');
  assert.equal(
    resolveIntrinsics(
      { 'Fn::Sub': '${AWS::Partition}:${AWS::Region}:${AWS::AccountId}:${AWS::StackName}:${AWS::URLSuffix}' },
      ctx,
    ),
    'aws-cn:cn-north-1:210987654321:shop:amazonaws.com.cn',
  );
  assert.equal(resolveIntrinsics({ Ref: 'AWS::Partition' }, contextFor({}, { region: 'us-gov-west-1' })), 'aws-us-gov');
});

test("a resource's Ref and GetAtt stand for its deployed name in environment variables only", () => {
  const resources = {
    Named: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': 'orders-${Stage}' } } },
    Unnamed: { Type: 'AWS::DynamoDB::Table' },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
    Topic: { Type: 'AWS::SNS::Topic' },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'uploads' } },
    Custom: { Type: 'Custom::Thing' },
  };
  const base = contextFor(
    { Parameters: { Stage: { Default: 'dev' } } },
    { region: 'eu-west-1', accountId: '210987654321' },
  );
  const env = { ...base, resources };
  assert.equal(resolveIntrinsics({ Ref: 'Named' }, env), 'orders-dev');
  assert.equal(resolveIntrinsics({ Ref: 'Unnamed' }, env), 'Unnamed');
  assert.equal(
    resolveIntrinsics({ 'Fn::GetAtt': ['Named', 'Arn'] }, env),
    'arn:aws:dynamodb:eu-west-1:210987654321:table/orders-dev',
  );
  assert.equal(resolveIntrinsics({ Ref: 'Queue' }, env), 'https://sqs.eu-west-1.amazonaws.com/210987654321/jobs');
  assert.equal(resolveIntrinsics({ 'Fn::Sub': '${Queue.Arn}' }, env), 'arn:aws:sqs:eu-west-1:210987654321:jobs');
  assert.equal(resolveIntrinsics({ Ref: 'Topic' }, env), 'arn:aws:sns:eu-west-1:210987654321:Topic');
  assert.equal(resolveIntrinsics({ 'Fn::GetAtt': 'Bucket.Arn' }, env), 'arn:aws:s3:::uploads');
  assert.equal(resolveIntrinsics({ Ref: 'Custom' }, env), 'Custom');
  assert.equal(tryResolve({ 'Fn::GetAtt': ['Named', 'StreamArn'] }, env), undefined);
  assert.equal(
    tryResolve({ Ref: 'Named' }, base),
    undefined,
    'outside environment variables a resource stays unresolved',
  );
});

test('an unresolvable environment variable is a warning naming it, and env.json can give it', () => {
  const text = [
    'Resources:',
    '  T: { Type: AWS::DynamoDB::Table }',
    '  F:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    '      InlineCode: exports.handler = 1',
    '      Environment:',
    '        Variables:',
    '          STREAM: !GetAtt T.StreamArn',
  ].join('\n');
  const { functions, diagnostics } = discoverFile('/w/template.yaml', text);
  assert.equal(functions[0].environment.STREAM, '');
  assert.deepEqual(
    diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
    [
      "10:10 F: environment variable STREAM can't be resolved locally (!GetAtt T.StreamArn is known only once deployed); it is set to an empty string — give it a value in env.json",
    ],
  );
});

test('Serverless: --stage and --region first, then provider, then dev and us-east-1; env and file sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sls-vars-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'config.yml'), 'db: { name: main, port: 5432 }\nlist: [1, 2]\n');
  writeFileSync(join(dir, 'plain.json'), '{"a": {"b": "from json"}}');
  const root = {
    provider: { stage: 'qa', region: 'eu-west-2' },
    custom: { table: '${self:service}-${sls:stage}' },
    service: 'shop',
  };
  const vars = new ServerlessVariables(root, {
    dir,
    resolution: { options: { stage: 'prod' }, env: { MODE: 'loud' } },
  });
  assert.equal(vars.stage, 'prod');
  assert.equal(vars.region, 'eu-west-2');
  assert.equal(vars.resolve('${self:custom.table}'), 'shop-prod');
  assert.equal(vars.resolve('${opt:stage}/${opt:region}'), 'prod/eu-west-2');
  assert.equal(vars.resolve('${env:MODE}'), 'loud');
  assert.equal(vars.resolve("${env:MISSING, 'fallback'}"), 'fallback');
  assert.equal(vars.resolve('${file(./config.yml):db.port}'), 5432);
  assert.deepEqual(vars.resolve('${file(./config.yml)}'), { db: { name: 'main', port: 5432 }, list: [1, 2] });
  assert.equal(vars.resolve('${file(plain.json):a.b}'), 'from json');
  const defaults = new ServerlessVariables({ provider: {} });
  assert.deepEqual([defaults.stage, defaults.region], ['dev', 'us-east-1']);
  const failures: Array<[string, RegExp]> = [
    [
      '${env:MISSING}',
      /^\$\{env:MISSING\} has no value: MISSING is not set in the environment, and there is no default$/,
    ],
    ['${opt:color}', /^\$\{opt:color\} has no value: pass --color on the command line, or give it a default$/],
    [
      '${self:custom.nothing}',
      /^\$\{self:custom.nothing\} has no value: serverless.yml has nothing at custom.nothing$/,
    ],
    ['${file(./none.yml)}', /^\$\{file\(\.\/none\.yml\)\} cannot be read: no such file .*none\.yml$/],
    [
      '${file(./config.yml):db.user}',
      /^\$\{file\(\.\/config\.yml\):db\.user\} has no value: \.\/config\.yml has nothing at db\.user$/,
    ],
    ['${file(./handler.js):value}', /only YAML and JSON files are read locally/],
    ['${ssm:/x}', /^\$\{ssm:\/x\} needs a value known only at deploy time$/],
  ];
  for (const [text, message] of failures) {
    assert.throws(
      () => vars.resolve(text),
      (error: Error) => error instanceof UnresolvedVariable && message.test(error.message),
      text,
    );
  }
});
