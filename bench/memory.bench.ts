/**
 * Memory of a warm, idle instance next to its floor: a bare process of the same language that loaded the same
 * handler and called it once, then waits. Resident memory (VmRSS from /proc) of each, a moment after its last
 * invocation, median of several processes. Node.js has a goal (<= 1.2 x its bare process); Python and Go are printed
 * for the record (Go's floor would be a second build of the function, so its instance is printed alone).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../src/core/model';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import { FIXTURES, testFunction } from '../test/support/functions';

const SAMPLES = 5;
const SETTLE_MS = 500;
const NODE_GOAL = 1.2;
const MB = 1024 * 1024;

const NODE_HANDLER =
  'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.id ?? null }) });\n';
const PYTHON_HANDLER =
  'import json\n\n\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps({"id": event.get("id")})}\n';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS of a bare process that prints a line once its handler has run, then waits to be killed. */
async function bareRss(command: string, args: string[], cwd: string): Promise<number> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`${command} exited with code ${code} before its handler ran`)));
    });
    await sleep(SETTLE_MS);
    return rss(child.pid!);
  } finally {
    child.kill('SIGKILL');
  }
}

/** RSS of a warm instance of `fn`, idle after one invocation. */
async function instanceRss(runtime: LocalRuntime, fn: FunctionSpec): Promise<number> {
  const result = await runtime.invoke(fn, '{"id":"m"}');
  if (result.status !== 'success') throw new Error(`${fn.name} failed: ${result.payload}`);
  await sleep(SETTLE_MS);
  const pid = runtime.instances(fn.id).find((i) => i.state === 'idle')?.pid;
  if (pid === undefined) throw new Error(`${fn.name} has no idle instance`);
  const bytes = rss(pid);
  runtime.recycle(fn.id);
  return bytes;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-memory-bench-'));
  writeFileSync(join(dir, 'index.js'), NODE_HANDLER);
  writeFileSync(join(dir, 'app.py'), PYTHON_HANDLER);
  const runtime = new LocalRuntime({ cacheDir: join(dir, 'cache') });
  const figures = {
    node: [] as number[],
    bareNode: [] as number[],
    python: [] as number[],
    barePython: [] as number[],
    go: [] as number[],
  };
  const python = process.env.LAMBDA_WORKBENCH_PYTHON ?? 'python3';
  const go = testFunction(join(FIXTURES, 'runtimes', 'go', 'hello'), 'bootstrap', {
    id: 'go',
    name: 'go',
    runtime: 'provided.al2023',
  });
  let goProblem: string | undefined;
  try {
    for (let i = 0; i < SAMPLES; i++) {
      figures.node.push(await instanceRss(runtime, testFunction(dir, 'index.handler', { id: `node-${i}` })));
      figures.bareNode.push(
        await bareRss(
          process.execPath,
          [
            '-e',
            "require('./index.js').handler({ id: 'm' }).then(() => { console.log('ready'); setInterval(() => {}, 1 << 30); })",
          ],
          dir,
        ),
      );
      figures.python.push(
        await instanceRss(runtime, testFunction(dir, 'app.handler', { id: `python-${i}`, runtime: 'python3.12' })),
      );
      figures.barePython.push(
        await bareRss(
          python,
          ['-c', "import time, app\napp.handler({'id': 'm'}, None)\nprint('ready', flush=True)\ntime.sleep(3600)"],
          dir,
        ),
      );
      if (!goProblem) {
        try {
          figures.go.push(await instanceRss(runtime, { ...go, id: `go-${i}` }));
        } catch (error) {
          goProblem = error instanceof Error ? error.message : String(error);
        }
      }
    }
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    const nodeRatio = median(figures.node) / median(figures.bareNode);
    console.log(
      `warm idle Node.js instance: ${mb(median(figures.node))}; bare node running the same handler: ${mb(median(figures.bareNode))}: ${nodeRatio.toFixed(2)} x (goal <= ${NODE_GOAL} x: ${nodeRatio <= NODE_GOAL ? 'held' : 'missed'}; median of ${SAMPLES})`,
    );
    console.log(
      `warm idle Python instance: ${mb(median(figures.python))}; bare python3 running the same handler: ${mb(median(figures.barePython))}: ${(median(figures.python) / median(figures.barePython)).toFixed(2)} x`,
    );
    console.log(
      goProblem
        ? `warm idle Go instance: not measured (${goProblem})`
        : `warm idle Go instance (aws-lambda-go, provided.al2023): ${mb(median(figures.go))}`,
    );
  } finally {
    await runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
