/**
 * Local runtime figures, measured side by side in one run:
 * - cold invoke (new instance: process start, init, invoke) against a bare `node -e 0` start;
 * - warm invoke latency p50/p99 and its overhead over the handler's own duration;
 * - sequential warm throughput; peak memory of the host and of one instance.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { testFunction } from '../test/support/functions';

const COLD_RUNS = 21;
// Both sides start Node with the same environment. NODE_EXTRA_CA_CERTS (set on some machines for a proxy) makes
// every Node start read the whole CA bundle, tens of ms that are the machine's, not the runtime's: left out of both.
const HOST_ENV: NodeJS.ProcessEnv = { ...process.env };
delete HOST_ENV.NODE_EXTRA_CA_CERTS;
const WARM_RUNS = 2000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-bench-'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async (event) => ({ ok: true, n: event.n });\n');

  // Bare starts and cold invokes alternate, so that whatever else the machine does weighs on both alike.
  const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache'), hostEnv: HOST_ENV });
  const bare: number[] = [];
  const cold: number[] = [];
  const init: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    let start = performance.now();
    spawnSync('node', ['-e', '0'], { env: HOST_ENV });
    bare.push(performance.now() - start);
    const fn = testFunction(dir, 'index.handler', { id: `cold-${i}` });
    start = performance.now();
    const result = await runtime.invoke(fn, '{"n":1}');
    cold.push(performance.now() - start);
    init.push(result.initDurationMs ?? 0);
    if (result.status !== 'success') throw new Error(`cold invoke failed: ${result.payload}`);
  }
  await runtime.dispose();

  const warmRuntime = new LocalRuntime({ cacheDir: join(dir, 'cache'), hostEnv: HOST_ENV });
  const fn = testFunction(dir, 'index.handler', { id: 'warm' });
  await warmRuntime.invoke(fn, '{"n":0}');
  const latency: number[] = [];
  const overhead: number[] = [];
  let maxInstanceMB = 0;
  const started = performance.now();
  for (let i = 0; i < WARM_RUNS; i++) {
    const start = performance.now();
    const result = await warmRuntime.invoke(fn, `{"n":${i}}`);
    const elapsed = performance.now() - start;
    latency.push(elapsed);
    overhead.push(elapsed - result.durationMs);
    maxInstanceMB = Math.max(maxInstanceMB, result.maxMemoryUsedMB ?? 0);
  }
  const seconds = (performance.now() - started) / 1000;
  await warmRuntime.dispose();

  const coldMedian = median(cold);
  const bareMedian = median(bare);
  console.log(`bare node -e 0 start (median of ${COLD_RUNS}): ${bareMedian.toFixed(1)} ms`);
  console.log(`cold invoke (median of ${COLD_RUNS}): ${coldMedian.toFixed(1)} ms`);
  console.log(`cold invoke / bare node start: ${(coldMedian / bareMedian).toFixed(2)} x (goal <= 1.5 x)`);
  console.log(`cold init duration (median): ${median(init).toFixed(1)} ms`);
  console.log(`warm invoke latency p50: ${percentile(latency, 50).toFixed(3)} ms`);
  console.log(`warm invoke latency p99: ${percentile(latency, 99).toFixed(3)} ms`);
  console.log(
    `warm invoke overhead over handler duration p50: ${percentile(overhead, 50).toFixed(3)} ms (goal <= 1 ms)`,
  );
  console.log(`warm invoke overhead over handler duration p99: ${percentile(overhead, 99).toFixed(3)} ms`);
  console.log(`sequential warm throughput: ${(WARM_RUNS / seconds).toFixed(0)} invokes/s`);
  console.log(
    `peak memory, host process: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(1)} MB rss (${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB max)`,
  );
  console.log(`peak memory, one instance: ${maxInstanceMB} MB (Max Memory Used)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
