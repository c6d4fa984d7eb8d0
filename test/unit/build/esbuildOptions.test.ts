import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { BuildError } from '../../../src/core/build/buildError';
import { esbuildPlan } from '../../../src/core/build/esbuildOptions';
import type { BuildSpec } from '../../../src/core/model';
import { testFunction } from '../../support/functions';
import { codeFolder } from '../../support/codeFolder';

const project = codeFolder({
  'src/app.ts': 'export const handler = async () => 1;\n',
  'esm/package.json': '{"type":"module"}',
  'esm/index.ts': 'export const handler = async () => 1;\n',
});
after(() => project.cleanup());

const sam = (properties: Record<string, unknown>): BuildSpec => ({
  method: 'esbuild',
  origin: 'Metadata.BuildMethod',
  properties,
});

describe('esbuild options from build metadata', () => {
  test("SAM's BuildProperties become esbuild's options, with SAM's defaults where the template is silent", () => {
    const fn = testFunction(project.dir, 'app.handler', {
      runtime: 'nodejs22.x',
      build: sam({
        EntryPoints: ['src/app.ts'],
        External: ['pg-native', 'sharp'],
        Format: 'esm',
        OutExtension: ['.js=.mjs'],
        Loader: ['.png=dataurl', '.txt=text'],
        MainFields: 'module,main',
        Banner: ['js=// first', 'js=// second'],
        Footer: 'js=// end',
        Define: { 'process.env.STAGE': '"prod"' },
        Sourcemap: true,
      }),
    });
    const plan = esbuildPlan(fn);
    assert.deepEqual(plan.entryPoints, [join(project.dir, 'src/app.ts')]);
    assert.equal(plan.outfile, undefined, 'EntryPoints go to the output folder by their base names, as sam build does');
    const o = plan.options;
    assert.equal(o.format, 'esm');
    assert.deepEqual(o.external, ['pg-native', 'sharp', '@aws-sdk/*']);
    assert.deepEqual(o.outExtension, { '.js': '.mjs' });
    assert.deepEqual(o.loader, { '.png': 'dataurl', '.txt': 'text' });
    assert.deepEqual(o.mainFields, ['module', 'main']);
    assert.deepEqual(o.banner, { js: '// first\n// second' });
    assert.deepEqual(o.footer, { js: '// end' });
    assert.deepEqual(o.define, { 'process.env.STAGE': '"prod"' });
    assert.equal(o.minify, true, "SAM's Minify default");
    assert.equal(o.target, 'es2020', "SAM's Target default");
    assert.equal(o.sourcemap, 'linked', 'local runs always get a map');
    assert.equal(plan.shipSourceMaps, true);
    assert.deepEqual(plan.warnings, []);
  });

  test('EntryPoints land at the output root as sam build puts them, unless the handler names the entry by its path', () => {
    const flat = esbuildPlan(testFunction(project.dir, 'app.handler', { build: sam({ EntryPoints: ['src/app.ts'] }) }));
    assert.equal(flat.options.outbase, undefined);
    const kept = esbuildPlan(
      testFunction(project.dir, 'src/app.handler', { build: sam({ EntryPoints: ['src/app.ts'] }) }),
    );
    assert.equal(kept.options.outbase, project.dir);
  });

  test('a TypeScript handler without metadata: its module, for the runtime Node, unminified, ESM by package type', () => {
    const plain = esbuildPlan(testFunction(project.dir, 'src/app.handler', { runtime: 'nodejs16.x' }));
    assert.equal(plain.outfile, 'src/app.js');
    assert.equal(plain.options.target, 'node16');
    assert.equal(plain.options.minify, false);
    assert.deepEqual(plain.options.external, ['aws-sdk']);
    assert.equal(plain.shipSourceMaps, false);
    const esm = esbuildPlan(testFunction(project.dir, 'esm/index.handler'));
    assert.equal(esm.outfile, 'esm/index.mjs');
    assert.equal(esm.options.format, 'esm');
    assert.match(
      String(esm.options.banner?.js),
      /createRequire/,
      'bundled CommonJS code in an ES module can still require built-ins',
    );
  });

  test('properties the build does not know are named once; a missing entry point is an import error', () => {
    const plan = esbuildPlan(
      testFunction(project.dir, 'src/app.handler', { name: 'Api', build: sam({ Splitting: true }) }),
    );
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0], /^Api: the build property Splitting is not used by the local build/);
    assert.throws(
      () =>
        esbuildPlan(
          testFunction(project.dir, 'app.handler', { name: 'Api', build: sam({ EntryPoints: ['src/nope.ts'] }) }),
        ),
      (error: Error) =>
        error instanceof BuildError &&
        error.errorType === 'Runtime.ImportModuleError' &&
        /Api: the entry point src\/nope\.ts does not exist/.test(error.message),
    );
  });
});
