import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { discoverFile } from '../../../../src/core/discovery';
import { startApi, type LocalApi } from '../../../../src/core/local/apiGateway/server';
import { LocalRuntime } from '../../../../src/core/runtime/localRuntime';
import { within } from '../../../unit/local/fakes';
import { HANDLERS, writeProject } from './harness';

const lambda = (handler: string, path: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: { S3Bucket: 'cdk-assets', S3Key: 'abc.zip' },
    Handler: handler,
    Runtime: 'nodejs20.x',
    Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
  },
  Metadata: { 'aws:cdk:path': path, 'aws:asset:path': 'asset.abc' },
});
const invokeUri = (fn: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':apigateway:',
      { Ref: 'AWS::Region' },
      ':lambda:path/2015-03-31/functions/',
      { 'Fn::GetAtt': [fn, 'Arn'] },
      '/invocations',
    ],
  ],
});

/** What `cdk synth` emits for a LambdaRestApi with a proxy resource and a request authorizer, an HttpApi with routes, and a quick-create API. */
const stack = {
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: {} },
    ShopHandler1A2B3C4D: lambda('index.echo', 'Shop/Handler/Resource'),
    UserAuthorizerFn9F8E7D6C: lambda('index.request', 'Shop/UserAuthorizerFn/Resource'),
    KeyAuthorizerFnAABBCCDD: lambda('index.simple', 'Shop/KeyAuthorizerFn/Resource'),
    PolicyAuthorizerFn12121212: lambda('index.policy2', 'Shop/PolicyAuthorizerFn/Resource'),
    ShopApiC0FFEE00: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'ShopApi' } },
    ShopApiDeployment1234: {
      Type: 'AWS::ApiGateway::Deployment',
      Properties: { RestApiId: { Ref: 'ShopApiC0FFEE00' } },
    },
    ShopApiDeploymentStageprod5678: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
        DeploymentId: { Ref: 'ShopApiDeployment1234' },
        StageName: 'prod',
        Variables: { table: 'orders' },
      },
    },
    ShopDomainMapping0011: {
      Type: 'AWS::ApiGateway::BasePathMapping',
      Properties: {
        DomainName: 'api.shop.test',
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
        Stage: { Ref: 'ShopApiDeploymentStageprod5678' },
        BasePath: 'shop',
      },
    },
    ShopApiapi0A1B2C3D: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        ParentId: { 'Fn::GetAtt': ['ShopApiC0FFEE00', 'RootResourceId'] },
        PathPart: 'api',
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
      },
    },
    ShopApiapiproxy4E5F6A7B: {
      Type: 'AWS::ApiGateway::Resource',
      Properties: {
        ParentId: { Ref: 'ShopApiapi0A1B2C3D' },
        PathPart: '{proxy+}',
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
      },
    },
    ShopApiUserAuthorizer11223344: {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: {
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
        Type: 'REQUEST',
        Name: 'UserAuthorizer',
        IdentitySource: 'method.request.header.x-user',
        AuthorizerUri: invokeUri('UserAuthorizerFn9F8E7D6C'),
      },
    },
    ShopApiapiproxyANY99887766: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'ANY',
        ResourceId: { Ref: 'ShopApiapiproxy4E5F6A7B' },
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'ShopApiUserAuthorizer11223344' },
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: invokeUri('ShopHandler1A2B3C4D') },
      },
    },
    ShopApiGETroot55443322: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        HttpMethod: 'GET',
        ResourceId: { 'Fn::GetAtt': ['ShopApiC0FFEE00', 'RootResourceId'] },
        RestApiId: { Ref: 'ShopApiC0FFEE00' },
        AuthorizationType: 'NONE',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: invokeUri('ShopHandler1A2B3C4D') },
      },
    },
    QuickApi12345678: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: { Name: 'quick', ProtocolType: 'HTTP', Target: { 'Fn::GetAtt': ['ShopHandler1A2B3C4D', 'Arn'] } },
    },
    HttpApiF5A9A8A7: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'routes', ProtocolType: 'HTTP' } },
    HttpApiDefaultStage3EEB07D6: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'HttpApiF5A9A8A7' }, StageName: '$default', AutoDeploy: true },
    },
    HttpApiLegacyIntegrationAB12: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': ['ShopHandler1A2B3C4D', 'Arn'] },
        PayloadFormatVersion: '1.0',
      },
    },
    HttpApiModernIntegrationCD34: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': ['ShopHandler1A2B3C4D', 'Arn'] },
        PayloadFormatVersion: '2.0',
      },
    },
    HttpApiKeyAuthorizerEF56: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        AuthorizerType: 'REQUEST',
        Name: 'KeyAuthorizer',
        IdentitySource: ['$request.header.x-key'],
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        AuthorizerUri: invokeUri('KeyAuthorizerFnAABBCCDD'),
      },
    },
    HttpApiPolicyAuthorizer3434: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        AuthorizerType: 'REQUEST',
        Name: 'PolicyAuthorizer',
        IdentitySource: ['$request.header.x-user'],
        AuthorizerPayloadFormatVersion: '2.0',
        AuthorizerUri: invokeUri('PolicyAuthorizerFn12121212'),
      },
    },
    HttpApiGETpolicy5656: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        RouteKey: 'GET /policy',
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'HttpApiPolicyAuthorizer3434' },
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'HttpApiModernIntegrationCD34' }]] },
      },
    },
    HttpApiGETlegacy7788: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        RouteKey: 'GET /legacy',
        AuthorizationType: 'NONE',
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'HttpApiLegacyIntegrationAB12' }]] },
      },
    },
    HttpApiPOSTmodern9900: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApiF5A9A8A7' },
        RouteKey: 'POST /modern/{id}',
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: 'HttpApiKeyAuthorizerEF56' },
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'HttpApiModernIntegrationCD34' }]] },
      },
    },
  },
};

describe('a CDK-shaped template: RestApi/Resource/Method with {proxy+} and a REQUEST authorizer, quick-create and Route/Integration HTTP APIs', () => {
  let api: LocalApi;
  let runtime: LocalRuntime;
  const logs: string[] = [];
  const urlOf = (name: string) => api.apis.find((a) => a.name === name)!.url;
  const eventOf = async (res: Response) => ((await res.json()) as { event: Record<string, any> }).event;

  before(async () => {
    const root = writeProject('lwb-cdk-apis-', {
      'cdk.out/Shop.template.json': JSON.stringify(stack, null, 1),
      'cdk.out/asset.abc/index.js': HANDLERS,
    });
    const path = join(root, 'cdk.out', 'Shop.template.json');
    const { functions, diagnostics } = discoverFile(path, readFileSync(path, 'utf8'));
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
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
  });

  test('the three APIs are listed with the routes their resources declare', () => {
    assert.deepEqual(api.apis.map((a) => [a.name, a.kind, a.stage, a.routes]).sort(), [
      ['HttpApiF5A9A8A7', 'http', '$default', 3],
      ['QuickApi12345678', 'http', '$default', 1],
      ['ShopApiC0FFEE00', 'rest', 'prod', 2],
    ]);
    assert.ok(
      api.routes.some(
        (r) =>
          r.api === 'ShopApiC0FFEE00' &&
          r.path === '/api/{proxy+}' &&
          r.method === 'ANY' &&
          r.functionName === 'ShopHandler1A2B3C4D' &&
          r.auth === 'lambda',
      ),
    );
  });

  test('REST {proxy+} behind a REQUEST authorizer: no identity 401, a denied user 403, an allowed one 200 with stage variables and context', async () => {
    const base = urlOf('ShopApiC0FFEE00');
    const none = await within(fetch(`${base}/api/a/b`), 20_000);
    assert.equal(none.status, 401);
    assert.deepEqual(await none.json(), { message: 'Unauthorized' });
    const eve = await within(fetch(`${base}/api/a/b`, { headers: { 'x-user': 'eve' } }), 20_000);
    assert.equal(eve.status, 403);
    const ok = await within(fetch(`${base}/api/a/b?q=1`, { method: 'DELETE', headers: { 'x-user': 'bob' } }), 20_000);
    assert.equal(ok.status, 200);
    const event = await eventOf(ok);
    assert.equal(event.resource, '/api/{proxy+}');
    assert.deepEqual(event.pathParameters, { proxy: 'a/b' });
    assert.deepEqual(event.stageVariables, { table: 'orders' });
    assert.equal(event.requestContext.stage, 'prod');
    assert.deepEqual([event.requestContext.authorizer.user, event.requestContext.authorizer.table], ['bob', 'orders']);
    const root = await eventOf(await within(fetch(`${base}/`), 20_000));
    assert.equal(root.resource, '/');
    const missing = await within(fetch(`${base}/elsewhere`), 20_000);
    assert.equal(missing.status, 403);
    const mapped = await within(fetch(`${api.url}/shop/api/x`, { headers: { 'x-user': 'bob' } }), 20_000);
    assert.equal((await eventOf(mapped)).pathParameters.proxy, 'x');
    assert.equal(api.apis.find((a) => a.name === 'ShopApiC0FFEE00')?.basePath, 'shop');
  });

  test('quick-create HTTP API: every request reaches the target with payload 2.0 on $default', async () => {
    const event = await eventOf(
      await within(fetch(`${urlOf('QuickApi12345678')}/any/path`, { method: 'PUT' }), 20_000),
    );
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, '$default');
    assert.equal(event.rawPath, '/any/path');
  });

  test('Route/Integration pairs: the payload format comes from the integration; a simple-response authorizer guards one route', async () => {
    const base = urlOf('HttpApiF5A9A8A7');
    const legacy = await eventOf(await within(fetch(`${base}/legacy`), 20_000));
    assert.equal(legacy.version, '1.0');
    assert.equal(legacy.httpMethod, 'GET');
    assert.equal((await within(fetch(`${base}/modern/5`, { method: 'POST' }), 20_000)).status, 401);
    const refused = await within(fetch(`${base}/modern/5`, { method: 'POST', headers: { 'x-key': 'closed' } }), 20_000);
    assert.equal(refused.status, 403);
    assert.deepEqual(await refused.json(), { message: 'Forbidden' });
    const modern = await eventOf(
      await within(fetch(`${base}/modern/5`, { method: 'POST', headers: { 'x-key': 'open' } }), 20_000),
    );
    assert.equal(modern.version, '2.0');
    assert.equal(modern.routeKey, 'POST /modern/{id}');
    assert.deepEqual(modern.requestContext.authorizer, { lambda: { key: 'open', route: 'POST /modern/{id}' } });
    assert.equal((await within(fetch(`${base}/nothing`), 20_000)).status, 404);
  });

  test('an HTTP API authorizer answering an IAM policy: no identity 401, denied 403 Forbidden, allowed 200 with its context', async () => {
    const base = urlOf('HttpApiF5A9A8A7');
    assert.equal((await within(fetch(`${base}/policy`), 20_000)).status, 401);
    const eve = await within(fetch(`${base}/policy`, { headers: { 'x-user': 'eve' } }), 20_000);
    assert.equal(eve.status, 403);
    assert.deepEqual(await eve.json(), { message: 'Forbidden' });
    const bob = await eventOf(await within(fetch(`${base}/policy`, { headers: { 'x-user': 'bob' } }), 20_000));
    assert.deepEqual(bob.requestContext.authorizer, { lambda: { user: 'bob', version: '2.0' } });
  });
});
