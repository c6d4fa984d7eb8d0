import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { discoverFile } from '../../../src/core/discovery';
import { FIXTURES } from '../../support/functions';

function discover(relative: string, text?: string) {
  const path = join(FIXTURES, 'build', relative);
  return discoverFile(path, text ?? readFileSync(path, 'utf8'), { root: dirname(path) });
}

describe('build metadata in discovery', () => {
  test('SAM Metadata: esbuild with its BuildProperties, makefile, and the handler found through EntryPoints', () => {
    const { functions, diagnostics } = discover('sam-esbuild/template.yaml');
    assert.deepEqual(diagnostics, []);
    const orders = functions.find((f) => f.name === 'OrdersFunction')!;
    assert.equal(orders.build?.method, 'esbuild');
    assert.equal(orders.build?.origin, 'Metadata.BuildMethod');
    assert.deepEqual(orders.build?.properties.EntryPoints, ['src/app.ts']);
    assert.equal(orders.build?.position?.line, 20, 'the 0-based line of BuildMethod');
    assert.equal(orders.handlerFile, join(FIXTURES, 'build', 'sam-esbuild', 'orders', 'src', 'app.ts'));
    const make = discover('makefile/template.yaml').functions.find((f) => f.name === 'ReportFunction')!;
    assert.equal(make.build?.method, 'makefile');
    assert.equal(make.handlerFile, join(FIXTURES, 'build', 'makefile', 'report', 'index.js'));
  });

  test('a .zip CodeUri is the code archive, with nothing looked up inside it', () => {
    const { functions, diagnostics } = discover('zip-code/template.yaml');
    assert.deepEqual(diagnostics, []);
    assert.equal(functions[0].codeArchive, join(FIXTURES, 'build', 'zip-code', 'build', 'prebuilt.zip'));
    assert.equal(functions[0].handlerFile, undefined);
  });

  test('a build method that is not built locally is said at its line', () => {
    const text = readFileSync(join(FIXTURES, 'build', 'makefile', 'template.yaml'), 'utf8').replace(
      'BuildMethod: makefile',
      'BuildMethod: dotnet8',
    );
    const { functions, diagnostics } = discover('makefile/template.yaml', text);
    assert.equal(functions[0].build, undefined);
    assert.equal(diagnostics[0].line, 11);
    assert.match(
      diagnostics[0].message,
      /^ReportFunction: BuildMethod dotnet8 is not built locally; the function runs from its CodeUri as it is/,
    );
  });

  test('serverless-esbuild options are read into the same names; exclude joins External', () => {
    const { functions, diagnostics } = discover('serverless-esbuild/serverless.yml');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(functions[0].build, {
      method: 'esbuild',
      origin: 'serverless-esbuild',
      position: functions[0].build?.position,
      properties: {
        Minify: true,
        Sourcemap: true,
        Target: 'node20',
        External: ['sharp', '@aws-sdk/*'],
        Banner: { js: '/* greetings service */' },
      },
    });
  });

  test('serverless-plugin-typescript bundles the handler; package.artifact is the code archive', () => {
    const text = [
      'service: billing',
      'plugins: [serverless-plugin-typescript]',
      'provider: { name: aws, runtime: nodejs20.x }',
      'functions:',
      '  charge: { handler: src/charge.handler }',
      '  legacy: { handler: index.handler, package: { artifact: dist/legacy.zip } }',
    ].join('\n');
    const { functions } = discover('serverless-esbuild/serverless.yml', text);
    assert.equal(functions[0].build?.origin, 'serverless-plugin-typescript');
    assert.equal(functions[1].codeArchive, join(FIXTURES, 'build', 'serverless-esbuild', 'dist', 'legacy.zip'));
  });
});
