/**
 * A warm invoke through `serve` (the Lambda Invoke API on loopback, as the SDK and the AWS CLI call it) against its
 * floor, a bare node:http echo server on loopback answering the same request: the p50 of each, measured in
 * alternating rounds in one process so that whatever else the machine does weighs on both alike, and the overhead
 * (goal: at most 1 ms at p50). Both are called over one kept-alive connection, as the SDK does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AsyncInvoker } from '../src/core/async/asyncInvoker';
import { startInvokeApi } from '../src/core/invokeApi/invokeApiServer';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { testFunction } from '../test/support/functions';

const ROUNDS = 20;
const PER_ROUND = 100;
const WARMUP = 200;
const GOAL_MS = 1;
const EVENT = JSON.stringify({ id: 'order-1', quantity: 3 });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function post(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: EVENT, headers: { 'content-type': 'application/json' } });
  const body = await res.text();
  if (res.status !== 200 || body !== EVENT) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
}

async function timed(url: string, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await post(url);
    into.push(performance.now() - start);
  }
}

/** The floor: a node:http server that reads the body and sends it back. */
async function echoServer(): Promise<{ url: string; close: () => void }> {
  const server = createServer({ noDelay: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-serve-bench-'));
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async (event) => event;\n');
  const fn = testFunction(dir, 'index.handler', { id: 'echo', name: 'echo' });
  const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache') });
  const asyncInvoker = new AsyncInvoker({ invoke: (f, payload) => runtime.invoke(f, payload) });
  const api = await startInvokeApi({ runtime, functions: () => [fn], asyncInvoker });
  const echo = await echoServer();
  const serveUrl = `${api.url}/2015-03-31/functions/echo/invocations`;
  try {
    for (let i = 0; i < WARMUP; i++) {
      await post(serveUrl);
      await post(echo.url);
    }
    const floor: number[] = [];
    const serve: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await timed(echo.url, PER_ROUND, floor);
      await timed(serveUrl, PER_ROUND, serve);
    }
    const floorP50 = percentile(floor, 50);
    const serveP50 = percentile(serve, 50);
    const overhead = serveP50 - floorP50;
    console.log(
      `bare loopback echo server p50: ${floorP50.toFixed(3)} ms (p99 ${percentile(floor, 99).toFixed(3)} ms)`,
    );
    console.log(
      `warm invoke through serve p50: ${serveP50.toFixed(3)} ms (p99 ${percentile(serve, 99).toFixed(3)} ms)`,
    );
    console.log(
      `warm invoke overhead through serve over the echo server, p50: ${overhead.toFixed(3)} ms (goal <= ${GOAL_MS} ms: ${overhead <= GOAL_MS ? 'held' : 'missed'}; ratio to the goal ${(overhead / GOAL_MS).toFixed(2)})`,
    );
  } finally {
    echo.close();
    await api.close();
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
