import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { debugpyPython, lineOf, stopAtBreakpoint } from './debugSession';
import { fixtureFunction, json } from './fixtureFunction';

const python = debugpyPython();
const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-pydebug-'));
const runtime = new LocalRuntime({ cacheDir, pythonPath: python });
after(async () => {
  await runtime.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('debugging Python functions with debugpy', { timeout: 120_000 }, () => {
  test('a breakpoint in the handler stops there, and the invoke completes after continue', async () => {
    const fn = fixtureFunction('python/app', { name: 'PythonDebug', timeout: 1 });
    const appPy = join(fn.codeDir, 'app.py');
    const line = lineOf(readFileSync(appPy, 'utf8'), 'greeting = "hello "');
    const stop = await stopAtBreakpoint(
      runtime,
      fn,
      '{"name":"debugger"}',
      { path: appPy, line },
      { justMyCode: true },
      30_000,
    );
    assert.equal(stop.adapter, 'debugpy');
    assert.equal(stop.path, appPy);
    assert.equal(stop.line, line);
    assert.equal(stop.result.status, 'success', stop.result.payload.toString());
    assert.equal(json(stop.result.payload).message, 'hello debugger');
    // The 1 s timeout was lifted while the debugger held the handler.
    assert.equal(stop.result.timeoutLifted, true);
  });
});
