import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { prepareCode } from '../../../src/core/build/prepareCode';
import { packageFunction } from '../../../src/core/build';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { json, testFunction } from '../../support/functions';
import { writeLargeProject } from '../../support/largeProject';
import { codeFolder } from '../../support/codeFolder';
import { readWithPython } from './buildProjects';

const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-same-build-'));
const runtime = new LocalRuntime({ cacheDir });
after(async () => {
  await runtime.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** The build folders under the cache and their stamps' modification times. */
function builds(): Map<string, number> {
  const root = join(cacheDir, 'node');
  const found = new Map<string, number>();
  for (const name of existsSync(root) ? readdirSync(root) : []) {
    if (name.endsWith('.build.json'))
      found.set(join(root, name.slice(0, -'.build.json'.length)), statSync(join(root, name)).mtimeMs);
  }
  return found;
}

describe('one Node.js build for Run and Deploy', () => {
  const project = codeFolder({
    'src/app.ts':
      "import { label } from './label';\nexport const handler = async (event: { n: number }) => ({ label: label(event.n) });\n",
    'src/label.ts': 'export const label = (n: number): string => `order #${n.toString().padStart(4, "0")}`;\n',
  });
  after(() => project.cleanup());

  test('deploy zips the very bundle the local run started from, without building again', async () => {
    const fn = testFunction(project.dir, 'app.handler', {
      id: 'same-build',
      build: {
        method: 'esbuild',
        origin: 'Metadata.BuildMethod',
        properties: { EntryPoints: ['src/app.ts'], Minify: true, Banner: 'js=/* orders */' },
      },
    });
    assert.deepEqual(json(await runtime.invoke(fn, '{"n":7}')), { label: 'order #0007' });
    const before = builds();
    assert.equal(before.size, 1);
    const [dir, stampTime] = [...before][0];
    const local = readFileSync(join(dir, 'app.js'), 'utf8');
    assert.match(local, /\/\/# sourceMappingURL=app\.js\.map\n$/, 'local runs get a linked map');

    const files = readWithPython((await packageFunction(fn, { cacheDir })).zip);
    assert.deepEqual(
      files.map((f) => f.name),
      ['app.js'],
    );
    assert.equal(
      files[0].text,
      local.replace(/\/\/# sourceMappingURL=app\.js\.map\n$/, ''),
      'the deployed code is the code that ran',
    );
    assert.ok(files[0].text.startsWith('/* orders */'));
    assert.deepEqual(builds(), new Map([[dir, stampTime]]), 'deploy reused the build');

    const debug = await prepareCode(fn, cacheDir, { debug: true });
    const debugCode = readFileSync(join(debug.fn.codeDir, 'app.js'), 'utf8');
    assert.notEqual(debug.fn.codeDir, dir);
    assert.ok(debugCode.startsWith('/* orders */'));
    assert.match(debugCode, /\blabel = \(n\) =>/, 'under a debugger the same bundle is not minified');
    assert.ok(local.split('\n').length < 5, 'Run keeps the minified bundle deploy ships');
  });
});

describe("the project's own esbuild", () => {
  const real = dirname(require.resolve('esbuild/package.json'));
  const project = codeFolder({
    'index.ts': 'export const handler = async () => ({ ok: true });\n',
    'node_modules/esbuild/package.json': '{"name":"esbuild","version":"0.0.0-project","main":"lib/main.js"}',
    'node_modules/esbuild/lib/main.js': [
      `const real = require(${JSON.stringify(real)});`,
      // A marker in the output says which esbuild built it.
      "module.exports = { ...real, version: '0.0.0-project', build: (options) => real.build({ ...options, banner: { js: '/* project esbuild */' } }) };",
      '',
    ].join('\n'),
  });
  const broken = codeFolder({
    'index.ts': 'export const handler = async () => ({ ok: true });\n',
    'node_modules/esbuild/package.json': '{"name":"esbuild","version":"0.0.0-broken","main":"lib/main.js"}',
    'node_modules/esbuild/lib/main.js':
      'throw new Error(\'The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.\');\n',
  });
  after(() => {
    project.cleanup();
    broken.cleanup();
  });

  test('builds the function when it is installed, for Run and Deploy alike', async () => {
    const fn = testFunction(project.dir, 'index.handler', { id: 'own-esbuild' });
    assert.deepEqual(json(await runtime.invoke(fn)), { ok: true });
    const files = readWithPython((await packageFunction(fn, { cacheDir })).zip);
    assert.ok(files[0].text.startsWith('/* project esbuild */'), files[0].text.slice(0, 80));
  });

  test('one that cannot be loaded gives way to the bundled esbuild, with a warning naming it', async () => {
    const result = await runtime.invoke(testFunction(broken.dir, 'index.handler', { id: 'broken-esbuild' }));
    assert.deepEqual(json(result), { ok: true });
    const warning = result.warnings.find((w) => w.includes("the project's esbuild"));
    assert.ok(warning, result.warnings.join('\n'));
    assert.match(warning, /@esbuild\/linux-x64.*could not be found.*the bundled esbuild \d+\.\d+\.\d+ is used/);
    assert.ok(warning.includes(join(broken.dir, 'node_modules', 'esbuild')));
  });
});

describe('a large TypeScript bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-large-ts-'));
  const { throwLine } = writeLargeProject(dir, 16);
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('runs within 128 MB, since source maps cost the function nothing; traces still name the .ts line', async () => {
    const fn = testFunction(dir, 'src/app.handler', { id: 'large-ts', memorySize: 128, timeout: 30 });
    const result = await runtime.invoke(fn, '{"pick":0}');
    assert.equal(result.status, 'success', result.payload.toString());
    assert.ok(result.maxMemoryUsedMB !== undefined && result.maxMemoryUsedMB < 128, `${result.maxMemoryUsedMB} MB`);
    const bundle = [...builds().keys()]
      .map((d) => join(d, 'src', 'app.js'))
      .find((f) => existsSync(f) && statSync(f).size > 10 * 1024 * 1024);
    assert.ok(bundle, 'the bundle is over 10 MB');

    const failed = await runtime.invoke(fn, '{"fail":true}');
    assert.equal(failed.status, 'error');
    const trace: string[] = json(failed).trace;
    assert.ok(
      trace.some((frame) => frame.includes(`${join(dir, 'src', 'app.ts')}:${throwLine}:`)),
      trace.join('\n'),
    );
  });
});
