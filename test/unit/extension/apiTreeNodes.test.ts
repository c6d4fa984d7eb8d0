import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFile } from '../../../src/core/discovery';
import { outlineApis } from '../../../src/core/local/apiGateway/apiOutline';
import { apiDescription, describeEventSource, routeLabel } from '../../../src/extension/tree/nodes';

test('the tree lists each API with its routes and the function each reaches, whatever declared it', () => {
  const root = mkdtempSync(join(tmpdir(), 'lwb-api-tree-'));
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'src', 'index.js'),
    'exports.handler = async () => ({ statusCode: 200 });\nexports.auth = async () => ({ isAuthorized: true });\n',
  );
  writeFileSync(
    join(root, 'template.yaml'),
    `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: nodejs20.x, CodeUri: src/ }
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        List: { Type: Api, Properties: { Path: /orders, Method: get, Auth: { ApiKeyRequired: true } } }
  Authorizer:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.auth }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, Target: !GetAtt Orders.Arn }
  Guarded:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Key
        Authorizers:
          Key: { FunctionArn: !GetAtt Authorizer.Arn, AuthorizerPayloadFormatVersion: '2.0', EnableSimpleResponses: true, Identity: { Headers: [x-key] } }
      DefinitionBody:
        openapi: '3.0.1'
        paths:
          /guarded/{id}:
            post:
              x-amazon-apigateway-integration: { type: aws_proxy, payloadFormatVersion: '2.0', uri: !GetAtt Orders.Arn }
`,
  );
  const path = join(root, 'template.yaml');
  const { functions } = discoverFile(path, readFileSync(path, 'utf8'));
  const { apis, error } = outlineApis(functions);
  assert.equal(error, undefined);
  const byName = Object.fromEntries(apis.map((api) => [api.name, api]));
  assert.deepEqual(Object.keys(byName).sort(), ['Guarded', 'Quick', 'ServerlessRestApi']);
  assert.ok(apis.every((api) => api.template === path));
  assert.equal(apiDescription(byName.ServerlessRestApi), 'REST API · stage Prod · 1 route');
  assert.deepEqual(routeLabel(byName.ServerlessRestApi.routes[0]), {
    label: 'GET /orders',
    description: '→ Orders · API key',
  });
  assert.deepEqual(routeLabel(byName.Quick.routes[0]), { label: '$default', description: '→ Orders' });
  assert.deepEqual(routeLabel(byName.Guarded.routes[0]), {
    label: 'POST /guarded/{id}',
    description: '→ Orders · Lambda authorizer',
  });
});

test('an API the local gateway cannot serve gives its reason to the tree instead of failing it', () => {
  const root = mkdtempSync(join(tmpdir(), 'lwb-api-tree-bad-'));
  writeFileSync(join(root, 'index.js'), 'exports.handler = async () => ({});\n');
  const path = join(root, 'template.yaml');
  writeFileSync(
    path,
    `Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, CodeUri: . }
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, Target: !GetAtt Missing.Arn }
`,
  );
  const { functions } = discoverFile(path, readFileSync(path, 'utf8'));
  const { apis, error } = outlineApis(functions);
  assert.deepEqual(apis, []);
  assert.match(error ?? '', /^Api: Target .*Missing.* does not point at a function of the template$/);
});

test('an S3 event source reads as its bucket, not as the Ref written in the template', () => {
  const source = {
    name: 'Uploads',
    type: 'S3',
    properties: { Bucket: { Ref: 'SourceBucket' }, Events: 's3:ObjectCreated:*' },
  };
  assert.equal(describeEventSource({ ...source, sourceName: 'photos-dev' }), 'photos-dev s3:ObjectCreated:*');
  assert.equal(describeEventSource({ ...source, sourceName: 'SourceBucket' }), 'SourceBucket s3:ObjectCreated:*');
});
