import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AsyncInvoker } from '../../../src/core/async/asyncInvoker';
import { cachedDestinations } from '../../../src/core/async/eventInvokeConfig';
import type { DestinationRecord } from '../../../src/core/async/types';
import { discoverFile } from '../../../src/core/discovery';
import { startApi, type LocalApi } from '../../../src/core/local/apiGateway/server';
import type { FunctionSpec } from '../../../src/core/model';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import WebSocket from 'ws';
import { fakeFunction, within } from '../../unit/local/fakes';

const root = mkdtempSync(join(tmpdir(), 'lwb-api-real-'));
function handlerDir(name: string, source: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), source);
  return dir;
}
const echoSource = (tag: string) =>
  `exports.handler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json', 'x-version': '${tag}' }, body: JSON.stringify(event) });\n`;

describe('the local API on the real local runtime', () => {
  const runtime = new LocalRuntime({ cacheDir: join(root, 'cache') });
  const echoDir = handlerDir('echo', echoSource('v1'));
  const failDir = handlerDir('fail', "exports.handler = async () => { throw new TypeError('bad input'); };\n");
  const fns: FunctionSpec[] = [
    fakeFunction(
      'Echo',
      [
        { name: 'Get', type: 'HttpApi', properties: { Path: '/echo/{id}', Method: 'get' } },
        { name: 'Rest', type: 'Api', properties: { Path: '/rest/{proxy+}', Method: 'any' } },
      ],
      { id: `${echoDir}#Echo`, codeDir: echoDir },
    ),
    fakeFunction('Fail', [{ name: 'Get', type: 'HttpApi', properties: { Path: '/fail', Method: 'get' } }], {
      id: `${failDir}#Fail`,
      codeDir: failDir,
    }),
  ];
  let api: LocalApi;
  const logs: string[] = [];
  before(async () => {
    api = await startApi({
      functions: fns,
      invoke: (fn, payload) => runtime.invoke(fn, payload),
      onLog: (l) => logs.push(l),
      reload: () => runtime.recycle(),
    });
  });
  after(async () => {
    await api.close();
    await runtime.dispose();
  });

  test('a handler receives the 2.0 event and its response comes back', async () => {
    const res = await within(fetch(`${api.url}/echo/7?a=1`, { headers: { 'x-test': 'yes' } }), 20_000);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-version'), 'v1');
    const event = (await res.json()) as Record<string, any>;
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'GET /echo/{id}');
    assert.deepEqual(event.pathParameters, { id: '7' });
    assert.deepEqual(event.queryStringParameters, { a: '1' });
    assert.equal(event.headers['x-test'], 'yes');
    assert.equal(event.requestContext.http.method, 'GET');
  });

  test('a REST greedy route receives the 1.0 event', async () => {
    const res = await within(
      fetch(`${api.url}/rest/a/b`, { method: 'PUT', body: '{"x":1}', headers: { 'content-type': 'application/json' } }),
      20_000,
    );
    const event = (await res.json()) as Record<string, any>;
    assert.equal(event.resource, '/rest/{proxy+}');
    assert.equal(event.httpMethod, 'PUT');
    assert.deepEqual(event.pathParameters, { proxy: 'a/b' });
    assert.equal(event.body, '{"x":1}');
    assert.equal(event.requestContext.stage, 'Prod');
  });

  test("a handler that throws gives API Gateway's 502 and the error in the log", async () => {
    const res = await within(fetch(`${api.url}/fail`), 20_000);
    assert.equal(res.status, 502);
    assert.deepEqual(await res.json(), { message: 'Internal server error' });
    assert.ok(
      logs.some((l) => l.includes('TypeError: bad input')),
      logs.join('\n'),
    );
  });

  test('a changed handler file is served after reload() without restarting the server', async () => {
    writeFileSync(join(echoDir, 'index.js'), echoSource('v2'));
    await api.reload();
    const res = await within(fetch(`${api.url}/echo/1`), 20_000);
    assert.equal(res.headers.get('x-version'), 'v2');
  });
});

test('the examples template: discovery, template settings and the CommonJS handler behind its HTTP API', async () => {
  const templatePath = resolve(__dirname, '../../../examples/template.yaml');
  const { functions } = discoverFile(templatePath, readFileSync(templatePath, 'utf8'));
  const runtime = new LocalRuntime({ cacheDir: join(root, 'cache-examples') });
  const api = await startApi({ functions, invoke: (fn, payload) => runtime.invoke(fn, payload) });
  try {
    assert.ok(api.routes.some((r) => r.kind === 'http' && r.path === '/hello' && r.functionName === 'HelloFunction'));
    assert.ok(api.routes.some((r) => r.kind === 'rest' && r.path === '/orders' && r.method === 'POST'));
    const res = await within(fetch(`${api.url}/hello?name=Ada`), 20_000);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { message: string }).message, 'Hello, Ada!');
    const missing = await within(fetch(`${api.url}/nothing`));
    assert.equal(missing.status, 404);
  } finally {
    await api.close();
    await runtime.dispose();
  }
});

test('an asynchronous event whose handler fails three times lands in the destination record file', async () => {
  const dir = handlerDir(
    'async-fail',
    "let n = 0;\nexports.handler = async (event) => { n++; throw new Error('attempt ' + n + ' for ' + event.order); };\n",
  );
  const templatePath = join(dir, 'template.yaml');
  writeFileSync(
    templatePath,
    [
      'Resources:',
      '  Worker:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      EventInvokeConfig:',
      '        DestinationConfig:',
      '          OnFailure:',
      '            Type: SQS',
      '            Destination: !GetAtt Failed.Arn',
      '',
    ].join('\n'),
  );
  const runtime = new LocalRuntime({ cacheDir: join(root, 'cache-async') });
  const recordPath = join(root, 'records.jsonl');
  const invoker = new AsyncInvoker({
    invoke: (fn, payload, options) => runtime.invoke(fn, payload, options),
    retryDelaysMs: [50, 50],
    recordPath,
    destinationFor: cachedDestinations(),
  });
  try {
    const fn = fakeFunction('Worker', [], { id: `${templatePath}#Worker`, codeDir: dir, templatePath });
    const { requestId } = invoker.enqueue(fn, '{"order":9}');
    await within(invoker.idle(), 30_000);
    const records = readFileSync(recordPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DestinationRecord);
    assert.equal(records.length, 1);
    const [record] = records;
    assert.equal(record.requestContext.requestId, requestId);
    assert.equal(record.requestContext.condition, 'RetriesExhausted');
    assert.equal(record.requestContext.approximateInvokeCount, 3);
    assert.deepEqual(record.requestPayload, { order: 9 });
    assert.equal(record.responseContext?.functionError, 'Unhandled');
    assert.equal((record.responsePayload as { errorMessage: string }).errorMessage, 'attempt 3 for 9');
    assert.deepEqual(record.destination, { type: 'OnFailure', arn: '!GetAtt Failed.Arn' });
  } finally {
    await invoker.dispose();
    await runtime.dispose();
  }
});

test('a real WebSocket handler posts its event back to the client through @connections', async () => {
  const dir = handlerDir(
    'ws-echo',
    [
      'exports.handler = async (event) => {',
      '  const ctx = event.requestContext;',
      "  if (ctx.eventType !== 'MESSAGE') return { statusCode: 200 };",
      '  const url = process.env.AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI + "/@connections/" + encodeURIComponent(ctx.connectionId);',
      "  const res = await fetch(url, { method: 'POST', body: JSON.stringify(event) });",
      '  return { statusCode: res.status };',
      '};',
      '',
    ].join('\n'),
  );
  const fn = fakeFunction(
    'Chat',
    [
      { name: 'WebSocket0', type: 'WebSocket', properties: { route: '$connect' } },
      { name: 'WebSocket1', type: 'WebSocket', properties: { route: '$default' } },
    ],
    { id: `${dir}#Chat`, codeDir: dir },
  );
  const runtime = new LocalRuntime({ cacheDir: join(root, 'cache-ws') });
  const api = await startApi({ functions: [fn], invoke: (f, payload) => runtime.invoke(f, payload) });
  const client = new WebSocket(api.url.replace('http', 'ws'));
  try {
    await within(
      new Promise((resolve, reject) => client.once('open', resolve).once('error', reject)),
      20_000,
      'the $connect handshake',
    );
    const message = within(
      new Promise<string>((resolve) => client.once('message', (data) => resolve(data.toString()))),
      20_000,
      'the posted event',
    );
    client.send('{"action":"hello","n":1}');
    const event = JSON.parse(await message);
    assert.equal(event.requestContext.eventType, 'MESSAGE');
    assert.equal(event.requestContext.routeKey, '$default');
    assert.equal(event.body, '{"action":"hello","n":1}');
    assert.equal(event.isBase64Encoded, false);
  } finally {
    client.terminate();
    await api.close();
    await runtime.dispose();
  }
});
