// Runs the *.test.ts files under the given folders with Node's own test runner, TypeScript loaded through tsx.
// Usage: node scripts/run-tests.mjs <folder|file>... [-- extra node --test flags]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
