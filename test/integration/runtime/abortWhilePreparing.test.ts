import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createLaunchers } from '../../../src/core/runtime/launchers';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import type { RuntimeLauncher } from '../../../src/core/runtime/types';
import { FIXTURES, json, testFunction } from '../../support/functions';

const NODE = join(FIXTURES, 'runtime', 'node');

/**
 * A launcher whose preparation (what a Go or TypeScript build does) is held open until the test releases it, so
 * that an abort lands while the instance is being prepared, whatever the speed of the machine.
 */
function heldLauncher(): {
  launcher: RuntimeLauncher;
  preparing: Promise<void>;
  release: () => void;
  prepared: () => number;
} {
  const node = createLaunchers()[0];
  let calls = 0;
  let started!: () => void;
  let release!: () => void;
  const preparing = new Promise<void>((resolve) => (started = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const launcher: RuntimeLauncher = {
    name: 'held-node',
    matches: (fn) => node.matches(fn),
    async prepare(fn, options) {
      calls++;
      started();
      await released;
      return node.prepare(fn, options);
    },
  };
  return { launcher, preparing, release, prepared: () => calls };
}

describe('an abort while the instance is being prepared', () => {
  const held = heldLauncher();
  const runtime = new LocalRuntime({ launchers: [held.launcher] });
  after(() => runtime.dispose());

  test(
    'ends the invocation at once with Workbench.Cancelled, and the instance started for it is not kept',
    { timeout: 60_000 },
    async () => {
      const fn = testFunction(NODE, 'handlers.context', { id: 'abort-while-preparing', reservedConcurrency: 1 });
      const controller = new AbortController();
      const first = runtime.invoke(fn, '{}', { signal: controller.signal });
      await held.preparing;
      controller.abort();
      // The preparation is still held: the result can only come from the abort itself.
      const cancelled = await first;
      assert.equal(cancelled.status, 'error');
      assert.equal(cancelled.error?.errorType, 'Workbench.Cancelled');
      assert.match(String(cancelled.error?.errorMessage), /cancelled before it started/);
      assert.equal(held.prepared(), 1);

      held.release();
      // One instance at most: the next invoke runs only once the one prepared for the cancelled invocation is gone,
      // on an instance of its own (a cold start), not on that one kept warm.
      const next = await runtime.invoke(fn, '{}');
      assert.equal(next.status, 'success');
      assert.equal(next.coldStart, true);
      assert.equal(held.prepared(), 2);
      assert.equal(json(next).awsRequestId, next.requestId);
    },
  );
});
