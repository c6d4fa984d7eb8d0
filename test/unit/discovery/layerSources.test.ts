import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Parameters:
  InsightsLayer:
    Type: String
    Default: arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:38
Globals:
  Function:
    Layers: [!Ref LocalLayer]
Resources:
  LocalLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
    Metadata:
      BuildMethod: nodejs20.x
  S3Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: { S3Bucket: my-bucket, S3Key: layer.zip }
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
      Layers:
        - !Ref InsightsLayer
        - !Ref S3Layer
        - !GetAtt Queue.Arn
`;

test('template layers: local ones by Ref with their folder and BuildMethod, ARNs from parameters, the rest reported', () => {
  const file = join('/work', 'project', 'template.yaml');
  const { functions, diagnostics } = discoverFile(file, TEMPLATE);
  const [fn] = functions;
  assert.deepEqual(fn.layerSources, [
    { ref: 'LocalLayer', contentDir: join('/work', 'project', 'layer'), buildMethod: 'nodejs20.x' },
    {
      ref: 'arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:38',
      arn: 'arn:aws:lambda:eu-west-1:580247275435:layer:LambdaInsightsExtension:38',
    },
  ]);
  const messages = diagnostics.map((d) => `${d.line + 1}: ${d.message}`);
  assert.ok(
    messages.includes(
      '30: Fn: the layer S3Layer cannot be given to the function locally: its content is only in S3 ({"S3Bucket":"my-bucket","S3Key":"layer.zip"})',
    ),
    messages.join('\n'),
  );
  assert.ok(
    messages.includes(
      '31: Fn: a layer cannot be given to the function locally: Queue is not a layer resource of this template',
    ),
    messages.join('\n'),
  );
});

test("serverless.yml layers: a declared layer with a path by { Ref: <Name>LambdaLayer } (the framework's logical id: first letter upper-cased, - as Dash), provider layers as the default", () => {
  const file = join('/work', 'svc', 'serverless.yml');
  const text = `service: svc
provider:
  name: aws
  runtime: nodejs20.x
  layers:
    - { Ref: SharedDashutilsLambdaLayer }
layers:
  shared-utils:
    path: layers/shared
functions:
  a:
    handler: a.handler
  b:
    handler: b.handler
    layers:
      - arn:aws:lambda:us-east-1:123456789012:layer:tools:2
      - { Ref: MissingLambdaLayer }
`;
  const { functions, diagnostics } = discoverFile(file, text);
  const byName = Object.fromEntries(functions.map((fn) => [fn.name, fn]));
  assert.deepEqual(byName.a.layerSources, [
    { ref: 'shared-utils', contentDir: join('/work', 'svc', 'layers', 'shared') },
  ]);
  assert.deepEqual(byName.b.layerSources, [
    {
      ref: 'arn:aws:lambda:us-east-1:123456789012:layer:tools:2',
      arn: 'arn:aws:lambda:us-east-1:123456789012:layer:tools:2',
    },
  ]);
  assert.ok(
    diagnostics.some(
      (d) =>
        d.message ===
        'b: a layer cannot be given to the function locally: MissingLambdaLayer names no layer with a path under layers:',
    ),
  );
});
