import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFile } from '../../../../src/core/discovery';
import { startApi, type LocalApi } from '../../../../src/core/local/apiGateway/server';
import { LocalRuntime } from '../../../../src/core/runtime/localRuntime';
import { within } from '../../../unit/local/fakes';
import { closedPort, HANDLERS, startIssuer, writeProject, type Issuer } from './harness';

const template = (issuer: string, deadIssuer: string) => `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    CodeUri: src/
  Api:
    Cors:
      AllowOrigin: "'https://shop.test'"
      AllowHeaders: "'content-type,authorization'"
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.echo
      Events:
        Anything:
          Type: Api
          Properties:
            Path: /{proxy+}
            Method: any
  Status:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.status
      Events:
        Get:
          Type: Api
          Properties:
            Path: /status
            Method: get
  TokenAuthorizer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.token
  ItemsApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: items, version: '1' }
        components:
          securitySchemes:
            Jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration:
                  issuer: ${issuer}
                  audience: [shop-app]
            DeadJwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                jwtConfiguration:
                  issuer: ${deadIssuer}
                  audience: [shop-app]
        paths:
          /items/{id}:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                payloadFormatVersion: '2.0'
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Echo.Arn}/invocations
          /me:
            get:
              security: [{ Jwt: [] }]
              x-amazon-apigateway-integration:
                type: aws_proxy
                payloadFormatVersion: '2.0'
                uri: !GetAtt Echo.Arn
          /offline:
            get:
              security: [{ DeadJwt: [] }]
              x-amazon-apigateway-integration:
                type: aws_proxy
                payloadFormatVersion: '2.0'
                uri: !GetAtt Echo.Arn
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./orders-api.yaml
  Shop:
    Type: AWS::Serverless::Application
    Properties:
      Location: ./child/template.yaml
      Parameters:
        Greeting: hello from the parent
`;

const ordersApi = `
swagger: '2.0'
info: { title: orders, version: '1' }
securityDefinitions:
  Token:
    type: apiKey
    name: Authorization
    in: header
    x-amazon-apigateway-authtype: custom
    x-amazon-apigateway-authorizer:
      type: token
      authorizerUri:
        Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${TokenAuthorizer.Arn}/invocations
      authorizerResultTtlInSeconds: 300
paths:
  /orders/{id}:
    x-amazon-apigateway-any-method:
      security: [{ Token: [] }]
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri:
          Fn::Join: ['', ['arn:aws:apigateway:', { Ref: AWS::Region }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': [Echo, Arn] }, '/invocations']]
    options:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: '200'
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "'https://orders.test'"
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
`;

const child = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Greeting:
    Type: String
    Default: hello from the child
Resources:
  Greeter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      CodeUri: ../src/
      Handler: index.echo
      Environment:
        Variables:
          GREETING: !Ref Greeting
      Events:
        Hello:
          Type: HttpApi
          Properties:
            Path: /greeting
            Method: get
`;

describe('a SAM template: OpenAPI 3 HttpApi with JWT, OpenAPI 2 REST API through AWS::Include with a TOKEN authorizer, REST CORS, a nested stack', () => {
  let issuer: Issuer;
  let api: LocalApi;
  let runtime: LocalRuntime;
  let deadIssuer = '';
  const logs: string[] = [];
  const urlOf = (name: string) => api.apis.find((a) => a.name === name)!.url;
  const body = async (res: Response) =>
    (await res.json()) as { event: Record<string, any>; env: Record<string, string> };

  before(async () => {
    issuer = await startIssuer();
    deadIssuer = `http://127.0.0.1:${await closedPort()}`;
    const root = writeProject('lwb-sam-apis-', {
      'template.yaml': template(issuer.url, deadIssuer),
      'orders-api.yaml': ordersApi,
      'child/template.yaml': child,
      'src/index.js': HANDLERS,
    });
    const path = join(root, 'template.yaml');
    const { functions, diagnostics } = discoverFile(path, readFileSync(path, 'utf8'));
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.ok(
      functions.some((f) => f.name === 'Shop/Greeter'),
      functions.map((f) => f.name).join(', '),
    );
    runtime = new LocalRuntime({ cacheDir: join(root, '.cache') });
    api = await startApi({
      functions,
      invoke: (fn, payload) => runtime.invoke(fn, payload),
      onLog: (l) => logs.push(l),
    });
  });
  after(async () => {
    await api?.close();
    await runtime?.dispose();
    await issuer?.close();
  });

  test('every API is listed with its own address, kind and routes', () => {
    const names = api.apis.map((a) => `${a.name} ${a.kind}`).sort();
    assert.deepEqual(names, [
      'ItemsApi http',
      'OrdersApi rest',
      'ServerlessRestApi rest',
      'Shop/ServerlessHttpApi http',
    ]);
    assert.equal(new Set(api.apis.map((a) => a.url)).size, 4);
    assert.ok(
      api.routes.some(
        (r) =>
          r.api === 'OrdersApi' &&
          r.method === 'ANY' &&
          r.path === '/orders/{id}' &&
          r.functionName === 'Echo' &&
          r.auth === 'lambda',
      ),
    );
    assert.ok(api.routes.some((r) => r.api === 'ItemsApi' && r.path === '/me' && r.auth === 'jwt'));
  });

  test('OpenAPI 3 HttpApi: payload 2.0 with path parameters; the main port picks it over a greedy REST route', async () => {
    for (const base of [urlOf('ItemsApi'), api.url]) {
      const res = await within(fetch(`${base}/items/7`), 20_000);
      assert.equal(res.status, 200);
      const { event } = await body(res);
      assert.equal(event.version, '2.0');
      assert.equal(event.routeKey, 'GET /items/{id}');
      assert.deepEqual(event.pathParameters, { id: '7' });
    }
    const greedy = await body(await within(fetch(`${api.url}/other/path`), 20_000));
    assert.equal(greedy.event.resource, '/{proxy+}');
    const unknown = await within(fetch(`${urlOf('ItemsApi')}/nothing`), 20_000);
    assert.equal(unknown.status, 404);
  });

  test('JWT authorizer: missing, malformed, expired, wrong audience, wrong issuer and forged tokens are 401; a good one passes its claims', async () => {
    const now = Math.floor(Date.now() / 1000);
    const good = { iss: issuer.url, aud: 'shop-app', sub: 'u-1', exp: now + 600, scope: 'read' };
    const at = (token?: string) =>
      within(fetch(`${urlOf('ItemsApi')}/me`, { headers: token ? { authorization: token } : {} }), 20_000);
    assert.equal((await at()).status, 401);
    assert.equal((await at('Bearer not-a-jwt')).status, 401);
    assert.equal((await at(`Bearer ${issuer.token({ ...good, exp: now - 10 })}`)).status, 401);
    assert.equal((await at(`Bearer ${issuer.token({ ...good, aud: 'other-app' })}`)).status, 401);
    assert.equal((await at(`Bearer ${issuer.token({ ...good, iss: 'https://elsewhere.test' })}`)).status, 401);
    assert.equal((await at(`Bearer ${issuer.token(good, issuer.otherKey)}`)).status, 401);
    const ok = await at(`Bearer ${issuer.token(good)}`);
    assert.equal(ok.status, 200);
    const { event } = await body(ok);
    assert.equal(event.requestContext.authorizer.jwt.claims.sub, 'u-1');
    assert.deepEqual(event.requestContext.authorizer.jwt.scopes, ['read']);
    assert.ok(
      logs.some((l) => l.includes('the signature does not match')),
      logs.join('\n'),
    );
  });

  test('JWT authorizer whose issuer cannot be reached: claims checked, signature not, and the log says so', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.equal(api.routes.find((r) => r.path === '/offline')?.auth, 'jwt');
    const expired = await within(
      fetch(`${urlOf('ItemsApi')}/offline`, {
        headers: { authorization: `Bearer ${issuer.token({ iss: deadIssuer, aud: 'shop-app', exp: now - 60 })}` },
      }),
      20_000,
    );
    assert.equal(expired.status, 401);
    const res = await within(
      fetch(`${urlOf('ItemsApi')}/offline`, {
        headers: { authorization: `Bearer ${issuer.token({ iss: deadIssuer, aud: 'shop-app', exp: now + 60 })}` },
      }),
      20_000,
    );
    assert.equal(res.status, 200);
    assert.ok(
      logs.some((l) => /DeadJwt: signature NOT checked/.test(l)),
      logs.join('\n'),
    );
  });

  test('TOKEN authorizer on the included OpenAPI 2 REST API: no token 401, Unauthorized 401, deny 403, allow 200 with its context', async () => {
    const at = (token?: string) =>
      within(
        fetch(`${urlOf('OrdersApi')}/orders/42`, { method: 'POST', headers: token ? { authorization: token } : {} }),
        20_000,
      );
    assert.equal((await at()).status, 401);
    assert.deepEqual(await (await at('throw')).json(), { message: 'Unauthorized' });
    const denied = await at('deny');
    assert.equal(denied.status, 403);
    assert.deepEqual(await denied.json(), {
      Message: 'User is not authorized to access this resource with an explicit deny',
    });
    const ok = await at('allow');
    assert.equal(ok.status, 200);
    const { event } = await body(ok);
    assert.equal(event.resource, '/orders/{id}');
    assert.equal(event.requestContext.stage, 'v1');
    assert.equal(event.requestContext.authorizer.user, 'alice');
    assert.equal(event.requestContext.authorizer.principalId, 'user-1');
    const missing = await within(fetch(`${urlOf('OrdersApi')}/nowhere`), 20_000);
    assert.equal(missing.status, 403);
    assert.deepEqual(await missing.json(), { message: 'Missing Authentication Token' });
  });

  test("REST CORS: the OpenAPI OPTIONS mock and Globals.Api.Cors answer preflights as API Gateway's mocks do", async () => {
    const mock = await within(fetch(`${urlOf('OrdersApi')}/orders/1`, { method: 'OPTIONS' }), 20_000);
    assert.equal(mock.status, 200);
    assert.equal(mock.headers.get('access-control-allow-origin'), 'https://orders.test');
    assert.equal(mock.headers.get('access-control-allow-methods'), 'GET,OPTIONS');
    const pre = await within(
      fetch(`${urlOf('ServerlessRestApi')}/status`, {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.test', 'access-control-request-method': 'GET' },
      }),
      20_000,
    );
    assert.equal(pre.status, 200);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.test');
    assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type,authorization');
    const bare = await within(fetch(`${urlOf('ServerlessRestApi')}/status`, { method: 'OPTIONS' }), 20_000);
    assert.equal(bare.status, 200);
    assert.equal(bare.headers.get('access-control-allow-origin'), 'https://shop.test');
    const elsewhere = await within(
      fetch(`${urlOf('ServerlessRestApi')}/status`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.test', 'access-control-request-method': 'GET' },
      }),
      20_000,
    );
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), 'https://shop.test');
  });

  test('REST proxy responses: merged headers, application/json by default, X-Forwarded-* in the event, a 101 is a 502', async () => {
    const res = await within(
      fetch(`${urlOf('ServerlessRestApi')}/status?code=201`, { headers: { origin: 'https://shop.test' } }),
      20_000,
    );
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('x-a'), 'same, other');
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.test');
    const bad = await within(fetch(`${urlOf('ServerlessRestApi')}/status?code=101`), 20_000);
    assert.equal(bad.status, 502);
    assert.ok(
      logs.some((l) => /statusCode must be a whole number from 200 to 599, got 101/.test(l)),
      logs.join('\n'),
    );
    const { event } = await body(await within(fetch(`${urlOf('ServerlessRestApi')}/any/thing`), 20_000));
    assert.equal(event.headers['X-Forwarded-For'], '127.0.0.1');
    assert.equal(event.headers['X-Forwarded-Proto'], 'http');
    assert.equal(event.headers['X-Forwarded-Port'], new URL(urlOf('ServerlessRestApi')).port);
  });

  test("the nested stack's function and API are served, with the parent's parameter", async () => {
    const res = await within(fetch(`${urlOf('Shop/ServerlessHttpApi')}/greeting`), 20_000);
    assert.equal(res.status, 200);
    const { event, env } = await body(res);
    assert.equal(env.GREETING, 'hello from the parent');
    assert.equal(event.routeKey, 'GET /greeting');
  });
});
