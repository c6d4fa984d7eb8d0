// Runs the *.test.ts files under the given folders with Node's own test runner, TypeScript loaded through tsx, then
// prints per suite (each folder given) how many tests ran and how many were skipped. Under CI=true a skipped test
// fails the run: CI has every prerequisite, so a skip there hides a test that did not run.
// Usage: node scripts/run-tests.mjs <folder|file>... [-- extra node --test flags]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const targets = split < 0 ? args : args.slice(0, split);
const extra = split < 0 ? [] : args.slice(split + 1);

function collect(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'node_modules' ? [] : collect(child);
    return entry.name.endsWith('.test.ts') ? [child] : [];
  });
}

const files = targets.flatMap(collect).sort();
if (files.length === 0) {
  console.error(`no test files under ${targets.join(' ')}`);
  process.exit(1);
}
const countsDir = mkdtempSync(join(tmpdir(), 'lambda-workbench-tests-'));
const countsFile = join(countsDir, 'counts.jsonl');
const reporter = fileURLToPath(new URL('./countReporter.mjs', import.meta.url));
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`,
    `--test-reporter-destination=${countsFile}`,
    ...extra,
    ...files,
  ],
  { stdio: 'inherit' },
);

let outcomes = [];
try {
  outcomes = readFileSync(countsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // No counts file: the runner died before reporting; its own exit status below says so.
}
rmSync(countsDir, { recursive: true, force: true });

const suiteOf = (file) =>
  targets.find((t) => resolve(file) === resolve(t) || resolve(file).startsWith(resolve(t) + '/')) ?? file;
const perSuite = new Map(targets.map((t) => [t, { executed: 0, skipped: 0, failed: 0 }]));
for (const { file, outcome } of outcomes) {
  const counts = perSuite.get(suiteOf(file ?? ''));
  if (!counts) continue;
  if (outcome === 'skipped' || outcome === 'todo') counts.skipped++;
  else counts.executed++;
  if (outcome === 'failed') counts.failed++;
}
let skippedUnderCi = false;
console.log('');
for (const [suite, counts] of perSuite) {
  console.log(`suite ${suite}: ${counts.executed} executed, ${counts.skipped} skipped, ${counts.failed} failed`);
  if (counts.executed === 0) {
    console.error(`suite ${suite} executed no test`);
    skippedUnderCi = true;
  }
  if (counts.skipped > 0 && process.env.CI === 'true') skippedUnderCi = true;
}
if (skippedUnderCi) {
  for (const { file, name } of outcomes.filter((o) => o.outcome === 'skipped' || o.outcome === 'todo')) {
    console.error(`  skipped: ${name} (${file})`);
  }
  console.error('CI=true: every test must run here; a skipped test or an empty suite fails the run');
}
process.exit(result.status !== 0 ? (result.status ?? 1) : skippedUnderCi ? 1 : 0);
