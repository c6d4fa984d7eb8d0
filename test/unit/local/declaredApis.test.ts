import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverFile } from '../../../src/core/discovery';
import { templateApiSettings } from '../../../src/core/local/apiGateway/apiSettings';
import { policyAllows } from '../../../src/core/local/apiGateway/auth/policy';
import { declaredApis } from '../../../src/core/local/apiGateway/declared/declaredApis';

function discover(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'lwb-declared-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const path = join(root, 'template.yaml');
  return discoverFile(path, readFileSync(path, 'utf8')).functions;
}

const functionsYaml = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: { Runtime: nodejs20.x, CodeUri: ./ }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Open: { Type: Api, Properties: { Path: /open, Method: get, RestApiId: !Ref Rest, Auth: { Authorizer: NONE } } }
        Guarded: { Type: Api, Properties: { Path: /guarded, Method: get, RestApiId: !Ref Rest } }
        Jwt: { Type: HttpApi, Properties: { Path: /me, Method: get, ApiId: !Ref Http, Auth: { Authorizer: Oidc, AuthorizationScopes: [read] } } }
  Auth:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.auth }
`;

test('DefinitionUri and BodyS3Location files next to the template are read; an S3-only definition is a note', () => {
  const functions = discover({
    'index.js': 'exports.handler = async () => ({});\nexports.auth = async () => ({});\n',
    'template.yaml': `${functionsYaml}  Rest:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionUri: ./rest.yaml
      Auth:
        DefaultAuthorizer: Token
        Authorizers:
          Token: { FunctionArn: !GetAtt Auth.Arn, Identity: { Header: X-Token, ValidationExpression: 'tok-.*' } }
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        Authorizers:
          Oidc: { JwtConfiguration: { issuer: 'https://id.test', audience: [app] }, IdentitySource: $request.header.Authorization }
  Raw:
    Type: AWS::ApiGateway::RestApi
    Properties: { BodyS3Location: { Bucket: my-bucket, Key: raw.json } }
  Remote:
    Type: AWS::ApiGatewayV2::Api
    Properties: { ProtocolType: HTTP, BodyS3Location: { Bucket: my-bucket, Key: specs/remote.yaml } }
`,
    'rest.yaml': `openapi: 3.0.1
paths:
  /items:
    post:
      x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Fn/invocations' }
  /proxied:
    get:
      x-amazon-apigateway-integration: { type: http_proxy, uri: 'https://example.test' }
`,
    'raw.json': JSON.stringify({
      swagger: '2.0',
      paths: {
        '/raw/{id}': {
          get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', uri: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
        },
      },
    }),
  });
  const { apis, notes } = declaredApis(functions, templateApiSettings());
  const byName = Object.fromEntries(apis.map((a) => [a.name, a]));
  assert.deepEqual(Object.keys(byName).sort(), ['Http', 'Raw', 'Rest']);
  assert.deepEqual(byName.Rest.routes.map((r) => `${r.method} ${r.path} ${r.auth.kind}`).sort(), [
    'GET /guarded lambda',
    'GET /open none',
    'POST /items lambda',
  ]);
  const token = byName.Rest.routes.find((r) => r.path === '/items')!.auth;
  assert.ok(token.kind === 'lambda');
  assert.deepEqual(
    [
      token.authorizer.type,
      token.authorizer.identitySources[0].text,
      token.authorizer.validationExpression,
      token.authorizer.fn?.name,
    ],
    ['TOKEN', 'method.request.header.X-Token', 'tok-.*', 'Auth'],
  );
  assert.equal(byName.Rest.settings.stage, 'dev');
  const jwt = byName.Http.routes[0].auth;
  assert.ok(jwt.kind === 'jwt');
  assert.deepEqual(
    [jwt.authorizer.issuer, jwt.authorizer.audience, jwt.scopes],
    ['https://id.test', ['app'], ['read']],
  );
  assert.deepEqual(
    byName.Raw.routes.map((r) => r.path),
    ['/raw/{id}'],
  );
  assert.ok(
    notes.some((n) => /^Rest GET \/proxied: a http_proxy integration is not emulated locally/.test(n)),
    notes.join('\n'),
  );
  assert.ok(
    notes.some((n) => /^Remote: the definition is only in S3 .* not served locally$/.test(n)),
    notes.join('\n'),
  );
});

test('an authorizer policy allows, denies explicitly, or denies by saying nothing, with wildcards in Resource', () => {
  const arn = 'arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders/1';
  const statement = (Effect: string, Resource: string | string[]) => ({
    Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }],
  });
  assert.equal(
    policyAllows(statement('Allow', 'arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/*'), arn),
    'allow',
  );
  assert.equal(policyAllows(statement('Allow', ['arn:aws:execute-api:*:*:abc/prod/POST/*']), arn), 'implicit-deny');
  assert.equal(
    policyAllows(
      { Statement: [...statement('Allow', '*').Statement, ...statement('Deny', '*/GET/orders/?').Statement] },
      arn,
    ),
    'deny',
  );
});

test("a nested stack's API is served once, as part of its parent, even when its template is also found on its own", () => {
  const root = mkdtempSync(join(tmpdir(), 'lwb-declared-nested-'));
  writeFileSync(join(root, 'index.js'), 'exports.handler = async () => ({});\n');
  writeFileSync(
    join(root, 'template.yaml'),
    'Resources:\n  Child:\n    Type: AWS::Serverless::Application\n    Properties: { Location: ./child.yaml, Parameters: { Stage: from-parent } }\n',
  );
  writeFileSync(
    join(root, 'child.yaml'),
    'Transform: AWS::Serverless-2016-10-31\nParameters:\n  Stage: { Type: String, Default: own }\nGlobals:\n  HttpApi: { StageName: !Ref Stage }\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Events: { Get: { Type: HttpApi, Properties: { Path: /x, Method: get } } }\n',
  );
  const functions = ['template.yaml', 'child.yaml'].flatMap(
    (name) => discoverFile(join(root, name), readFileSync(join(root, name), 'utf8')).functions,
  );
  assert.deepEqual(functions.map((f) => f.name).sort(), ['Child/Fn', 'Fn']);
  const { apis } = declaredApis(functions, templateApiSettings());
  assert.deepEqual(
    apis.map((a) => [a.name, a.settings.stage, a.routes.map((r) => `${r.method} ${r.path} ${r.fn.name}`)]),
    [['Child/ServerlessHttpApi', 'from-parent', ['GET /x Child/Fn']]],
  );
});
