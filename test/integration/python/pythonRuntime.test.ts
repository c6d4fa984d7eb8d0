import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { fixtureFunction, json } from './fixtureFunction';

const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-python-'));
const runtime = new LocalRuntime({ cacheDir, maxConcurrency: 2 });
after(async () => {
  await runtime.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

const app = (overrides: Parameters<typeof fixtureFunction>[1] = {}) =>
  fixtureFunction('python/app', { name: 'PythonApp', ...overrides });

describe('Python functions on the local runtime', { timeout: 120_000 }, () => {
  test('a handler returns its result with the Python context object', async () => {
    const fn = app({ functionName: 'orders-python', memorySize: 320 });
    const result = await runtime.invoke(fn, JSON.stringify({ name: 'Ada' }), {
      identity: JSON.stringify({ cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' }),
      clientContext: JSON.stringify({ custom: { tenant: 't1' } }),
    });
    assert.equal(result.status, 'success', result.payload.toString());
    const body = json(result.payload);
    assert.equal(body.message, 'hello Ada');
    assert.equal(body.requestId, result.requestId);
    assert.equal(body.functionName, 'orders-python');
    assert.equal(body.functionVersion, '$LATEST');
    assert.equal(body.memoryLimitInMB, '320');
    assert.match(body.invokedFunctionArn, /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:orders-python$/);
    assert.equal(body.logGroupName, '/aws/lambda/orders-python');
    assert.ok(body.remainingMs > 0 && body.remainingMs <= 10_000, `remaining ${body.remainingMs}`);
    assert.equal(body.identity, 'id-1');
    assert.deepEqual(body.clientContext, { tenant: 't1' });
    assert.equal(body.taskRoot, fn.codeDir);
    assert.ok(result.logs.some((l) => l.startsWith(`START RequestId: ${result.requestId}`)));
    assert.ok(result.logs.includes('handling ok'), result.logs.join('\n'));
    assert.ok(result.logs.some((l) => l.startsWith(`REPORT RequestId: ${result.requestId}`)));
  });

  test('a warm instance serves the next invoke', async () => {
    const fn = app({ name: 'Warm' });
    const first = await runtime.invoke(fn, '{}');
    const second = await runtime.invoke(fn, '{}');
    assert.equal(json(first.payload).pid, json(second.payload).pid);
    assert.equal(first.coldStart, true);
    assert.equal(second.coldStart, false);
  });

  for (const handler of ['pkg/nested.handler', 'pkg.nested.handler']) {
    test(`handler ${handler} imports the module of a package`, async () => {
      const result = await runtime.invoke(app({ name: `Nested-${handler}`, handler }), '{}');
      assert.deepEqual(json(result.payload), { module: 'pkg.nested' });
    });
  }

  test('an exception becomes the Python runtime error shape, and is logged', async () => {
    const result = await runtime.invoke(app({ name: 'Fails' }), JSON.stringify({ action: 'fail' }));
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    const body = json(result.payload);
    assert.deepEqual(Object.keys(body), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.equal(body.errorType, 'ValueError');
    assert.equal(body.errorMessage, 'the order was rejected');
    assert.equal(body.requestId, result.requestId);
    assert.equal(body.stackTrace.length, 1);
    assert.match(
      body.stackTrace[0],
      /^ {2}File ".*app\.py", line \d+, in handler\n {4}raise ValueError\("the order was rejected"\)\n$/,
    );
    assert.ok(result.logs.includes('[ERROR] ValueError: the order was rejected'), result.logs.join('\n'));
    assert.ok(result.logs.includes('Traceback (most recent call last):'));
  });

  const initErrors: [string, string, string | RegExp][] = [
    ['nope.handler', 'Runtime.ImportModuleError', "Unable to import module 'nope': No module named 'nope'"],
    [
      'imports_missing.handler',
      'Runtime.ImportModuleError',
      "Unable to import module 'imports_missing': No module named 'a_module_that_is_not_installed'",
    ],
    ['app.missing', 'Runtime.HandlerNotFound', "Handler 'missing' missing on module 'app'"],
    ['syntax_error.handler', 'Runtime.UserCodeSyntaxError', /^Syntax error in module 'syntax_error': /],
    ['app', 'Runtime.MalformedHandlerName', "Bad handler 'app': not enough values to unpack (expected 2, got 1)"],
    ['raises_on_import.handler', 'RuntimeError', 'configuration is missing'],
  ];
  for (const [handler, errorType, message] of initErrors) {
    test(`init error ${errorType} for handler ${handler}`, async () => {
      const result = await runtime.invoke(app({ name: `Init-${handler}`, handler }), '{}');
      assert.equal(result.status, 'error');
      const body = json(result.payload);
      assert.equal(body.errorType, errorType, result.payload.toString());
      if (typeof message === 'string') assert.equal(body.errorMessage, message);
      else assert.match(body.errorMessage, message);
      assert.ok(Array.isArray(body.stackTrace));
      assert.ok(
        result.logs.some((l) => l.startsWith(`[ERROR] ${errorType}:`)),
        result.logs.join('\n'),
      );
    });
  }

  test('a handler that runs past its timeout is stopped like Lambda stops it', async () => {
    const result = await runtime.invoke(
      app({ name: 'Slow', timeout: 1 }),
      JSON.stringify({ action: 'sleep', seconds: 30 }),
    );
    assert.equal(result.status, 'timeout');
    assert.match(json(result.payload).errorMessage, /Task timed out after 1\.00 seconds/);
  });

  test('sys.exit in a handler is a Runtime.ExitError', async () => {
    const result = await runtime.invoke(app({ name: 'Exits' }), JSON.stringify({ action: 'exit' }));
    assert.equal(result.status, 'error');
    const body = json(result.payload);
    assert.equal(body.errorType, 'Runtime.ExitError');
    assert.match(body.errorMessage, /exit status 3/);
  });

  test('logging lines carry level, UTC timestamp and request id', async () => {
    const result = await runtime.invoke(app({ name: 'Logs' }), JSON.stringify({ action: 'log' }));
    const id = result.requestId;
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
    assert.ok(
      result.logs.some((l) => new RegExp(`^\\[INFO\\]\\t${stamp}\\t${id}\\tan info line$`).test(l)),
      result.logs.join('\n'),
    );
    assert.ok(result.logs.some((l) => new RegExp(`^\\[WARNING\\]\\t${stamp}\\t${id}\\ta warning line$`).test(l)));
  });

  test('AWS_LAMBDA_LOG_FORMAT=JSON writes JSON log lines', async () => {
    const result = await runtime.invoke(
      app({ name: 'JsonLogs', logFormat: 'JSON' }),
      JSON.stringify({ action: 'log' }),
    );
    const records = result.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    const info = records.find((r) => r.message === 'an info line');
    assert.ok(info, result.logs.join('\n'));
    assert.equal(info.level, 'INFO');
    assert.equal(info.logger, 'root');
    assert.equal(info.requestId, result.requestId);
    assert.match(info.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const warning = records.find((r) => r.message === 'a warning line');
    assert.equal(warning.orderId, 42);
    assert.ok(result.logs.includes('handling log'), 'print output stays plain text');
  });

  test('Decimal values are written as numbers; what JSON cannot hold is a Runtime.MarshalError', async () => {
    const decimal = await runtime.invoke(app({ name: 'Marshal' }), JSON.stringify({ action: 'decimal' }));
    assert.equal(decimal.payload.toString(), '{"price": 19.90}');
    const failed = await runtime.invoke(app({ name: 'Marshal' }), JSON.stringify({ action: 'unserialisable' }));
    const body = json(failed.payload);
    assert.equal(body.errorType, 'Runtime.MarshalError');
    assert.equal(body.errorMessage, 'Unable to marshal response: Object of type set is not JSON serializable');
  });
});
