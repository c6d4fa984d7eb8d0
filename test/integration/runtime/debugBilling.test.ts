import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InspectorClient } from '../../support/inspectorClient';
import { PauseClock } from '../../../src/core/runtime/pauseClock';
import type { DebugWatcher } from '../../../src/core/runtime/types';
import { FIXTURES, json, testFunction } from '../../support/functions';
import { suiteRuntime } from '../../support/suiteRuntime';

const TS = join(FIXTURES, 'runtime', 'ts');
const SOURCE = join(TS, 'src', 'app.ts');
const RETURN_LINE = readFileSync(SOURCE, 'utf8')
  .split('\n')
  .findIndex((line) => line.includes('return { id: event.id'));
const PAUSE_MS = 1500;

/** A watcher as the editor's debug sessions are: one pause clock for the instance, and what it was told. */
function watcher(): DebugWatcher & { clock: PauseClock; told: Array<[number, string | undefined]> } {
  const clock = new PauseClock();
  const told: Array<[number, string | undefined]> = [];
  return {
    clock,
    told,
    invocation: (pid, requestId) => told.push([pid, requestId]),
    pausedMs: (_pid, from, to) => clock.pausedWithin(from, to),
  };
}

describe('billing a debugged invocation', () => {
  const runtime = suiteRuntime('lwb-debug-billing-');

  test('the time paused at a breakpoint is in Duration, left out of Billed Duration, and said on a PAUSED line; an invoke with no pause bills as before', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-billing' });
    const watch = watcher();
    let ready!: (target: { port: number; pid: number }) => void;
    const target = new Promise<{ port: number; pid: number }>((resolve) => (ready = resolve));
    const result = runtime.invoke(fn, '{"id":"b","quantity":1}', {
      debug: { port: 0, watcher: watch },
      onDebugReady: ready,
    });
    const { port, pid } = await target;
    const client = await InspectorClient.connect(port);
    try {
      await client.enable();
      await client.breakInSource(SOURCE, RETURN_LINE);
      await client.run();
      await client.paused(30_000);
      watch.clock.paused();
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      watch.clock.resumed();
      await client.resume();
      const done = await result;
      assert.deepEqual(json(done), { id: 'b', total: 2 });
      assert.ok(done.pausedMs !== undefined && done.pausedMs >= PAUSE_MS, `paused ${done.pausedMs} ms`);
      assert.ok(done.durationMs >= done.pausedMs, 'Duration includes the pause');
      assert.equal(
        done.billedDurationMs,
        Math.max(1, Math.ceil(done.durationMs + (done.initDurationMs ?? 0) - done.pausedMs)),
      );
      const at = done.logs.findIndex((line) => line.startsWith('PAUSED'));
      assert.match(
        done.logs[at],
        new RegExp(
          `^PAUSED RequestId: ${done.requestId}\\tPaused: \\d+\\.\\d\\d ms at breakpoints \\(not billed: Lambda would bill ${done.billedDurationMs} ms\\)$`,
        ),
      );
      assert.match(
        done.logs[at + 1],
        new RegExp(`^REPORT RequestId: ${done.requestId}\\t.*\\tBilled Duration: ${done.billedDurationMs} ms\\t`),
      );
      assert.deepEqual(watch.told, [
        [pid, done.requestId],
        [pid, undefined],
      ]);

      // The next invoke runs on the same attached instance; its stop is not reported, so nothing is left out.
      const next = runtime.invoke(fn, '{"id":"n","quantity":2}', { debug: { port: 0, watcher: watch } });
      await client.paused(30_000);
      await client.resume();
      const warm = await next;
      assert.equal(warm.coldStart, false);
      assert.equal(warm.pausedMs, undefined);
      assert.equal(warm.billedDurationMs, Math.max(1, Math.ceil(warm.durationMs)));
      assert.equal(
        warm.logs.some((line) => line.startsWith('PAUSED')),
        false,
      );
      assert.deepEqual(watch.told.slice(2), [
        [pid, warm.requestId],
        [pid, undefined],
      ]);
    } finally {
      client.close();
    }
  });
});
