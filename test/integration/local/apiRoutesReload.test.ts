import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { ApiSettings } from '../../../src/core/local/apiGateway/apiSettings';
import { startApi } from '../../../src/core/local/apiGateway/server';
import type { FunctionSpec } from '../../../src/core/model';
import { fakeFunction, fakeResult, within } from '../../unit/local/fakes';

const httpSettings: ApiSettings = {
  logicalId: 'ServerlessHttpApi',
  apiId: 'httpapi123',
  stage: '$default',
  binaryMediaTypes: [],
};

/** Answers every request with the name and STAGE of the function spec it was invoked with. */
const invoke = async (fn: FunctionSpec) =>
  fakeResult(fn, 'success', { statusCode: 200, body: `${fn.name} ${fn.environment.STAGE ?? ''}`.trim() });

test('reload(functions) serves the new routes and specs on the same port, without restarting', async () => {
  let recycled = 0;
  const before = [
    fakeFunction('Hello', [{ name: 'Get', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } }], {
      environment: { STAGE: 'dev' },
    }),
  ];
  const api = await startApi({
    functions: before,
    invoke,
    settingsFor: () => httpSettings,
    reload: () => void recycled++,
  });
  try {
    const keepAlive = await within(fetch(`${api.url}/hello`));
    assert.equal(await keepAlive.text(), 'Hello dev');
    const after = [
      fakeFunction('Hello', [{ name: 'Get', type: 'HttpApi', properties: { Path: '/greet', Method: 'get' } }], {
        environment: { STAGE: 'prod' },
      }),
      fakeFunction('Chat', [{ name: 'Msg', type: 'WebSocket', properties: { Route: '$default' } }]),
    ];
    await api.reload(after);
    assert.equal(recycled, 1);
    assert.equal((await within(fetch(`${api.url}/hello`))).status, 404);
    const greet = await within(fetch(`${api.url}/greet`));
    assert.equal(await greet.text(), 'Hello prod');
    assert.deepEqual(api.routes.map((r) => `${r.kind} ${r.method} ${r.path} ${r.functionName}`).sort(), [
      'http GET /greet Hello',
      'websocket WS $default Chat',
    ]);
    const socket = new WebSocket(api.url.replace(/^http/, 'ws'));
    await within(new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject)));
    socket.close();
  } finally {
    await api.close();
  }
});

test('reload(functions) with a route API Gateway refuses rejects and keeps the routes served', async () => {
  const api = await startApi({
    functions: [
      fakeFunction('Hello', [{ name: 'Get', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } }]),
    ],
    invoke,
    settingsFor: () => httpSettings,
  });
  try {
    const bad = [
      fakeFunction('Hello', [
        { name: 'Get', type: 'HttpApi', properties: { Path: '/hello', Method: 'get', PayloadFormatVersion: '3.0' } },
      ]),
    ];
    await assert.rejects(api.reload(bad), /PayloadFormatVersion must be 1.0 or 2.0/);
    assert.equal((await within(fetch(`${api.url}/hello`))).status, 200);
    assert.deepEqual(
      api.routes.map((r) => r.path),
      ['/hello'],
    );
  } finally {
    await api.close();
  }
});

test('a port in use rejects with code EADDRINUSE and the port', async () => {
  const first = await startApi({ functions: [], invoke, settingsFor: () => httpSettings });
  try {
    const error = await startApi({ functions: [], invoke, port: first.port }).then(
      () => assert.fail('the second server started'),
      (e: unknown) => e as { code?: string; port?: number },
    );
    assert.equal(error.code, 'EADDRINUSE');
    assert.equal(error.port, first.port);
  } finally {
    await first.close();
  }
});
