import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { fixtureFunction } from './fixtureFunction';

/** The version of the `python3` on PATH, which runs a function whose python3.X is missing. */
const hostPython = execFileSync('python3', ['-c', 'import sys; print(".".join(map(str, sys.version_info[:3])))'], {
  encoding: 'utf8',
}).trim();
const [major, minor] = hostPython.split('.');

describe('INIT_START of a Python function', { timeout: 120_000 }, () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-py-initstart-'));
  const runtime = new LocalRuntime({ cacheDir, watchCode: false });
  after(async () => {
    await runtime.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  test('names the Python that ran, as Lambda names runtime versions', async () => {
    const fn = fixtureFunction('python/app', { id: 'initstart-same', runtime: `python${major}.${minor}` });
    const result = await runtime.invoke(fn, '{}');
    assert.equal(result.logs[0], `INIT_START Runtime Version: python:${hostPython} (local)`);
  });

  test('says so when the Python that ran is not the declared one', async () => {
    const fn = fixtureFunction('python/app', { id: 'initstart-other', runtime: 'python3.99' });
    const result = await runtime.invoke(fn, '{}');
    assert.equal(
      result.logs[0],
      `INIT_START Runtime Version: python:${hostPython} (local, not the python3.99 the function declares)`,
    );
  });
});
