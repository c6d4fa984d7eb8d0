import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageRoot } from '../../../src/core/assets';
import type { FunctionSpec } from '../../../src/core/model';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import type { RuntimeLauncher } from '../../../src/core/runtime/types';
import { FIXTURES, json, testFunction } from '../../support/functions';

const NODE = join(FIXTURES, 'runtime', 'node');

/** Starts AWS's own Node.js runtime interface client instead of ours: it must work unchanged. */
const awsRic: RuntimeLauncher = {
  name: 'aws-lambda-ric',
  matches: () => true,
  prepare: async (fn: FunctionSpec) => ({
    command: process.execPath,
    args: [join(packageRoot(), 'node_modules', 'aws-lambda-ric', 'index.mjs'), fn.handler],
    cwd: fn.codeDir,
    taskRoot: fn.codeDir,
    handler: fn.handler,
    env: {},
    warnings: [],
  }),
};

describe('any Runtime API client works against the local runtime', () => {
  const ric = new LocalRuntime({ launchers: [awsRic] });
  const ours = new LocalRuntime();
  after(async () => {
    await ric.dispose();
    await ours.dispose();
  });

  test("AWS's aws-lambda-ric runs a handler, warm and cold, with its context", async () => {
    const fn = testFunction(NODE, 'handlers.context', { name: 'RicFunction' });
    const first = await ric.invoke(fn, '{}');
    assert.equal(first.status, 'success', first.payload.toString());
    const out = json(first);
    assert.equal(out.awsRequestId, first.requestId);
    assert.equal(out.functionName, 'RicFunction');
    assert.match(out.invokedFunctionArn, /:function:RicFunction$/);
    const second = await ric.invoke(fn, '{}');
    assert.equal(json(second).pid, out.pid);
    assert.equal(second.coldStart, false);
  });

  test('aws-lambda-ric reports handler errors through the error endpoint', async () => {
    const result = await ric.invoke(testFunction(NODE, 'handlers.throws'));
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.error?.errorType, 'TypeError');
    assert.equal(result.error?.errorMessage, 'bad input');
  });

  test('aws-lambda-ric reports an init failure through /runtime/init/error', async () => {
    const result = await ric.invoke(testFunction(NODE, 'missing.handler'));
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.ImportModuleError');
  });

  test('a custom provided.al2023 bootstrap in another language runs unchanged', async () => {
    const fn = testFunction(join(FIXTURES, 'runtime', 'provided'), 'function.handler', { runtime: 'provided.al2023' });
    const result = await ours.invoke(fn, '{"n":1}');
    assert.equal(result.status, 'success', result.payload.toString());
    assert.deepEqual(json(result), { handler: 'function.handler', echo: { n: 1 }, task_root: fn.codeDir });
    assert.ok(result.logs.includes('custom runtime starting handler function.handler'), result.logs.join('\n'));
    assert.ok(result.logs.includes(`handling ${result.requestId}`));
    const failed = await ours.invoke(fn, '{"fail":true}');
    assert.deepEqual(json(failed), { errorType: 'CustomError', errorMessage: 'asked to fail' });
    assert.equal(failed.functionError, 'Unhandled');
    assert.equal(failed.coldStart, false);
  });
});
