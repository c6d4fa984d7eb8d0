/**
 * Saved events as tests: the time to run every example event that has an expected result with one
 * `lambda-workbench test` (instances shared and run side by side), next to invoking the same events one by one
 * with `lambda-workbench invoke` (a process and a cold start each), as a script looping over the files would.
 * Prints `name: value unit` lines (medians of a few runs).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TEMPLATE = 'examples/template.yaml';
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(args: string[], okCodes: number[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (!okCodes.includes(run.status ?? -1))
    throw new Error(`lambda-workbench ${args.join(' ')} exited ${run.status}: ${run.stdout}${run.stderr}`);
  return elapsed;
}

/** Every example event with an expectation: [function, event file]. */
function exampleTests(): Array<[string, string]> {
  const events = join(ROOT, 'examples', 'events');
  const found: Array<[string, string]> = [];
  for (const entry of readdirSync(events, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(events, entry.name))) {
      if (file.endsWith('.expected.json'))
        found.push([entry.name, relative(ROOT, join(events, entry.name, file.replace(/\.expected\.json$/, '.json')))]);
    }
  }
  return found;
}

function main(): void {
  const tests = exampleTests();
  const all: number[] = [];
  const oneByOne: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    all.push(timed(['test', '--template', TEMPLATE], [0]));
    // An event whose expected result is a function error makes invoke exit 1; that is its answer, not a failure.
    oneByOne.push(
      tests.reduce(
        (sum, [fn, event]) => sum + timed(['invoke', fn, '--template', TEMPLATE, '--event', event], [0, 1]),
        0,
      ),
    );
  }
  console.log(`example tests: ${tests.length}`);
  console.log(`lambda-workbench test, all at once: ${Math.round(median(all))} ms`);
  console.log(`lambda-workbench invoke, one by one: ${Math.round(median(oneByOne))} ms`);
}

main();
