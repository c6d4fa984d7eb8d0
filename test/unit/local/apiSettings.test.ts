import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localApiId, samSettings, serverlessSettings } from '../../../src/core/local/apiGateway/apiSettings';
import { contextFor } from '../../../src/core/discovery/intrinsics';
import { parseTemplate } from '../../../src/core/local/cfnTemplate';

const template = parseTemplate(`
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors: "'*'"
    BinaryMediaTypes: ['image~1png']
  HttpApi:
    CorsConfiguration: true
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Variables:
        table: orders
      Cors:
        AllowOrigin: "'https://shop.test'"
  PublicHttp:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: live
      StageVariables:
        mode: fast
`);

test('implicit APIs: REST stage Prod with Globals.Api, HTTP stage $default with Globals.HttpApi', () => {
  const rest = samSettings(template, { name: 'E', type: 'Api', properties: { Path: '/a', Method: 'get' } });
  assert.equal(rest.logicalId, 'ServerlessRestApi');
  assert.equal(rest.stage, 'Prod');
  assert.deepEqual(rest.cors?.allowOrigins, ['*']);
  assert.deepEqual(rest.binaryMediaTypes, ['image/png']);
  assert.equal(rest.apiId, localApiId('ServerlessRestApi'));
  assert.match(rest.apiId, /^[0-9a-f]{10}$/);
  const http = samSettings(template, { name: 'E', type: 'HttpApi', properties: {} });
  assert.equal(http.stage, '$default');
  assert.deepEqual(http.cors?.allowOrigins, ['*']);
  assert.deepEqual(http.binaryMediaTypes, []);
});

test('RestApiId / ApiId references pick the API resource, its stage, variables and CORS', () => {
  const rest = samSettings(template, { name: 'E', type: 'Api', properties: { RestApiId: { Ref: 'ShopApi' } } });
  assert.deepEqual(
    [rest.logicalId, rest.stage, rest.stageVariables, rest.cors?.allowOrigins],
    ['ShopApi', 'v1', { table: 'orders' }, ['https://shop.test']],
  );
  const http = samSettings(template, { name: 'E', type: 'HttpApi', properties: { ApiId: { Ref: 'PublicHttp' } } });
  assert.deepEqual([http.logicalId, http.stage, http.stageVariables], ['PublicHttp', 'live', { mode: 'fast' }]);
  assert.throws(
    () => samSettings(template, { name: 'Get', type: 'Api', properties: { RestApiId: { Ref: 'Missing' } } }),
    /event Get: RestApiId refers to Missing, which is not a resource/,
  );
});

test('serverless.yml: provider stage, http event cors, provider.httpApi.cors and binary media types', () => {
  const doc = parseTemplate(`
service: shop
provider:
  name: aws
  stage: qa
  apiGateway:
    binaryMediaTypes: ['application/pdf']
  httpApi:
    cors: true
`);
  const rest = serverlessSettings(doc, {
    name: 'Api0',
    type: 'Api',
    properties: { Path: 'a', Method: 'get', cors: true },
  });
  assert.deepEqual([rest.stage, rest.cors?.allowOrigins, rest.binaryMediaTypes], ['qa', ['*'], ['application/pdf']]);
  const http = serverlessSettings(doc, {
    name: 'HttpApi0',
    type: 'HttpApi',
    properties: { Path: '$default', Method: 'any' },
  });
  assert.deepEqual([http.stage, http.cors?.allowOrigins], ['$default', ['*']]);
});

test("intrinsics in an API's settings resolve as discovery resolves them: parameters, conditions, a nested stack's values", () => {
  const doc = parseTemplate(`
Parameters:
  Stage: { Type: String, Default: beta }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Variables: { mode: !If [IsProd, strict, relaxed] }
`);
  const event = { name: 'E', type: 'Api', properties: { RestApiId: { Ref: 'Api' } } };
  assert.deepEqual(
    [samSettings(doc, event).stage, samSettings(doc, event).stageVariables],
    ['beta', { mode: 'relaxed' }],
  );
  const nested = contextFor(doc, { parameterOverrides: { Stage: 'prod' } });
  assert.deepEqual(
    [samSettings(doc, event, nested).stage, samSettings(doc, event, nested).stageVariables],
    ['prod', { mode: 'strict' }],
  );
});
