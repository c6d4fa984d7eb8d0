import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageFunction } from '../../../src/core/build';
import { PackagingError, readZip } from '../../../src/core/packaging';
import { testFunction } from '../../support/functions';
import { codeFolder } from '../../support/codeFolder';

const project = codeFolder({
  'src/app.ts': [
    "import { S3Client } from '@aws-sdk/client-s3';",
    "import { shout } from 'shout';",
    "import { greeting } from './greeting';",
    'export const handlers = { main: async (event: { name: string }) => shout(`${greeting} ${event.name}`) };',
    'export const handler = handlers.main;',
    'export const client = () => S3Client;',
    '',
  ].join('\n'),
  'src/greeting.ts': "export const greeting: string = 'hello';\n",
  'node_modules/shout/package.json': '{"name":"shout","main":"index.js"}',
  'node_modules/shout/index.js': 'exports.shout = (s) => s.toUpperCase();\n',
  'node_modules/@aws-sdk/client-s3/package.json': '{"name":"@aws-sdk/client-s3","main":"index.js"}',
  'node_modules/@aws-sdk/client-s3/index.js': 'exports.S3Client = class S3Client {};\n',
  'esm/handler.mjs':
    "import { shout } from 'shout';\nconst prefix = await Promise.resolve('esm');\nexport const handler = async () => shout(prefix);\n",
  'broken/index.ts': 'export const handler = async () => {\n  return (1 +;\n};\n',
  'undeclared/index.ts': "import { nothing } from 'not-installed';\nexport const handler = async () => nothing;\n",
});
after(() => project.cleanup());

/** Loads a CommonJS bundle from the zip and returns its exports. */
function load(zip: Buffer, path: string): Record<string, any> {
  const entry = readZip(zip).find((e) => e.path === path);
  assert.ok(entry, `${path} is in the zip`);
  const module = { exports: {} as Record<string, any> };
  // The test's own require resolves the externals left in the bundle, here only node built-ins are needed.
  new Function('module', 'exports', 'require', entry.data.toString('utf8'))(module, module.exports, (id: string) => {
    if (id === '@aws-sdk/client-s3') return { S3Client: class External {} };
    return require(id);
  });
  return module.exports;
}

describe('Node.js bundles', () => {
  test('one file at the path the handler names, dependencies inlined, nested exports kept', async () => {
    const fn = testFunction(project.dir, 'src/app.handler', { runtime: 'nodejs20.x' });
    const pkg = await packageFunction(fn);
    assert.equal(pkg.kind, 'node-bundle');
    assert.deepEqual(
      pkg.files.map((f) => f.path),
      ['src/app.js'],
    );
    const exports = load(pkg.zip, 'src/app.js');
    assert.equal(await exports.handler({ name: 'ann' }), 'HELLO ANN');
    assert.equal(await exports.handlers.main({ name: 'bo' }), 'HELLO BO');
  });

  test('leaves @aws-sdk/* out for runtimes that provide it, unless told to bundle it', async () => {
    const fn = testFunction(project.dir, 'src/app.handler', { runtime: 'nodejs18.x' });
    const external = load((await packageFunction(fn)).zip, 'src/app.js');
    assert.equal(external.client().name, 'External');
    const bundled = load((await packageFunction(fn, { node: { bundleAwsSdk: true } })).zip, 'src/app.js');
    assert.equal(bundled.client().name, 'S3Client');
  });

  test('targets the runtime: nodejs16.x keeps the v2 SDK (aws-sdk) external instead', async () => {
    const project16 = codeFolder({
      'index.js': "const AWS = require('aws-sdk');\nexports.handler = async () => ({ a: 1 }?.a ?? AWS);\n",
    });
    try {
      const pkg = await packageFunction(testFunction(project16.dir, 'index.handler', { runtime: 'nodejs16.x' }));
      const code = readZip(pkg.zip)[0].data.toString('utf8');
      assert.match(code, /require\("aws-sdk"\)/);
      await assert.rejects(
        packageFunction(testFunction(project16.dir, 'index.handler', { runtime: 'nodejs' })),
        /'nodejs' is not a Node\.js runtime/,
      );
    } finally {
      project16.cleanup();
    }
  });

  test('an ES module handler stays an ES module (.mjs) with top-level await working', async () => {
    const pkg = await packageFunction(testFunction(project.dir, 'esm/handler.handler', { runtime: 'nodejs20.x' }));
    assert.deepEqual(
      pkg.files.map((f) => f.path),
      ['esm/handler.mjs'],
    );
    const code = readZip(pkg.zip)[0].data.toString('utf8');
    assert.match(code, /await Promise\.resolve\("esm"\)/);
    assert.match(code, /export \{/);
  });

  test('the entry point can come from the template (EntryPoints) and source maps are optional', async () => {
    const fn = testFunction(project.dir, 'app.handler', { runtime: 'nodejs22.x' });
    const pkg = await packageFunction(fn, { node: { entryPoint: 'src/app.ts', sourcemap: true } });
    assert.deepEqual(
      pkg.files.map((f) => f.path),
      ['app.js', 'app.js.map'],
    );
    assert.match(
      readZip(pkg.zip)
        .find((e) => e.path === 'app.js')!
        .data.toString(),
      /\/\/# sourceMappingURL=app\.js\.map\s*$/,
    );
    const map = JSON.parse(
      readZip(pkg.zip)
        .find((e) => e.path === 'app.js.map')!
        .data.toString(),
    );
    assert.ok(map.sources.some((s: string) => s.endsWith('src/greeting.ts')));
    await assert.rejects(
      packageFunction(fn, { node: { entryPoint: 'src/nope.ts' } }),
      /the entry point src\/nope\.ts does not exist/,
    );
  });

  test('the same source gives the same CodeSha256, whatever the file times', async () => {
    const fn = testFunction(project.dir, 'src/app.handler');
    const first = await packageFunction(fn);
    utimesSync(join(project.dir, 'src/app.ts'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const second = await packageFunction(fn);
    assert.equal(second.codeSha256, first.codeSha256);
    project.write('src/greeting.ts', "export const greeting: string = 'hi';\n");
    assert.notEqual((await packageFunction(fn)).codeSha256, first.codeSha256);
    project.write('src/greeting.ts', "export const greeting: string = 'hello';\n");
  });

  test('a build error points at the file, line and column', async () => {
    await assert.rejects(
      packageFunction(testFunction(project.dir, 'broken/index.handler', { name: 'Broken' })),
      (error: Error) => {
        assert.ok(error instanceof PackagingError);
        assert.equal(error.message, 'Broken: the bundle failed: broken/index.ts:2:14: Unexpected ";"');
        assert.deepEqual(error.location, { file: join(project.dir, 'broken/index.ts'), line: 1, column: 13 });
        return true;
      },
    );
  });

  test('a dependency that is not installed says so', async () => {
    await assert.rejects(
      packageFunction(testFunction(project.dir, 'undeclared/index.handler', { name: 'Undeclared' })),
      /^PackagingError: Undeclared: the bundle failed: undeclared\/index\.ts:1:\d+: Could not resolve "not-installed" .*Are the dependencies installed \(npm install in /,
    );
  });

  test('a missing handler module lists where it looked', async () => {
    await assert.rejects(
      packageFunction(testFunction(project.dir, 'lib/missing.handler', { name: 'Missing' })),
      /^PackagingError: Missing: cannot find the module of handler 'lib\/missing\.handler': none of lib\/missing\.ts, .*lib\/missing\.cjs/,
    );
    await assert.rejects(
      packageFunction(testFunction(project.dir, 'nohandler', { name: 'Bad' })),
      /Bad: The handler 'nohandler' is not of the form <module>\.<export>/,
    );
  });
});
