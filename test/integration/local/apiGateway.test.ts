import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { startApi, type LocalApi } from '../../../src/core/local/apiGateway/server';
import type { ApiSettings } from '../../../src/core/local/apiGateway/apiSettings';
import { corsFromHttpApi, corsFromRestApi } from '../../../src/core/local/apiGateway/cors';
import type { EventSourceSpec, FunctionSpec } from '../../../src/core/model';
import { fakeFunction, fakeResult, within } from '../../unit/local/fakes';

const httpSettings: ApiSettings = {
  logicalId: 'ServerlessHttpApi',
  apiId: 'httpapi123',
  stage: '$default',
  stageVariables: { color: 'blue' },
  cors: corsFromHttpApi({
    AllowOrigins: ['http://app.test'],
    AllowMethods: ['GET', 'POST'],
    AllowHeaders: ['content-type'],
    MaxAge: 60,
  }),
  binaryMediaTypes: [],
};
const restSettings: ApiSettings = {
  logicalId: 'ServerlessRestApi',
  apiId: 'restapi123',
  stage: 'Prod',
  cors: corsFromRestApi("'*'"),
  binaryMediaTypes: ['image/png'],
};

const events: Array<Record<string, any>> = [];
const functions: FunctionSpec[] = [
  fakeFunction('Echo', [
    { name: 'Items', type: 'HttpApi', properties: { Path: '/items/{id}', Method: 'get' } },
    { name: 'Upload', type: 'HttpApi', properties: { Path: '/upload', Method: 'post' } },
    {
      name: 'Legacy',
      type: 'HttpApi',
      properties: { Path: '/v1/{proxy+}', Method: 'any', PayloadFormatVersion: '1.0' },
    },
    { name: 'Orders', type: 'Api', properties: { Path: '/orders/{orderId}', Method: 'post' } },
  ]),
  fakeFunction('Plain', [{ name: 'Hello', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } }]),
  fakeFunction('Broken', [{ name: 'Fail', type: 'HttpApi', properties: { Path: '/fail', Method: 'get' } }]),
  fakeFunction('Malformed', [{ name: 'Bad', type: 'Api', properties: { Path: '/bad', Method: 'get' } }]),
  fakeFunction('Image', [{ name: 'Png', type: 'Api', properties: { Path: '/image', Method: 'get' } }]),
];

describe('local API Gateway over HTTP', () => {
  let api: LocalApi;
  const logs: string[] = [];
  before(async () => {
    api = await startApi({
      functions,
      settingsFor: (_fn: FunctionSpec, event: EventSourceSpec) => (event.type === 'Api' ? restSettings : httpSettings),
      onLog: (line) => logs.push(line),
      invoke: async (fn, payload) => {
        const event = JSON.parse(payload.toString());
        events.push(event);
        if (fn.name === 'Plain') return fakeResult(fn, 'success', { greeting: 'hi' });
        if (fn.name === 'Broken')
          return fakeResult(fn, 'error', { errorType: 'Error', errorMessage: 'handler exploded', trace: [] });
        if (fn.name === 'Malformed') return fakeResult(fn, 'success', { body: 'no status' });
        if (fn.name === 'Image')
          return fakeResult(fn, 'success', {
            statusCode: 200,
            headers: { 'content-type': 'image/png' },
            body: Buffer.from([137, 80, 78, 71]).toString('base64'),
            isBase64Encoded: true,
          });
        return fakeResult(fn, 'success', {
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          multiValueHeaders: { 'x-multi': ['a', 'b'] },
          cookies: ['sid=1'],
          body: JSON.stringify({ ok: true }),
        });
      },
    });
  });
  after(() => api.close());
  const last = () => events[events.length - 1];

  test('a body over 10 MB is answered 413 and the connection closes, the rest unread; the server goes on', async () => {
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    const length = 10 * 1024 * 1024 + 1;
    socket.write(`POST /upload HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${length}\r\n\r\n`);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    const closed = once(socket, 'close');
    // Sent in pieces until the server stops reading and closes: it never takes the whole body.
    const piece = Buffer.alloc(256 * 1024, 'x');
    let sent = 0;
    while (sent < length && !socket.destroyed && !answer) {
      const size = Math.min(piece.length, length - sent);
      sent += size;
      if (!socket.write(piece.subarray(0, size))) await Promise.race([once(socket, 'drain'), closed]);
    }
    await within(closed, 10_000, 'the connection to close');
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /connection: close/i);
    assert.match(answer, /\{"message":"Request Too Long"\}/);
    const after = await fetch(`${api.url}/hello`);
    assert.equal(after.status, 200);
  });

  test('a 2.0 event is built as HTTP APIs build it', async () => {
    const res = await within(
      fetch(`${api.url}/items/a%20b?tag=x&tag=y&q=1`, {
        headers: { 'X-Custom': 'one', Cookie: 'a=1; b=2', 'User-Agent': 'test-agent' },
      }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    assert.match(res.headers.get('apigw-requestid') ?? '', /.+/);
    const event = last();
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'GET /items/{id}');
    assert.equal(event.rawPath, '/items/a%20b');
    assert.equal(event.rawQueryString, 'tag=x&tag=y&q=1');
    assert.deepEqual(event.cookies, ['a=1', 'b=2']);
    assert.equal(event.headers['x-custom'], 'one');
    assert.equal(event.headers.cookie, undefined);
    assert.deepEqual(event.queryStringParameters, { tag: 'x,y', q: '1' });
    assert.deepEqual(event.pathParameters, { id: 'a b' });
    assert.deepEqual(event.stageVariables, { color: 'blue' });
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.body, undefined);
    const ctx = event.requestContext;
    assert.deepEqual(Object.keys(ctx).sort(), [
      'accountId',
      'apiId',
      'domainName',
      'domainPrefix',
      'http',
      'requestId',
      'routeKey',
      'stage',
      'time',
      'timeEpoch',
    ]);
    assert.deepEqual(ctx.http, {
      method: 'GET',
      path: '/items/a%20b',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'test-agent',
    });
    assert.equal(ctx.stage, '$default');
    assert.equal(ctx.requestId, res.headers.get('apigw-requestid'));
    assert.match(ctx.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof ctx.timeEpoch, 'number');
  });

  test('binary bodies reach 2.0 handlers base64-encoded, text bodies as text', async () => {
    await within(
      fetch(`${api.url}/upload`, {
        method: 'POST',
        body: Buffer.from([0, 1, 2, 250]),
        headers: { 'content-type': 'application/octet-stream' },
      }),
    );
    assert.equal(last().isBase64Encoded, true);
    assert.deepEqual([...Buffer.from(last().body, 'base64')], [0, 1, 2, 250]);
    await within(
      fetch(`${api.url}/upload`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } }),
    );
    assert.equal(last().isBase64Encoded, false);
    assert.equal(last().body, '{"a":1}');
  });

  test('a 1.0 REST event keeps header case and multi-value maps, and the response keeps its headers', async () => {
    const res = await within(
      fetch(`${api.url}/orders/42?x=1&x=2`, {
        method: 'POST',
        body: 'hello',
        headers: { 'X-Trace': 't1', 'content-type': 'text/plain' },
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-multi'), 'a, b');
    assert.equal(res.headers.get('set-cookie'), null, 'cookies are a 2.0 response field only');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /.+/);
    const event = last();
    assert.equal(event.version, undefined);
    assert.equal(event.resource, '/orders/{orderId}');
    assert.equal(event.path, '/orders/42');
    assert.equal(event.httpMethod, 'POST');
    assert.equal(event.headers['X-Trace'], 't1');
    assert.deepEqual(event.multiValueHeaders['X-Trace'], ['t1']);
    assert.deepEqual(event.queryStringParameters, { x: '2' });
    assert.deepEqual(event.multiValueQueryStringParameters, { x: ['1', '2'] });
    assert.deepEqual(event.pathParameters, { orderId: '42' });
    assert.equal(event.stageVariables, null);
    assert.equal(event.body, 'hello');
    assert.equal(event.isBase64Encoded, false);
    assert.equal(event.requestContext.stage, 'Prod');
    assert.equal(event.requestContext.path, '/Prod/orders/42');
    assert.equal(event.requestContext.resourcePath, '/orders/{orderId}');
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1');
    assert.equal(event.requestContext.httpMethod, 'POST');
  });

  test('REST binary media types base64-encode matching bodies; base64 responses are decoded', async () => {
    const res = await within(fetch(`${api.url}/image`, { headers: { 'content-type': 'image/png' } }));
    assert.deepEqual([...Buffer.from(await res.arrayBuffer())], [137, 80, 78, 71]);
    assert.equal(res.headers.get('content-type'), 'image/png');
  });

  test('an HTTP API route set to payload 1.0 gets a 1.0 event with version and routeKey', async () => {
    await within(fetch(`${api.url}/v1/a/b`, { method: 'DELETE' }));
    assert.equal(last().version, '1.0');
    assert.equal(last().resource, '/v1/{proxy+}');
    assert.deepEqual(last().pathParameters, { proxy: 'a/b' });
    assert.equal(last().requestContext.routeKey, 'ANY /v1/{proxy+}');
  });

  test('a 2.0 result without statusCode is returned as a 200 JSON body', async () => {
    const res = await within(fetch(`${api.url}/hello`));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.deepEqual(await res.json(), { greeting: 'hi' });
  });

  test("a function error and a malformed response give API Gateway's 502, with the reason logged", async () => {
    for (const path of ['/fail', '/bad']) {
      const res = await within(fetch(`${api.url}${path}`));
      assert.equal(res.status, 502);
      assert.deepEqual(await res.json(), { message: 'Internal server error' });
    }
    assert.ok(
      logs.some((l) => l.includes('/fail -> Broken: 502 because the function failed (Error: handler exploded)')),
    );
    assert.ok(logs.some((l) => l.includes('/bad -> Malformed: 502 because malformed Lambda proxy response')));
  });

  test('an unknown route gives 404 Not Found when HTTP APIs are served', async () => {
    const res = await within(fetch(`${api.url}/nowhere`));
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { message: 'Not Found' });
    const wrongMethod = await within(fetch(`${api.url}/hello`, { method: 'PUT' }));
    assert.equal(wrongMethod.status, 404);
  });

  test('CORS preflights are answered from the API settings and CORS headers are added to responses', async () => {
    const pre = await within(
      fetch(`${api.url}/items/1`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'GET' },
      }),
    );
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET,POST');
    assert.equal(pre.headers.get('access-control-max-age'), '60');
    const restPre = await within(
      fetch(`${api.url}/orders/1`, {
        method: 'OPTIONS',
        headers: { Origin: 'http://other.test', 'Access-Control-Request-Method': 'POST' },
      }),
    );
    assert.equal(restPre.status, 200);
    assert.equal(restPre.headers.get('access-control-allow-origin'), '*');
    const res = await within(fetch(`${api.url}/hello`, { headers: { Origin: 'http://app.test' } }));
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://app.test');
    const denied = await within(fetch(`${api.url}/hello`, { headers: { Origin: 'http://evil.test' } }));
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
  });

  test('routes are listed with kind, method, path and function', async () => {
    assert.ok(
      api.routes.some(
        (r) => r.kind === 'http' && r.method === 'GET' && r.path === '/items/{id}' && r.functionName === 'Echo',
      ),
    );
    assert.ok(api.routes.some((r) => r.kind === 'rest' && r.method === 'POST' && r.path === '/orders/{orderId}'));
  });
});

test('REST-only APIs answer unknown routes with 403 Missing Authentication Token; reload calls the hook', async () => {
  let reloads = 0;
  const api = await startApi({
    functions: [fakeFunction('R', [{ name: 'A', type: 'Api', properties: { Path: '/a', Method: 'get' } }])],
    settingsFor: () => restSettings,
    invoke: async (fn) => fakeResult(fn, 'success', { statusCode: 204 }),
    reload: () => {
      reloads++;
    },
  });
  try {
    const res = await within(fetch(`${api.url}/b`));
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), { message: 'Missing Authentication Token' });
    assert.equal((await within(fetch(`${api.url}/a`, { method: 'POST' }))).status, 403);
    assert.equal((await within(fetch(`${api.url}/a`))).status, 204);
    await api.reload();
    assert.equal(reloads, 1);
  } finally {
    await api.close();
  }
});

test('a port in use is reported clearly', async () => {
  const first = await startApi({
    functions: [],
    invoke: async (fn) => fakeResult(fn, 'success', '{}'),
    settingsFor: () => restSettings,
  });
  try {
    await assert.rejects(
      startApi({ functions: [], invoke: async (fn) => fakeResult(fn, 'success', '{}'), port: first.port }),
      /port \d+ is already in use/,
    );
  } finally {
    await first.close();
  }
});

test('an invoke the runtime refuses (e.g. a body over 6 MB) gives a 502 with the reason logged', async () => {
  const logs: string[] = [];
  const api = await startApi({
    functions: [fakeFunction('Big', [{ name: 'Up', type: 'HttpApi', properties: { Path: '/up', Method: 'post' } }])],
    settingsFor: () => httpSettings,
    onLog: (line) => logs.push(line),
    invoke: async () => {
      throw new Error('Request must be smaller than 6291456 bytes for the InvokeFunction operation');
    },
  });
  try {
    const res = await within(fetch(`${api.url}/up`, { method: 'POST', body: 'x' }));
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal server error' });
    assert.ok(
      logs.some((l) =>
        l.includes('-> Big: 502 because the invoke was refused (Request must be smaller than 6291456 bytes'),
      ),
      logs.join('\n'),
    );
  } finally {
    await api.close();
  }
});
