import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageFunction } from '../../../src/core/build';
import { writeZip } from '../../../src/core/packaging';
import { cli, discovered, projectCopy, readWithPython } from './buildProjects';

/** A CommonJS dependency that requires a Node built-in: inside an ES module bundle it needs the template's Banner. */
const ORDER_SLUG = {
  'orders/node_modules/order-slug/package.json': '{"name":"order-slug","version":"1.0.0","main":"index.js"}',
  'orders/node_modules/order-slug/index.js':
    "const { createHash } = require('node:crypto');\n" +
    "exports.slugify = (name) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${createHash('sha1').update(name).digest('hex').slice(0, 6)}`;\n",
};

const ORDER = { customer: 'Ann Lee', lines: [{ sku: 'tea', unitCents: 250, quantity: 2 }] };

describe('SAM BuildMethod esbuild: EntryPoints, Format esm with OutExtension, Banner, External', () => {
  const project = projectCopy('sam-esbuild', ORDER_SLUG);
  const template = join(project.dir, 'template.yaml');
  after(() => project.cleanup());

  test('invoke runs the bundle the template describes, and errors point at the TypeScript lines', async () => {
    const run = await cli(['invoke', 'OrdersFunction', '--template', template, '--event', '-'], JSON.stringify(ORDER));
    assert.equal(run.code, 0, run.stderr);
    const slug = `ann-lee-${require('node:crypto').createHash('sha1').update('Ann Lee').digest('hex').slice(0, 6)}`;
    assert.deepEqual(JSON.parse(run.stdout), { id: slug, total: '5.00 EUR' });

    const failed = await cli(
      ['invoke', 'OrdersFunction', '--template', template, '--event', '-'],
      JSON.stringify({ lines: [{ sku: 'x', unitCents: -5, quantity: 1 }] }),
    );
    assert.equal(failed.code, 1);
    const error = JSON.parse(failed.stdout);
    assert.equal(error.errorType, 'RangeError');
    assert.ok(
      error.trace.some((frame: string) => frame.includes(`${join(project.dir, 'orders', 'src', 'format.ts')}:9:`)),
      error.trace.join('\n'),
    );
    assert.ok(
      error.trace.some((frame: string) => frame.includes(`${join(project.dir, 'orders', 'src', 'app.ts')}:14:`)),
      error.trace.join('\n'),
    );
  });

  test('deploy ships the same bundle: app.mjs with the banner first, External and @aws-sdk/* left out, no map', async () => {
    const fn = discovered(template, 'OrdersFunction');
    assert.equal(fn.build?.method, 'esbuild');
    const pkg = await packageFunction(fn);
    const files = readWithPython(pkg.zip);
    assert.deepEqual(
      files.map((f) => f.name),
      ['app.mjs'],
    );
    const code = files[0].text;
    assert.ok(
      code.startsWith("import { createRequire } from 'module'; const require = createRequire(import.meta.url);"),
      code.slice(0, 200),
    );
    assert.match(code, /import\("pg-native"\)/);
    assert.match(code, /import\("@aws-sdk\/client-dynamodb"\)/);
    assert.match(code, /createHash\("sha1"\)/, 'the dependency itself is bundled');
    assert.doesNotMatch(code, /sourceMappingURL/);
  });

  test('a package that is not installed is a missing module naming it, not a syntax error', async () => {
    const run = await cli(['invoke', 'MissingDependencyFunction', '--template', template]);
    assert.equal(run.code, 1);
    const error = JSON.parse(run.stdout);
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.match(error.errorMessage, /^Error: Cannot find module 'uuid-seven' \(imported at index\.ts:1:\d+\)/);
    assert.match(error.errorMessage, /npm install uuid-seven/);
  });
});

describe('SAM BuildMethod makefile', () => {
  const project = projectCopy('makefile');
  const template = join(project.dir, 'template.yaml');
  after(() => project.cleanup());

  test('make build-<LogicalId> fills ARTIFACTS_DIR, which is what runs and what deploy zips', async () => {
    const run = await cli(['invoke', 'ReportFunction', '--template', template, '--event', '-'], '{"month":"2026-11"}');
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(
      { ...result, taskRoot: undefined },
      { builtBy: 'make', target: 'build-ReportFunction', month: '2026-11', taskRoot: undefined },
    );
    assert.notEqual(
      result.taskRoot,
      join(project.dir, 'report'),
      'the function runs from ARTIFACTS_DIR, not from its sources',
    );

    const pkg = await packageFunction(discovered(template, 'ReportFunction'));
    assert.equal(pkg.kind, 'makefile');
    const files = readWithPython(pkg.zip);
    assert.deepEqual(
      files.map((f) => f.name),
      ['data/build-info.json', 'index.js'],
    );
    assert.deepEqual(JSON.parse(files[0].text), { builtBy: 'make', target: 'build-ReportFunction' });
  });

  test('a Makefile without the function target fails with make own words', async () => {
    const run = await cli(['invoke', 'UnbuiltFunction', '--template', template]);
    assert.equal(run.code, 1);
    const error = JSON.parse(run.stdout);
    assert.equal(error.errorType, 'Workbench.BuildFailed');
    assert.match(error.errorMessage, /^UnbuiltFunction: make build-UnbuiltFunction exited with status 2/);
    assert.match(error.errorMessage, /No rule to make target .?build-UnbuiltFunction/);
    await assert.rejects(
      packageFunction(discovered(template, 'UnbuiltFunction')),
      /make build-UnbuiltFunction exited with status 2/,
    );
  });
});

describe('CDK output: code from the asset folder', () => {
  const project = projectCopy('cdk');
  const template = join(project.dir, 'cdk.out', 'OrdersStack.template.json');
  after(() => project.cleanup());

  test('runs the bundled asset, and deploy ships the asset folder as CDK would', async () => {
    const run = await cli(
      ['invoke', 'QuoteHandler5D3F9B21', '--template', template, '--event', '-'],
      '{"symbol":"AMZN"}',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { quote: 'quote-AMZN', bundledBy: 'cdk' });
    const fn = discovered(template, 'QuoteHandler5D3F9B21');
    const pkg = await packageFunction(fn);
    assert.equal(pkg.kind, 'folder');
    const files = readWithPython(pkg.zip);
    assert.deepEqual(
      files.map((f) => f.name),
      ['index.js'],
    );
    assert.equal(files[0].text, readFileSync(join(fn.codeDir, 'index.js'), 'utf8'));
  });
});

describe('serverless.yml with serverless-esbuild', () => {
  const project = projectCopy('serverless-esbuild');
  const template = join(project.dir, 'serverless.yml');
  after(() => project.cleanup());

  test('custom.esbuild is followed: minified with its banner, source maps shipped, externals left out', async () => {
    const run = await cli(
      ['invoke', 'greet', '--template', template, '--event', '-'],
      '{"pathParameters":{"name":"ann"}}',
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { statusCode: 200, body: JSON.stringify({ message: 'Hello, ANN' }) });
    const failed = await cli(['invoke', 'greet', '--template', template]);
    assert.equal(failed.code, 1);
    const trace: string[] = JSON.parse(failed.stdout).trace;
    assert.ok(
      trace.some((frame) => frame.includes(`${join(project.dir, 'src', 'greet.ts')}:8:`)),
      trace.join('\n'),
    );

    const fn = discovered(template, 'greet');
    assert.equal(fn.build?.origin, 'serverless-esbuild');
    const files = readWithPython((await packageFunction(fn)).zip);
    assert.deepEqual(
      files.map((f) => f.name),
      ['src/greet.js', 'src/greet.js.map'],
    );
    const code = files[0].text;
    assert.ok(code.startsWith('/* greetings service */'), code.slice(0, 100));
    assert.ok(code.split('\n').length <= 6, `minified:\n${code}`);
    assert.match(code, /import\("sharp"\)/);
    assert.match(code, /\/\/# sourceMappingURL=greet\.js\.map\n$/);
    const map = JSON.parse(files[1].text);
    assert.ok(
      map.sources.some((s: string) => s.endsWith('src/greet.ts')),
      map.sources.join(', '),
    );
  });
});

describe('a .zip CodeUri', () => {
  const version = (n: number) =>
    writeZip([
      { path: 'lib/main.js', data: Buffer.from(`exports.handler = async (event) => ({ version: ${n}, event });\n`) },
    ]);
  const project = projectCopy('zip-code', { 'build/prebuilt.zip': version(1) });
  const template = join(project.dir, 'template.yaml');
  after(() => project.cleanup());

  test('runs from the unpacked zip, unpacked again when the zip changes, and deploys the zip content', async () => {
    const first = await cli(['invoke', 'PrebuiltFunction', '--template', template, '--event', '-'], '{"n":1}');
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { version: 1, event: { n: 1 } });

    const zipPath = join(project.dir, 'build', 'prebuilt.zip');
    project.write('build/prebuilt.zip', version(22));
    const later = new Date(statSync(zipPath).mtimeMs + 5000);
    utimesSync(zipPath, later, later);
    const second = await cli(['invoke', 'PrebuiltFunction', '--template', template, '--event', '-'], '{"n":2}');
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(JSON.parse(second.stdout), { version: 22, event: { n: 2 } });

    const fn = discovered(template, 'PrebuiltFunction');
    assert.equal(fn.codeArchive, zipPath);
    const pkg = await packageFunction(fn);
    assert.equal(pkg.kind, 'archive');
    const files = readWithPython(pkg.zip);
    assert.deepEqual(
      files.map((f) => [f.name, f.text]),
      [['lib/main.js', 'exports.handler = async (event) => ({ version: 22, event });\n']],
    );
  });
});
