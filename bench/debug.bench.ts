/**
 * Debug figures at the core level, with the inspector client attaching as an editor does: the time from a debug
 * invoke to the first breakpoint hit in a TypeScript handler's source,
 * - cold with a fresh TypeScript build (esbuild bundle and source map written),
 * - cold on a built bundle (new instance: process start, inspector, attach, handler load),
 * - warm (the next invoke on the attached instance), next to a warm Run of the same handler (goal: the re-hit takes
 *   at most 1.2 x the Run, measured in alternation);
 * and how long the inspector takes to listen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InspectorClient } from '../test/support/inspectorClient';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import type { FunctionSpec } from '../src/core/model';
import type { InvocationResult } from '../src/core/runtime/types';
import { FIXTURES, testFunction } from '../test/support/functions';

const COLD_RUNS = 8;
const WARM_RUNS = 100;
const CODE = join(FIXTURES, 'runtime', 'ts');
const SOURCE = join(CODE, 'src', 'app.ts');
const LINE = readFileSync(SOURCE, 'utf8')
  .split('\n')
  .findIndex((text) => text.includes('return { id: event.id'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within 60 s`)), 60_000))),
  ]).finally(() => clearTimeout(timer));
}

interface ColdHit {
  client: InspectorClient;
  result: Promise<InvocationResult>;
  listeningMs: number;
  hitMs: number;
}

/** A debug invoke on a new instance, attached with a breakpoint in the .ts source, until the breakpoint is hit. */
async function coldHit(runtime: LocalRuntime, fn: FunctionSpec): Promise<ColdHit> {
  const start = performance.now();
  let listeningMs = 0;
  let result!: Promise<InvocationResult>;
  const ready = new Promise<number>((resolve) => {
    result = runtime.invoke(fn, '{"id":"b","quantity":1}', {
      debug: { port: 0, waitForAttach: true },
      onDebugReady: (target) => {
        listeningMs = performance.now() - start;
        resolve(target.port);
      },
    });
  });
  const client = await InspectorClient.connect(await bounded(ready, 'debug instance'));
  await client.enable();
  await client.breakInSource(SOURCE, LINE);
  await client.run();
  await client.paused(60_000);
  return { client, result, listeningMs, hitMs: performance.now() - start };
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-debug-bench-'));
  const runtime = new LocalRuntime({ cacheDir });
  try {
    const built = await coldHit(runtime, testFunction(CODE, 'src/app.handler', { id: 'build' }));
    await built.client.resume();
    await bounded(built.result, 'result');
    built.client.close();
    runtime.recycle('build', { debugOnly: true });

    const cold: number[] = [];
    const listening: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      // The same function id each time: its bundle is reused, and recycling leaves no instance to reuse.
      const hit = await coldHit(runtime, testFunction(CODE, 'src/app.handler', { id: 'build' }));
      cold.push(hit.hitMs);
      listening.push(hit.listeningMs);
      await hit.client.resume();
      await bounded(hit.result, 'result');
      hit.client.close();
      runtime.recycle('build', { debugOnly: true });
    }

    const fn = testFunction(CODE, 'src/app.handler', { id: 'build' });
    const attached = await coldHit(runtime, fn);
    await attached.client.resume();
    await bounded(attached.result, 'result');
    const warm: number[] = [];
    const run: number[] = [];
    // A function of its own: its instances and code stamp never touch the attached debug instance's.
    const plain = testFunction(CODE, 'src/app.handler', { id: 'run' });
    await runtime.invoke(plain, '{"id":"r","quantity":1}');
    for (let i = 0; i < WARM_RUNS; i++) {
      let start = performance.now();
      const result = runtime.invoke(fn, '{"id":"w","quantity":1}', { debug: { port: 0 } });
      await attached.client.paused(60_000);
      warm.push(performance.now() - start);
      await attached.client.resume();
      await bounded(result, 'result');
      start = performance.now();
      const ran = await runtime.invoke(plain, '{"id":"r","quantity":1}');
      run.push(performance.now() - start);
      if (ran.status !== 'success') throw new Error(`warm run failed: ${ran.payload}`);
    }
    attached.client.close();

    console.log(`debug request to first breakpoint hit, cold with TypeScript build: ${built.hitMs.toFixed(1)} ms`);
    console.log(`debug request to first breakpoint hit, cold (median of ${COLD_RUNS}): ${median(cold).toFixed(1)} ms`);
    console.log(
      `debug request to inspector listening, cold (median of ${COLD_RUNS}): ${median(listening).toFixed(1)} ms`,
    );
    console.log(
      `debug request to breakpoint hit, warm attached instance (median of ${WARM_RUNS}): ${median(warm).toFixed(2)} ms`,
    );
    console.log(
      `debug request to breakpoint hit, warm attached instance (max of ${WARM_RUNS}): ${Math.max(...warm).toFixed(2)} ms`,
    );
    const ratio = median(warm) / median(run);
    console.log(
      `warm Run of the same handler (median of ${WARM_RUNS}): ${median(run).toFixed(2)} ms; warm breakpoint re-hit / warm Run: ${ratio.toFixed(2)} x (goal <= 1.2 x: ${ratio <= 1.2 ? 'held' : 'missed'})`,
    );
  } finally {
    await runtime.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
