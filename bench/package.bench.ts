/**
 * Packaging figures for the TypeScript example (examples/ts-app, handler src/app.handler, depends on zod):
 * - package time (first, colder run and the median of several), zip size and CodeSha256 stability;
 * - the size of a plain zip of the same folder with its node_modules, as a deploy without bundling would ship,
 *   and how many times smaller the bundle is (the goal is 10x or more).
 * Prints `name: value unit` lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageFunction } from '../src/core/build';
import { collectFiles, writeZip } from '../src/core/packaging';
import { testFunction } from '../test/support/functions';

const APP = join(__dirname, '..', 'examples', 'ts-app');
const RUNS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function print(name: string, value: number | string, unit = ''): void {
  console.log(`${name}: ${typeof value === 'number' ? Number(value.toFixed(2)) : value}${unit ? ` ${unit}` : ''}`);
}

async function main(): Promise<void> {
  if (!existsSync(join(APP, 'node_modules', 'zod'))) {
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: APP, stdio: 'inherit' });
    if (install.status !== 0) throw new Error(`npm ci failed in ${APP}`);
  }
  const fn = testFunction(APP, 'src/app.handler', {
    name: 'TypeScriptFunction',
    runtime: 'nodejs20.x',
    handlerFile: join(APP, 'src', 'app.ts'),
  });

  const times: number[] = [];
  let first = 0;
  let sha = '';
  let stable = true;
  let size = 0;
  let unzipped = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const pkg = await packageFunction(fn);
    const elapsed = performance.now() - started;
    if (i === 0) first = elapsed;
    else times.push(elapsed);
    if (sha && sha !== pkg.codeSha256) stable = false;
    sha = pkg.codeSha256;
    size = pkg.zip.length;
    unzipped = pkg.unzippedBytes;
  }
  const withMap = await packageFunction(fn, { node: { sourcemap: true } });
  const minified = await packageFunction(fn, { node: { minify: true } });

  const plainStarted = performance.now();
  const folder = collectFiles(APP);
  const plain = writeZip(folder);
  const plainMs = performance.now() - plainStarted;

  print('package_first', first, 'ms');
  print('package_median', median(times), 'ms');
  print('bundle_zip_size', size / 1024, 'KB');
  print('bundle_unzipped_size', unzipped / 1024, 'KB');
  print('bundle_sourcemap_zip_size', withMap.zip.length / 1024, 'KB');
  print('bundle_minified_zip_size', minified.zip.length / 1024, 'KB');
  print('code_sha256_stable', stable ? 'yes' : 'no');
  print('plain_zip_files', folder.length, 'files');
  print('plain_zip_size', plain.length / 1024, 'KB');
  print('plain_zip_time', plainMs, 'ms');
  print('size_ratio_plain_over_bundle', plain.length / size, 'x');
  print('size_ratio_plain_over_minified', plain.length / minified.zip.length, 'x');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
