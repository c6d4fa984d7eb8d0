import assert from 'node:assert/strict';
import { SourceMap as NodeSourceMap } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { buildSync } from 'esbuild';
import { mapErrorBody, mapStackText } from '../../../src/core/runtime/mapStackTrace';
import { SourceMap } from '../../../src/core/build/sourceMap';
import { codeFolder } from '../../support/codeFolder';

const project = codeFolder({
  'src/app.ts': [
    "import { total } from './math';",
    "import { describe as say } from './words';",
    'export const handler = async (event: { prices: number[] }) => {',
    '  const sum = total(event.prices);',
    '  return { sum, text: say(sum) };',
    '};',
    '',
  ].join('\n'),
  'src/math.ts':
    'export function total(prices: number[]): number {\n  if (prices.some((p) => p < 0)) {\n    throw new Error("negative");\n  }\n  return prices.reduce((a, b) => a + b, 0);\n}\n',
  'src/words.ts': 'export const describe = (n: number): string => (n > 100 ? `a lot (${n})` : `only ${n}`);\n',
});
after(() => project.cleanup());

function bundle(minify: boolean): {
  code: string;
  map: { sources: string[]; names: string[]; mappings: string };
  mapFile: string;
} {
  const outfile = join(project.dir, 'out', minify ? 'min.js' : 'app.js');
  const result = buildSync({
    entryPoints: [join(project.dir, 'src/app.ts')],
    bundle: true,
    platform: 'node',
    minify,
    sourcemap: 'external',
    outfile,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text);
  return { code, map, mapFile: `${outfile}.map` };
}

describe('source maps, read outside the function', () => {
  for (const minify of [false, true]) {
    test(`every position of a ${minify ? 'minified' : 'readable'} bundle maps where Node's own SourceMap says`, () => {
      const { code, map, mapFile } = bundle(minify);
      const ours = new SourceMap(map, mapFile);
      const node = new NodeSourceMap({ version: 3, file: 'app.js', sourceRoot: '', sourcesContent: [], ...map });
      const lines = code.split('\n');
      let compared = 0;
      for (let line = 0; line < lines.length; line++) {
        for (let column = 0; column < lines[line].length; column += 3) {
          const expected = node.findEntry(line, column) as {
            originalSource?: string;
            originalLine?: number;
            originalColumn?: number;
          };
          const actual = ours.originalPosition(line, column);
          if (expected.originalSource === undefined) {
            assert.equal(actual, undefined, `${line}:${column}`);
            continue;
          }
          assert.ok(actual, `${line}:${column}: expected ${JSON.stringify(expected)}`);
          const expectedFile = expected.originalSource.startsWith('file:')
            ? fileURLToPath(expected.originalSource)
            : expected.originalSource;
          assert.deepEqual(
            [basename(actual.file), actual.line, actual.column],
            [basename(expectedFile), expected.originalLine, expected.originalColumn],
            `${line}:${column}`,
          );
          compared++;
        }
      }
      assert.ok(compared > 50, `${compared} positions compared`);
    });
  }

  test('sources are resolved against the map file', () => {
    const ours = new SourceMap({ sources: ['../src/a.ts'], mappings: 'AAAA' }, '/work/app/out/a.js.map');
    assert.deepEqual(ours.originalPosition(0, 0), { file: '/work/app/src/a.ts', line: 0, column: 0, name: undefined });
    assert.equal(ours.originalPosition(-1, 0), undefined);
  });

  test('only locations under the build folders change, in traces and in logged JSON alike', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { code, map } = bundle(false);
    const out = join(project.dir, 'build');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'app.js'), code);
    writeFileSync(
      join(out, 'app.js.map'),
      JSON.stringify({ ...map, sources: map.sources.map((s) => join(project.dir, 'out', s)) }),
    );
    const throwLine = code.split('\n').findIndex((l) => l.includes('throw new Error("negative")')) + 1;
    const column = code.split('\n')[throwLine - 1].indexOf('throw') + 1;
    const frame = `    at total (${join(out, 'app.js')}:${throwLine}:${column})`;
    const other = '    at run (/opt/runtime/client.js:10:5)';
    const mapped = mapErrorBody(
      { errorType: 'Error', errorMessage: 'negative', trace: ['Error: negative', frame, other] },
      [out],
    );
    assert.deepEqual(mapped.trace, [
      'Error: negative',
      `    at total (${join(project.dir, 'src', 'math.ts')}:3:5)`,
      other,
    ]);
    const logged = `Invoke Error \t${JSON.stringify({ stack: [frame.replace(join(out, 'app.js'), `file://${join(out, 'app.js')}`)] })}`;
    assert.match(
      mapStackText(logged, [out]),
      new RegExp(`${join(project.dir, 'src', 'math.ts').replace(/[.]/g, '\\.')}:3:5`),
    );
    assert.equal(mapStackText(frame, [join(project.dir, 'elsewhere')]), frame);
  });
});
