/**
 * Local API Gateway figures for a trivial handler behind an HTTP API route, measured side by side in one run against
 * serverless-offline (serverless v3 + serverless-offline v13) serving the same handler, installed into a temporary
 * folder (never into the project; when it cannot run, the reason is printed instead):
 * - one client (concurrency 1): p50/p99 latency and requests per second;
 * - 8 clients at once (concurrency 8): requests per second and p50 latency;
 * - what the API layer adds over invoking the runtime directly.
 * Every client keeps its connection alive (fetch's default agent), as a browser or a test suite does. Both servers
 * are first warmed with as many requests from 8 clients as one measured set, so that each is measured in its steady
 * state rather than while V8 still compiles. Each figure is printed next to serverless-offline's with the ratio and
 * the goal (throughput >= 1.0 x, p50 <= 1.0 x).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApi } from '../src/core/local/apiGateway/server';
import type { FunctionSpec } from '../src/core/model';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { freePort } from '../scripts/freePort.mjs';
import { testFunction } from '../test/support/functions';

const HANDLER =
  "module.exports.hello = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });\n";
const WARMUP = 50;
const SEQUENTIAL = 500;
const CONCURRENT_REQUESTS = 2000;
const CLIENTS = 8;
const ROUNDS = 10;
const OFFLINE_DIR = join(tmpdir(), 'lambda-workbench-bench-offline');

interface Load {
  p50: number;
  p99: number;
  rps: number;
}

interface Figures {
  one: Load;
  eight: Load;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function get(url: string): Promise<void> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200 || body !== 'ok') throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
}

/** `total` requests from `clients` clients at once, each waiting for its answer before asking again. */
async function load(
  url: string,
  clients: number,
  total: number,
): Promise<{ latency: number[]; seconds: number; total: number }> {
  const latency: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < total) {
        const start = performance.now();
        await get(url);
        latency.push(performance.now() - start);
      }
    }),
  );
  return { latency, seconds: (performance.now() - started) / 1000, total };
}

/** A server under test: where to send requests, and how to stop it. */
interface Served {
  url: string;
  stop(): Promise<void>;
}

function merge(parts: Array<{ latency: number[]; seconds: number; total: number }>): Load {
  const latency = parts.flatMap((p) => p.latency);
  const seconds = parts.reduce((sum, p) => sum + p.seconds, 0);
  const total = parts.reduce((sum, p) => sum + p.total, 0);
  return { p50: percentile(latency, 50), p99: percentile(latency, 99), rps: total / seconds };
}

/**
 * Measures every server at concurrency 1 and 8 in alternating rounds (a, b, a, b...), so that whatever else the
 * machine does meanwhile weighs on each alike.
 */
async function measureAll(urls: string[]): Promise<Figures[]> {
  for (const url of urls) {
    for (let i = 0; i < WARMUP; i++) await get(url);
    // Warm as many instances as there are clients, so cold starts stay out of the throughput figure, and keep them
    // busy long enough for V8 to have compiled their hot paths, as a server is measured in its steady state.
    await load(url, CLIENTS, CONCURRENT_REQUESTS);
  }
  const one = urls.map(() => [] as Array<{ latency: number[]; seconds: number; total: number }>);
  const eight = urls.map(() => [] as Array<{ latency: number[]; seconds: number; total: number }>);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < urls.length; k++) one[k].push(await load(urls[k], 1, SEQUENTIAL / ROUNDS));
    for (let k = 0; k < urls.length; k++) eight[k].push(await load(urls[k], CLIENTS, CONCURRENT_REQUESTS / ROUNDS));
  }
  return urls.map((_, k) => ({ one: merge(one[k]), eight: merge(eight[k]) }));
}

function print(name: string, figures: Figures): void {
  console.log(
    `${name}, 1 client: ${figures.one.rps.toFixed(0)} req/s, p50 ${figures.one.p50.toFixed(2)} ms, p99 ${figures.one.p99.toFixed(2)} ms`,
  );
  console.log(
    `${name}, ${CLIENTS} clients: ${figures.eight.rps.toFixed(0)} req/s, p50 ${figures.eight.p50.toFixed(2)} ms, p99 ${figures.eight.p99.toFixed(2)} ms`,
  );
}

/** Each figure of the local API next to serverless-offline's, with the ratio and the goal. */
function compare(local: Figures, offline: Figures): void {
  const line = (what: string, ours: number, theirs: number, unit: string, higherIsBetter: boolean) => {
    const ratio = ours / theirs;
    const goal = higherIsBetter ? '>= 1.0 x' : '<= 1.0 x';
    const held = higherIsBetter ? ratio >= 1 : ratio <= 1;
    console.log(
      `${what}: local api ${ours.toFixed(unit === 'ms' ? 2 : 0)} ${unit}, serverless-offline ${theirs.toFixed(unit === 'ms' ? 2 : 0)} ${unit}: ${ratio.toFixed(2)} x (goal ${goal}: ${held ? 'held' : 'missed'})`,
    );
  };
  line('throughput, 1 client', local.one.rps, offline.one.rps, 'req/s', true);
  line(`throughput, ${CLIENTS} clients`, local.eight.rps, offline.eight.rps, 'req/s', true);
  line('p50 latency, 1 client', local.one.p50, offline.one.p50, 'ms', false);
  line(`p50 latency, ${CLIENTS} clients`, local.eight.p50, offline.eight.p50, 'ms', false);
}

function helloFunction(dir: string): FunctionSpec {
  return testFunction(dir, 'handler.hello', {
    id: `${dir}#Hello`,
    name: 'Hello',
    events: [{ name: 'Hello', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } }],
  });
}

/** The child side: serves the local API for `dir` and prints its URL, until stdin closes. */
async function serveLocal(dir: string): Promise<void> {
  const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache') });
  const api = await startApi({ functions: [helloFunction(dir)], invoke: (f, payload) => runtime.invoke(f, payload) });
  console.log(api.url);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await api.close();
  await runtime.dispose();
}

/** The local API runs in its own process, as serverless-offline does, so clients and server do not share a CPU. */
async function startLocal(dir: string): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve', dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('the local API did not start within 60 s')), 60_000);
      child.stdout!.on('data', (chunk) => {
        out += chunk;
        const line = /^(http:\/\/\S+)\n/m.exec(out);
        if (line) {
          clearTimeout(timer);
          resolve(line[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the local API exited with code ${code}`)));
    });
    return { url: `${url}/hello`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** p50 of invoking the runtime directly (no API layer), in this process. */
async function directP50(dir: string): Promise<number> {
  const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache') });
  const fn = helloFunction(dir);
  const direct: number[] = [];
  for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
    const start = performance.now();
    await runtime.invoke(fn, '{}');
    if (i >= WARMUP) direct.push(performance.now() - start);
  }
  await runtime.dispose();
  return percentile(direct, 50);
}

/**
 * Installs serverless v3 and serverless-offline v13 into the bench's own folder; returns why not, when it fails.
 * Several checkouts on one machine share that folder: each installs into a folder of its own, then renames it into
 * place (an atomic step), so no run ever sees a half-written install.
 */
function installOffline(): string | undefined {
  const ready = () =>
    existsSync(join(OFFLINE_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js')) &&
    existsSync(join(OFFLINE_DIR, 'node_modules', 'serverless-offline', 'package.json'));
  if (ready()) return undefined;
  const staging = mkdtempSync(`${OFFLINE_DIR}-install-`);
  try {
    writeFileSync(join(staging, 'package.json'), '{"name":"bench-offline","private":true}\n');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', 'serverless@3', 'serverless-offline@13'], {
      cwd: staging,
      encoding: 'utf8',
      timeout: 10 * 60_000,
    });
    if (result.error) return `npm could not run: ${result.error.message}`;
    if (result.status !== 0)
      return `npm install serverless@3 serverless-offline@13 failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`;
    if (ready()) return undefined; // another run finished first
    rmSync(OFFLINE_DIR, { recursive: true, force: true });
    try {
      renameSync(staging, OFFLINE_DIR);
    } catch (error) {
      if (!ready()) return `could not move the install into ${OFFLINE_DIR}: ${(error as Error).message}`;
    }
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function version(pkg: string): string {
  return JSON.parse(readFileSync(join(OFFLINE_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `serverless offline exited with code ${child.exitCode}: ${output().trim().split('\n').slice(-5).join(' / ')}`,
      );
    try {
      await get(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(
    `serverless offline did not serve ${url} within 90 s: ${output().trim().split('\n').slice(-5).join(' / ')}`,
  );
}

/** Starts serverless offline on the same handler; returns why not, when it cannot. */
async function startOffline(): Promise<Served | string> {
  const failure = installOffline();
  if (failure) return failure;
  // A project folder of its own: other runs may serve theirs from the same install at the same time.
  const project = mkdtempSync(join(OFFLINE_DIR, 'project-'));
  writeFileSync(join(project, 'handler.js'), HANDLER);
  writeFileSync(
    join(project, 'serverless.yml'),
    [
      'service: bench',
      "frameworkVersion: '3'",
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      'plugins:',
      '  - serverless-offline',
      'functions:',
      '  hello:',
      '    handler: handler.hello',
      '    events:',
      '      - httpApi:',
      '          path: /hello',
      '          method: get',
      '',
    ].join('\n'),
  );
  const httpPort = await freePort();
  const lambdaPort = await freePort();
  const cli = join(OFFLINE_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const child = spawn(
    process.execPath,
    [
      cli,
      'offline',
      'start',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
      '--host',
      '127.0.0.1',
      '--noTimeout',
    ],
    {
      cwd: project,
      env: {
        ...process.env,
        NODE_PATH: join(OFFLINE_DIR, 'node_modules'),
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        SLS_DEPRECATION_DISABLE: '*',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(project, { recursive: true, force: true });
  };
  try {
    const url = `http://127.0.0.1:${httpPort}/hello`;
    await waitUntilServing(url, child, () => output);
    console.log(`serverless-offline: ${version('serverless-offline')} (serverless ${version('serverless')})`);
    return { url, stop };
  } catch (error) {
    await stop();
    return error instanceof Error ? error.message : String(error);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-api-bench-'));
  writeFileSync(join(dir, 'handler.js'), HANDLER);
  const local = await startLocal(dir);
  const offline = await startOffline();
  try {
    const servers = typeof offline === 'string' ? [local] : [local, offline];
    const [ours, theirs] = await measureAll(servers.map((s) => s.url));
    print('local api', ours);
    console.log(
      `local api p50 overhead over a direct runtime invoke: ${(ours.one.p50 - (await directP50(dir))).toFixed(2)} ms`,
    );
    if (typeof offline === 'string') {
      console.log(`serverless-offline: not measured (${offline})`);
      return;
    }
    print('serverless-offline', theirs);
    compare(ours, theirs);
  } finally {
    await local.stop();
    if (typeof offline !== 'string') await offline.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serveIndex = process.argv.indexOf('--serve');
(serveIndex >= 0 ? serveLocal(process.argv[serveIndex + 1]) : main()).catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
