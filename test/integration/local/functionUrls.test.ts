import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFunctionUrls, type FunctionUrls } from '../../../src/core/local/functionUrls/functionUrlServer';
import type { FunctionSpec } from '../../../src/core/model';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, testFunction } from '../../support/functions';
import { startSignal, type Signal } from '../../support/signal';
import { signedHeaders } from '../../support/sigv4';

const STREAMING = join(FIXTURES, 'runtime', 'streaming');
const KEYS = { accessKeyId: 'AKIDURLTEST', secretAccessKey: 'url/test/secret', origin: 'environment' };

describe('function URLs served locally', () => {
  const runtime = new LocalRuntime();
  let signal: Signal;
  let urls: FunctionUrls;
  const logs: string[] = [];
  const urlOf = (name: string) => urls.urls.find((u) => u.functionName === name)!.url;

  before(async () => {
    signal = await startSignal();
    const functions: FunctionSpec[] = [
      testFunction(STREAMING, 'stream.plain', {
        name: 'Buffered',
        url: {
          authType: 'NONE',
          invokeMode: 'BUFFERED',
          declaredBy: 'FunctionUrlConfig',
          cors: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET', 'POST'] },
        },
      }),
      testFunction(STREAMING, 'stream.page', {
        name: 'Streamed',
        environment: { SIGNAL_URL: signal.url },
        url: { authType: 'NONE', invokeMode: 'RESPONSE_STREAM', declaredBy: 'StreamedUrl' },
      }),
      testFunction(STREAMING, 'stream.plain', {
        name: 'Private',
        url: { authType: 'AWS_IAM', invokeMode: 'BUFFERED', declaredBy: 'FunctionUrlConfig' },
      }),
      testFunction(STREAMING, 'stream.failsMidway', {
        name: 'Breaks',
        url: { authType: 'NONE', invokeMode: 'RESPONSE_STREAM', declaredBy: 'FunctionUrlConfig' },
      }),
    ];
    urls = await startFunctionUrls({
      functions,
      invoke: (fn, payload, options) => runtime.invoke(fn, payload, options),
      accountId: '123456789012',
      credentials: KEYS,
      onLog: (line) => logs.push(line),
    });
  });
  after(async () => {
    await urls.close();
    await signal.close();
    await runtime.dispose();
  });

  test('each URL has its own port on 127.0.0.1', () => {
    assert.equal(urls.urls.length, 4);
    assert.equal(new Set(urls.urls.map((u) => u.port)).size, 4);
    for (const u of urls.urls) assert.match(u.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('BUFFERED: the function URL event reaches the handler and the 2.0 response comes back, with CORS', async () => {
    const res = await fetch(`${urlOf('Buffered')}orders/7?x=1`, {
      method: 'POST',
      headers: { origin: 'https://app.example.com' },
      body: 'hi',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { path: '/orders/7', method: 'POST' });
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const preflight = await fetch(urlOf('Buffered'), {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 200);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('RESPONSE_STREAM: fetch reads the prelude’s status, headers and cookies, then the first chunk before the handler ends', async () => {
    const res = await fetch(`${urlOf('Streamed')}live`);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-type'), 'text/html');
    assert.equal(res.headers.get('x-streamed'), 'yes');
    assert.equal(res.headers.get('set-cookie'), 'session=abc; Path=/');
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.equal(Buffer.from(first.value!).toString(), '<p>/live</p>');
    // The handler waits for this go-ahead before it writes the rest: the first chunk arrived while it ran.
    signal.release();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      rest += Buffer.from(chunk.value).toString();
    assert.equal(rest, '<p>done</p>');
  });

  test('RESPONSE_STREAM: a stream that fails after it started is cut off', async () => {
    const res = await fetch(urlOf('Breaks'));
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    assert.ok(logs.some((line) => line.includes('the response stream ended with TypeError: lost the upstream')));
  });

  test('AWS_IAM: unsigned is 403 {"Message":"Forbidden"}, signed with the local keys is 200, a wrong secret 403', async () => {
    const url = `${urlOf('Private')}secure`;
    const unsigned = await fetch(url);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(await unsigned.json(), { Message: 'Forbidden' });
    const signed = await fetch(url, { headers: await signedHeaders(url, KEYS) });
    assert.equal(signed.status, 200);
    assert.deepEqual(await signed.json(), { path: '/secure', method: 'GET' });
    const forged = await fetch(url, { headers: await signedHeaders(url, { ...KEYS, secretAccessKey: 'guessed' }) });
    assert.equal(forged.status, 403);
  });
});
