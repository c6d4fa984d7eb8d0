import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InvokeRequestError, LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, json, testFunction } from '../../support/functions';

const NODE = join(FIXTURES, 'runtime', 'node');

describe("Lambda's limits and faults: exactly one result each", () => {
  const runtime = new LocalRuntime();
  after(() => runtime.dispose());

  test('timeout: the instance is killed, Sandbox.Timedout is returned, and the next invoke is cold', async () => {
    const fn = testFunction(NODE, 'handlers.sleep', { timeout: 1 });
    const result = await runtime.invoke(fn, '{"ms":60000}');
    assert.equal(result.status, 'timeout');
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(json(result), {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${result.requestId} Error: Task timed out after 1.00 seconds`,
    });
    assert.ok(
      result.logs.some((l) => l.endsWith(`${result.requestId} Task timed out after 1.00 seconds`)),
      result.logs.join('\n'),
    );
    assert.match(result.logs[result.logs.length - 1], /\tStatus: timeout$/);
    assert.ok(
      result.logs.some((l) => l.endsWith('going to sleep')),
      'output before the timeout is kept',
    );
    const next = await runtime.invoke(fn, '{"ms":1}');
    assert.equal(next.status, 'success');
    assert.equal(next.coldStart, true);
  });

  test('process exit during an invoke: Runtime.ExitError with the exit status', async () => {
    const fn = testFunction(NODE, 'handlers.exit');
    const result = await runtime.invoke(fn, '{"code":3}');
    assert.equal(result.status, 'error');
    assert.deepEqual(json(result), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: exit status 3`,
    });
    assert.ok(result.logs.some((l) => /exiting with 3$/.test(l)));
    assert.match(result.logs[result.logs.length - 1], /\tStatus: error\tError Type: Runtime.ExitError$/);
    const again = await runtime.invoke(fn, '{"code":0}');
    assert.equal(
      json(again).errorMessage,
      `RequestId: ${again.requestId} Error: Runtime exited with error: exit status 0`,
    );
  });

  test('memory: going over MemorySize is Runtime.OutOfMemory', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.eatMemory', { memorySize: 128, timeout: 30 }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.OutOfMemory');
    assert.match(
      String(result.error?.errorMessage),
      /^RequestId: \S+ Error: Runtime exited with error: signal: (killed|aborted)$/,
    );
    assert.ok(
      result.maxMemoryUsedMB !== undefined && result.maxMemoryUsedMB > 64,
      `max memory ${result.maxMemoryUsedMB}`,
    );
  });

  test('init errors: import, handler not found, syntax error, malformed handler name, error at load', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['missing.handler', 'Runtime.ImportModuleError', /Cannot find module 'missing'/],
      ['handlers.nope', 'Runtime.HandlerNotFound', /handlers\.nope is undefined or not exported/],
      ['handlers.notAFunction', 'Runtime.HandlerNotFound', /is undefined or not exported/],
      ['syntaxError.handler', 'Runtime.UserCodeSyntaxError', /SyntaxError: Unexpected token/],
      ['nodot', 'Runtime.MalformedHandlerName', /Bad handler nodot/],
      ['initThrows.handler', 'Error', /configuration missing at init/],
    ];
    for (const [handler, errorType, message] of cases) {
      const result = await runtime.invoke(testFunction(NODE, handler));
      assert.equal(result.status, 'error', handler);
      assert.equal(result.functionError, 'Unhandled', handler);
      assert.equal(result.error?.errorType, errorType, handler);
      assert.match(String(result.error?.errorMessage), message, handler);
      assert.ok(
        result.logs.some((l) => l.startsWith('START')) && result.logs.some((l) => l.startsWith('REPORT')),
        handler,
      );
      assert.deepEqual(
        runtime.instances(testFunction(NODE, handler).id).filter((i) => i.state !== 'dead'),
        [],
        `${handler}: the failed instance is gone`,
      );
    }
  });

  test('an exception thrown outside the handler and an unhandled rejection end the instance with an error', async () => {
    const uncaught = await runtime.invoke(testFunction(NODE, 'handlers.uncaught'));
    assert.equal(uncaught.error?.errorType, 'Error');
    assert.equal(uncaught.error?.errorMessage, 'thrown from a timer');
    const rejection = await runtime.invoke(testFunction(NODE, 'handlers.unhandledRejection'));
    assert.equal(rejection.error?.errorType, 'Runtime.UnhandledPromiseRejection');
    assert.match(String(rejection.error?.errorMessage), /nobody caught me/);
  });

  test('a response over 6 MB is Function.ResponseSizeTooLarge, and the instance keeps serving', async () => {
    const fn = testFunction(NODE, 'handlers.big', { memorySize: 512 });
    const result = await runtime.invoke(fn, JSON.stringify({ bytes: 7 * 1024 * 1024 }));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Function.ResponseSizeTooLarge');
    const small = await runtime.invoke(fn, '{"bytes":10}');
    assert.equal(json(small), 'x'.repeat(10));
    assert.equal(small.coldStart, false);
  });

  test('a request over 6 MB or that is not JSON is refused before anything runs', async () => {
    const fn = testFunction(NODE, 'handlers.echo');
    await assert.rejects(
      runtime.invoke(fn, JSON.stringify({ data: 'x'.repeat(6 * 1024 * 1024) })),
      (error: unknown) => {
        assert.ok(error instanceof InvokeRequestError);
        assert.equal(error.code, 'RequestTooLargeException');
        assert.equal(error.statusCode, 413);
        return true;
      },
    );
    await assert.rejects(runtime.invoke(fn, '{"broken": '), /Could not parse request body into json/);
  });

  test('a runtime that cannot start gets a clear error result', async () => {
    const missing = await runtime.invoke(
      testFunction(join(FIXTURES, 'runtime', 'nowhere'), 'bootstrap', { runtime: 'provided.al2023' }),
    );
    assert.equal(missing.error?.errorType, 'Runtime.InvalidEntrypoint');
    assert.match(String(missing.error?.errorMessage), /Couldn't find valid bootstrap/);
    const unknown = await runtime.invoke(testFunction(NODE, 'handlers.echo', { runtime: 'ruby3.3' }));
    assert.equal(unknown.error?.errorType, 'Runtime.InvalidRuntime');
    assert.match(String(unknown.error?.errorMessage), /'ruby3.3'.*cannot run locally/);
  });
});
