import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { AsyncInvoker } from '../../src/core/async/asyncInvoker';
import { startInvokeApi, type InvokeApi } from '../../src/core/invokeApi/invokeApiServer';
import type { ApiSettings } from '../../src/core/local/apiGateway/apiSettings';
import { corsFromHttpApi } from '../../src/core/local/apiGateway/cors';
import { startApi, type LocalApi } from '../../src/core/local/apiGateway/server';
import type { FunctionSpec } from '../../src/core/model';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import { RuntimeApiServer, type RuntimeApiHandler } from '../../src/core/runtime/runtimeApiServer';
import { testFunction } from '../support/functions';
import { fakeFunction, fakeResult } from '../unit/local/fakes';
import { errorType, FAULT_FIXTURES, raw } from './support';

const INVOKE = '/2015-03-31/functions/Echo/invocations';

describe('every local server answers only requests addressed to itself (DNS rebinding, cross-origin pages)', () => {
  const runtime = new LocalRuntime();
  const echo = testFunction(join(FAULT_FIXTURES, 'node'), 'handlers.echo', { name: 'Echo' });
  let invokeApi: InvokeApi;
  let asyncInvoker: AsyncInvoker;
  let localApi: LocalApi;
  const gatewayCalls: string[] = [];
  const settings: ApiSettings = {
    logicalId: 'ServerlessHttpApi',
    apiId: 'api1',
    stage: '$default',
    cors: corsFromHttpApi({ AllowOrigins: ['http://app.test'], AllowMethods: ['GET'] }),
    binaryMediaTypes: [],
  };
  const apiFunction = fakeFunction('Hello', [
    { name: 'Hello', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } },
  ]);
  const chat = fakeFunction('Chat');

  before(async () => {
    asyncInvoker = new AsyncInvoker({
      invoke: (fn, payload, options) => runtime.invoke(fn, payload, options),
      recordPath: join(mkdtempSync(join(tmpdir(), 'lwb-faults-')), 'records.jsonl'),
    });
    invokeApi = await startInvokeApi({ runtime, functions: () => [echo], asyncInvoker });
    localApi = await startApi({
      functions: [apiFunction],
      settingsFor: () => settings,
      webSocketRoutes: [
        {
          apiLogicalId: 'ChatApi',
          apiId: 'ws1',
          stage: 'dev',
          routeKey: '$default',
          routeSelectionExpression: '$request.body.action',
          twoWay: true,
          fn: chat,
        },
      ],
      invoke: async (fn: FunctionSpec) => {
        gatewayCalls.push(fn.name);
        return fakeResult(
          fn,
          'success',
          fn.name === 'Chat' ? { statusCode: 200, body: 'pong' } : { statusCode: 200, body: 'hi' },
        );
      },
    });
  });
  after(async () => {
    await invokeApi.close();
    await asyncInvoker.dispose();
    await localApi.close();
    await runtime.dispose();
  });

  test('Invoke API: a rebinding Host is refused 403 before the function runs or is even looked up', async () => {
    const answer = await raw(invokeApi.port, {
      method: 'POST',
      path: INVOKE,
      headers: { Host: `attacker.example:${invokeApi.port}` },
      body: '{}',
    });
    assert.equal(answer.status, 403);
    assert.equal(errorType(answer), 'AccessDeniedException');
    assert.equal(runtime.instances(echo.id).length, 0);
  });

  test('Invoke API: GetFunction (which holds the environment) is refused to a rebinding Host too', async () => {
    const answer = await raw(invokeApi.port, {
      path: '/2015-03-31/functions/Echo',
      headers: { Host: `127.0.0.1.nip.io:${invokeApi.port}` },
    });
    assert.equal(answer.status, 403);
    assert.doesNotMatch(answer.body, /Environment/);
  });

  test('Invoke API: the right name on the wrong port is refused', async () => {
    const answer = await raw(invokeApi.port, {
      path: '/2015-03-31/functions/',
      headers: { Host: `127.0.0.1:${invokeApi.port + 1}` },
    });
    assert.equal(answer.status, 403);
  });

  test('Invoke API: a cross-origin text/plain POST (what any web page can send) is refused and runs nothing', async () => {
    const answer = await raw(invokeApi.port, {
      method: 'POST',
      path: INVOKE,
      headers: { Host: `127.0.0.1:${invokeApi.port}`, Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      body: '{}',
    });
    assert.equal(answer.status, 403);
    assert.equal(errorType(answer), 'AccessDeniedException');
    assert.equal(runtime.instances(echo.id).length, 0);
  });

  test('Invoke API: an Origin of localhost itself is refused as well (SDKs never send one)', async () => {
    const answer = await raw(invokeApi.port, {
      path: '/2015-03-31/functions/',
      headers: { Host: `localhost:${invokeApi.port}`, Origin: `http://localhost:${invokeApi.port}` },
    });
    assert.equal(answer.status, 403);
  });

  test('Invoke API: the loopback names with the right port are answered', async () => {
    for (const host of [`127.0.0.1:${invokeApi.port}`, `localhost:${invokeApi.port}`]) {
      const answer = await raw(invokeApi.port, { path: '/2015-03-31/functions/', headers: { Host: host } });
      assert.equal(answer.status, 200, host);
      assert.equal(JSON.parse(answer.body).Functions[0].FunctionName, 'Echo');
    }
  });

  test('Runtime API: a request with a foreign Host is refused 403, whoever sends it', async () => {
    const handler: RuntimeApiHandler = {
      next: () => new Promise(() => undefined),
      response: () => true,
      responseTooLarge: () => true,
      responseStream: () => undefined,
      error: () => true,
      initError: () => undefined,
    };
    const api = await RuntimeApiServer.start(handler);
    try {
      const port = Number(api.endpoint.split(':')[1]);
      const answer = await raw(port, {
        path: '/2018-06-01/runtime/invocation/next',
        headers: { Host: `evil.example:${port}` },
      });
      assert.equal(answer.status, 403);
      assert.equal(JSON.parse(answer.body).errorType, 'AccessDenied');
    } finally {
      api.close();
    }
  });

  test('API Gateway: a foreign Host gets 403 and the route is not invoked', async () => {
    const before = gatewayCalls.length;
    const answer = await raw(localApi.port, { path: '/hello', headers: { Host: `rebound.example:${localApi.port}` } });
    assert.equal(answer.status, 403);
    assert.equal(gatewayCalls.length, before);
  });

  test('API Gateway: a CORS preflight under a foreign Host gets no CORS headers', async () => {
    const answer = await raw(localApi.port, {
      method: 'OPTIONS',
      path: '/hello',
      headers: {
        Host: `rebound.example:${localApi.port}`,
        Origin: 'http://app.test',
        'Access-Control-Request-Method': 'GET',
      },
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
  });

  test('API Gateway: under its own Host, CORS is answered as the template says', async () => {
    const answer = await raw(localApi.port, {
      method: 'OPTIONS',
      path: '/hello',
      headers: {
        Host: `127.0.0.1:${localApi.port}`,
        Origin: 'http://app.test',
        'Access-Control-Request-Method': 'GET',
      },
    });
    assert.equal(answer.status, 204);
    assert.equal(answer.headers['access-control-allow-origin'], 'http://app.test');
  });

  test('WebSocket: an upgrade from a foreign Origin is refused 403 and never connects', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${localApi.port}/`, { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    assert.equal(status, 403);
  });

  test('WebSocket: an upgrade with a foreign Host is refused 403', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${localApi.port}/`, {
      headers: { Host: `evil.example:${localApi.port}` },
    });
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    assert.equal(status, 403);
  });

  test('WebSocket: a page of the local server itself (its own Origin) connects and is answered', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${localApi.port}/`, { origin: `http://localhost:${localApi.port}` });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send('{"action":"ping"}');
    const reply = await new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    assert.equal(reply, 'pong');
    ws.close();
  });
});
