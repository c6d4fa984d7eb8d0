/**
 * Save to new result: the time from writing a changed handler file to the first invoke response that carries the
 * new code (Node.js, TypeScript, Python), against a warm invoke of the same function that changed nothing. The
 * save is a plain write, as an editor's; the invoke starts right after it, as a Run pressed at once would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalRuntime } from '../src/core/runtime/localRuntime';
import type { FunctionSpec } from '../src/core/model';
import { testFunction } from '../test/support/functions';

const EDITS = 9;

interface Language {
  name: string;
  file: string;
  source: (n: number) => string;
  spec: (dir: string) => FunctionSpec;
}

const LANGUAGES: Language[] = [
  {
    name: 'Node.js',
    file: 'index.js',
    source: (n) => `exports.handler = async () => ({ n: ${n} });\n`,
    spec: (dir) => testFunction(dir, 'index.handler', { id: 'bench-node' }),
  },
  {
    name: 'TypeScript',
    file: 'src/app.ts',
    source: (n) => `export const handler = async (): Promise<{ n: number }> => ({ n: ${n} });\n`,
    spec: (dir) => testFunction(dir, 'src/app.handler', { id: 'bench-ts' }),
  },
  {
    name: 'Python',
    file: 'app.py',
    source: (n) => `def handler(event, context):\n    return {"n": ${n}}\n`,
    spec: (dir) => testFunction(dir, 'app.handler', { id: 'bench-python', runtime: 'python3.11' }),
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(runtime: LocalRuntime, language: Language): Promise<{ save: number[]; warm: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-bench-edits-'));
  mkdirSync(join(dir, 'src'));
  const fn = language.spec(dir);
  writeFileSync(join(dir, language.file), language.source(0));
  await runtime.invoke(fn);
  const save: number[] = [];
  const warm: number[] = [];
  for (let n = 1; n <= EDITS; n++) {
    let start = performance.now();
    const unchanged = await runtime.invoke(fn);
    warm.push(performance.now() - start);
    if (unchanged.coldStart) throw new Error(`${language.name}: an invoke with nothing changed started a new instance`);
    start = performance.now();
    writeFileSync(join(dir, language.file), language.source(n));
    const result = await runtime.invoke(fn);
    save.push(performance.now() - start);
    const got = JSON.parse(result.payload.toString('utf8')).n;
    if (got !== n) throw new Error(`${language.name}: the invoke after saving version ${n} returned version ${got}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { save, warm };
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-bench-edits-cache-'));
  const runtime = new LocalRuntime({ cacheDir });
  console.log(
    `save → first response with the new code (median of ${EDITS} edits), next to a warm invoke of the unchanged function`,
  );
  for (const language of LANGUAGES) {
    const { save, warm } = await measure(runtime, language);
    console.log(
      `  ${language.name.padEnd(11)} save→new result ${median(save).toFixed(0).padStart(5)} ms   (max ${Math.max(...save).toFixed(0)} ms)   warm invoke ${median(warm).toFixed(1)} ms`,
    );
  }
  await runtime.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
