import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';

/** A runtime with a cache folder of its own (`prefix` names it), disposed and removed once the suite is over. */
export function suiteRuntime(prefix: string): LocalRuntime {
  const cacheDir = mkdtempSync(join(tmpdir(), prefix));
  const runtime = new LocalRuntime({ cacheDir });
  after(async () => {
    await runtime.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  return runtime;
}
