/**
 * Local API Gateway figures for a trivial handler behind an HTTP API route, measured side by side in one run:
 * - requests per second through the local API (LocalRuntime + startApi), several clients at once;
 * - p50/p99 latency of sequential requests, and what the API layer adds over invoking the runtime directly;
 * - the same figures for serverless-offline (serverless v3 + serverless-offline v13) serving the same handler,
 *   installed into a temporary folder (never into the project); when it cannot run, the reason is printed instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApi } from '../src/core/local/apiGateway/server';
import type { FunctionSpec } from '../src/core/model';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { freePort } from '../scripts/freePort.mjs';
import { testFunction } from '../test/support/functions';

const HANDLER = "module.exports.hello = async () => ({ statusCode: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' });\n";
const WARMUP = 50;
const SEQUENTIAL = 500;
const CONCURRENT_REQUESTS = 2000;
const CLIENTS = 8;
const OFFLINE_DIR = join(tmpdir(), 'lambda-workbench-bench-offline');

interface Figures {
  p50: number;
  p99: number;
  rps: number;
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

async function measure(url: string): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) await get(url);
  // Warm as many instances as there are clients, so cold starts stay out of the throughput figure.
  for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: CLIENTS }, () => get(url)));
  const latency: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const start = performance.now();
    await get(url);
    latency.push(performance.now() - start);
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next++ < CONCURRENT_REQUESTS) await get(url);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(latency, 50), p99: percentile(latency, 99), rps: CONCURRENT_REQUESTS / seconds };
}

function print(name: string, figures: Figures): void {
  console.log(`${name} requests per second (${CLIENTS} clients): ${figures.rps.toFixed(0)} req/s`);
  console.log(`${name} p50 latency: ${figures.p50.toFixed(2)} ms`);
  console.log(`${name} p99 latency: ${figures.p99.toFixed(2)} ms`);
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
async function measureLocal(dir: string): Promise<Figures & { directP50: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
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
    const figures = await measure(`${url}/hello`);
    const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache') });
    const fn = helloFunction(dir);
    const direct: number[] = [];
    for (let i = 0; i < WARMUP + SEQUENTIAL; i++) {
      const start = performance.now();
      await runtime.invoke(fn, '{}');
      if (i >= WARMUP) direct.push(performance.now() - start);
    }
    await runtime.dispose();
    return { ...figures, directP50: percentile(direct, 50) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Installs serverless v3 and serverless-offline v13 into the bench's own folder; returns why not, when it fails. */
function installOffline(): string | undefined {
  const cli = join(OFFLINE_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
  if (existsSync(cli) && existsSync(join(OFFLINE_DIR, 'node_modules', 'serverless-offline'))) return undefined;
  mkdirSync(OFFLINE_DIR, { recursive: true });
  if (!existsSync(join(OFFLINE_DIR, 'package.json'))) writeFileSync(join(OFFLINE_DIR, 'package.json'), '{"name":"bench-offline","private":true}\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund', 'serverless@3', 'serverless-offline@13'], { cwd: OFFLINE_DIR, encoding: 'utf8', timeout: 10 * 60_000 });
  if (result.error) return `npm could not run: ${result.error.message}`;
  if (result.status !== 0) return `npm install serverless@3 serverless-offline@13 failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`;
  return undefined;
}

function version(pkg: string): string {
  return JSON.parse(readFileSync(join(OFFLINE_DIR, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`serverless offline exited with code ${child.exitCode}: ${output().trim().split('\n').slice(-5).join(' / ')}`);
    try {
      await get(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`serverless offline did not serve ${url} within 90 s: ${output().trim().split('\n').slice(-5).join(' / ')}`);
}

async function measureOffline(): Promise<Figures | string> {
  const failure = installOffline();
  if (failure) return failure;
  const project = join(OFFLINE_DIR, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'handler.js'), HANDLER);
  writeFileSync(
    join(project, 'serverless.yml'),
    ['service: bench', "frameworkVersion: '3'", 'provider:', '  name: aws', '  runtime: nodejs20.x', 'plugins:', '  - serverless-offline', 'functions:', '  hello:', '    handler: handler.hello', '    events:', '      - httpApi:', '          path: /hello', '          method: get', ''].join('\n'),
  );
  const httpPort = await freePort();
  const lambdaPort = await freePort();
  const cli = join(OFFLINE_DIR, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const child = spawn(process.execPath, [cli, 'offline', 'start', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort), '--host', '127.0.0.1', '--noTimeout'], {
    cwd: project,
    env: { ...process.env, NODE_PATH: join(OFFLINE_DIR, 'node_modules'), SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    const url = `http://127.0.0.1:${httpPort}/hello`;
    await waitUntilServing(url, child, () => output);
    console.log(`serverless-offline: ${version('serverless-offline')} (serverless ${version('serverless')})`);
    return await measure(url);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-api-bench-'));
  writeFileSync(join(dir, 'handler.js'), HANDLER);
  const local = await measureLocal(dir);
  print('local api', local);
  console.log(`local api p50 overhead over a direct runtime invoke: ${(local.p50 - local.directP50).toFixed(2)} ms`);
  const offline = await measureOffline();
  if (typeof offline === 'string') {
    console.log(`serverless-offline: not measured (${offline})`);
    return;
  }
  print('serverless-offline', offline);
  console.log(`p50 latency ratio (serverless-offline / local api): ${(offline.p50 / local.p50).toFixed(2)} x`);
}

const serveIndex = process.argv.indexOf('--serve');
(serveIndex >= 0 ? serveLocal(process.argv[serveIndex + 1]) : main()).catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 1;
});
