import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoverWorkspace, findHandlerDefinitions, resolveHandlerSource } from '../../../src/core/discovery';
import { MAX_BARE_SCAN_LENGTH, MAX_SCAN_LENGTH } from '../../../src/core/discovery/handlerDefinitions';
import { lineAndColumn, lineIndex, maskJavaScript } from '../../../src/core/discovery/maskSource';
import { testFunction } from '../../support/functions';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('a TypeScript re-export leads to the line of the real definition, through `export *` and renames', async () => {
  const dir = workspace({
    'src/index.ts':
      "export { handler } from './sqs/sender';\nexport { impl as renamed } from './impl.js';\nexport * from './star';\n",
    'src/sqs/sender.ts':
      "import { SQSClient } from '@aws-sdk/client-sqs';\n\nexport const handler = async () => 'sent';\n",
    'src/impl.ts': '\n\n\nexport async function impl() {}\n',
    'src/star/index.ts': "export * from './deeper';\n",
    'src/star/deeper.ts': '\nexport const fromStar = 1;\n',
  });
  const spec = (handler: string) =>
    testFunction(dir, handler, { id: 'x', name: 'x', source: 'sam', runtime: 'nodejs20.x' });
  assert.deepEqual(await resolveHandlerSource(spec('src/index.handler')), {
    file: join(dir, 'src', 'sqs', 'sender.ts'),
    line: 2,
  });
  assert.deepEqual(await resolveHandlerSource(spec('src/index.renamed')), {
    file: join(dir, 'src', 'impl.ts'),
    line: 3,
  });
  assert.deepEqual(await resolveHandlerSource(spec('src/index.fromStar')), {
    file: join(dir, 'src', 'star', 'deeper.ts'),
    line: 1,
  });
  const [reexport] = findHandlerDefinitions('index.ts', "export { handler } from './sqs/sender';\n");
  assert.deepEqual(reexport.reexport, { module: './sqs/sender', name: 'handler' });
});

test('re-export cycles and missing modules end at the re-export line, never loop', async () => {
  const dir = workspace({
    'a.ts': "export { handler } from './b';\n",
    'b.ts': "\nexport { handler } from './a';\n",
    'c.ts': "export { handler } from './nowhere';\n",
    'd.ts': "export * from './d';\n",
  });
  const spec = (handler: string) =>
    testFunction(dir, handler, { id: 'x', name: 'x', source: 'sam', runtime: 'nodejs20.x' });
  assert.deepEqual(await resolveHandlerSource(spec('a.handler')), { file: join(dir, 'b.ts'), line: 1 });
  assert.deepEqual(await resolveHandlerSource(spec('c.handler')), { file: join(dir, 'c.ts'), line: 0 });
  assert.deepEqual(await resolveHandlerSource(spec('d.handler')), { file: join(dir, 'd.ts'), line: 0 });
});

test('a file that only re-exports a handler is not a second bare handler', async () => {
  const dir = workspace({
    'package.json': '{}',
    'src/index.ts': "export { handler } from './sqs/sender';\n",
    'src/sqs/sender.ts': 'export const handler = async () => 1;\n',
  });
  const found = await discoverWorkspace(dir);
  assert.deepEqual(
    found.functions.map((f) => [f.name, f.handler]),
    [['src-sqs-sender', 'src/sqs/sender.handler']],
  );
});

test('Python handler names are matched literally: regex characters neither throw nor match something else', async () => {
  const dir = workspace({ 'app.py': 'def handler(event, context):\n    pass\n\nh_x = handler\n' });
  const spec = (handler: string) =>
    testFunction(dir, handler, { id: 'x', name: 'x', source: 'sam', runtime: 'python3.12' });
  assert.deepEqual(await resolveHandlerSource(spec('app.h_x')), { file: join(dir, 'app.py'), line: 3 });
  for (const hostile of ['app.(a+)+$', 'app.[', 'app.handler|h_x', 'app.*']) {
    assert.deepEqual(await resolveHandlerSource(spec(hostile)), { file: join(dir, 'app.py'), line: 0 }, hostile);
  }
});

test('files past the scan limit are not searched; the lookup opens them at line 1 and says why', async () => {
  const big = `${'// filler line of a generated bundle\n'.repeat(Math.ceil(MAX_SCAN_LENGTH / 37) + 1)}exports.handler = async () => 1;\n`;
  assert.ok(big.length > MAX_SCAN_LENGTH);
  assert.deepEqual(findHandlerDefinitions('bundle.js', big), []);
  const dir = workspace({
    'bundle.js': big,
    'template.yaml':
      'Resources:\n  Big:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Handler: bundle.handler\n      Runtime: nodejs20.x\n',
  });
  const found = await discoverWorkspace(dir);
  assert.deepEqual(
    found.functions.map((f) => [f.name, f.handlerFile, f.handlerLine]),
    [['Big', join(dir, 'bundle.js'), 0]],
  );
  assert.deepEqual(
    found.diagnostics.map((d) => `${d.severity} ${d.message}`),
    [
      `info Big: bundle.js (${Math.round(big.length / 1024)} KB) is too large to search for the handler; it opens at line 1`,
      'info 1 source file(s) over 256 KB were not searched for handlers (bundle.js); a template that names one still finds it',
    ],
  );
});

test('workspace discovery looks for bare handlers only in files up to 256 KB, and says which it left out', async () => {
  const filler = (length: number) => '// filler line of a generated bundle\n'.repeat(Math.ceil(length / 37));
  const large = `${filler(MAX_BARE_SCAN_LENGTH + 1)}exports.handler = async () => 1;\n`;
  const small = `${filler(MAX_BARE_SCAN_LENGTH - 1024)}exports.handler = async () => 2;\n`;
  assert.ok(large.length > MAX_BARE_SCAN_LENGTH && small.length <= MAX_BARE_SCAN_LENGTH);
  const dir = workspace({ 'large/index.js': large, 'small/index.js': small });
  const found = await discoverWorkspace(dir);
  assert.deepEqual(
    found.functions.map((f) => f.handlerFile),
    [join(dir, 'small', 'index.js')],
  );
  assert.deepEqual(
    found.diagnostics.map((d) => `${d.severity} ${d.message}`),
    [
      `info 1 source file(s) over 256 KB were not searched for handlers (${join('large', 'index.js')}); a template that names one still finds it`,
    ],
  );
});

test('the JavaScript mask keeps offsets and blanks strings, comments and regex literals only', () => {
  const text = "const a = 'x/y'; // c\nconst r = /'[/]/g, d = a / 2 / 1; /* m\nm */ const t = `\n${a}`;";
  const masked = maskJavaScript(text);
  assert.equal(masked.length, text.length);
  assert.equal(masked, "const a = '   ';     \nconst r = /    /g, d = a / 2 / 1;     \n     const t = `\n    `;");
});

test('lineIndex agrees with lineAndColumn everywhere', () => {
  const text = 'a\n\nbc\r\nd\n';
  const index = lineIndex(text);
  for (let offset = 0; offset <= text.length; offset++)
    assert.deepEqual(index(offset), lineAndColumn(text, offset), String(offset));
});

test('a CDK asset (a copy, or an esbuild bundle naming its modules) and a Go binary are not listed again as bare handlers', async () => {
  const cdkTemplate = (asset: string, id: string) =>
    JSON.stringify({
      Resources: {
        [id]: {
          Type: 'AWS::Lambda::Function',
          Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Code: { S3Bucket: 'b', S3Key: 'k.zip' } },
          Metadata: { 'aws:asset:path': asset },
        },
      },
    });
  const handler = 'exports.handler = async () => 1;\n';
  const dir = workspace({
    'package.json': '{}',
    'lambda/copied/index.js': handler,
    'lambda/bundled.ts': 'export const handler = async () => 2;\n',
    'lambda/own.ts': 'export const handler = async () => 3;\n',
    'cdk.out/Stack.template.json': cdkTemplate('asset.aaa', 'Copied'),
    'cdk.out/Bundled.template.json': cdkTemplate('asset.bbb', 'Bundled'),
    'cdk.out/asset.aaa/index.js': handler,
    'cdk.out/asset.bbb/index.js':
      '"use strict";\n// lambda/bundled.ts\nvar handler = async () => 2;\nexports.handler = handler;\n',
    'go/serverless.yml':
      'service: g\nprovider: { name: aws, runtime: provided.al2023 }\nfunctions:\n  hello:\n    handler: bin/hello\n',
    'go/hello/main.go':
      'package main\n\nimport "github.com/aws/aws-lambda-go/lambda"\n\nfunc handle() error { return nil }\n\nfunc main() { lambda.Start(handle) }\n',
    'go/other/main.go':
      'package main\n\nimport "github.com/aws/aws-lambda-go/lambda"\n\nfunc run() error { return nil }\n\nfunc main() { lambda.Start(run) }\n',
  });
  const found = await discoverWorkspace(dir);
  assert.deepEqual(found.functions.map((f) => f.name).sort(), ['Bundled', 'Copied', 'go-other', 'hello', 'lambda-own']);
});
