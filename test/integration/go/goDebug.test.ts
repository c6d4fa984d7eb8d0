import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { lineOf, stopAtBreakpoint } from '../python/debugSession';
import { fixtureFunction, json } from '../python/fixtureFunction';

// The debug build recompiles the standard library without optimisations once; Go's cache keeps it between runs.
const runtime = new LocalRuntime({ cacheDir: join(tmpdir(), 'lambda-workbench-test-go-cache') });
after(() => runtime.dispose());

describe('debugging Go functions with Delve', { timeout: 400_000 }, () => {
  test('a breakpoint in the handler stops there over DAP, and the invoke completes after continue', async () => {
    const fn = fixtureFunction('go/hello', {
      name: 'GoDebug',
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      timeout: 1,
    });
    const mainGo = join(fn.codeDir, 'main.go');
    const line = lineOf(readFileSync(mainGo, 'utf8'), 'message := "hello "');
    // VS Code's Go extension attaches to a headless Delve the same way: request attach, mode remote.
    const stop = await stopAtBreakpoint(
      runtime,
      fn,
      '{"name":"delve"}',
      { path: mainGo, line },
      { mode: 'remote' },
      300_000,
    );
    assert.equal(stop.adapter, 'dlv');
    assert.equal(stop.path, mainGo);
    assert.equal(stop.line, line);
    assert.equal(stop.result.status, 'success', stop.result.payload.toString());
    assert.equal(json(stop.result.payload).message, 'hello delve');
    assert.equal(stop.result.timeoutLifted, true);
  });
});
