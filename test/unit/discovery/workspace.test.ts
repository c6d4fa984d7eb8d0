import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyFileChange, discoverWorkspace, findFunction, resolveHandlerSource } from '../../../src/core/discovery';
import type { FunctionSpec } from '../../../src/core/model';
import { brief, byName, fixture, FIXTURES } from './fixtures';
import { testFunction } from '../../support/functions';

const whole = discoverWorkspace(FIXTURES);

test('the whole fixture workspace loads although one template is broken', async () => {
  const result = await whole;
  const broken = result.diagnostics.filter((d) => d.file === fixture('broken', 'template.yaml'));
  assert.deepEqual(brief(broken), [
    '12:6 error YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ]);
  for (const name of [
    'OrdersFunction',
    'WorkerFunction',
    'JsonFunction',
    'listItems',
    'ApiHandler5E7490E8',
    'MissingFileFunction',
  ]) {
    assert.ok(
      result.functions.some((f) => f.name === name),
      `${name} found`,
    );
  }
});

test('a handler that points nowhere: an error at its Handler line, or at CodeUri when the folder is missing', async () => {
  const result = await whole;
  const nowhere = result.diagnostics.filter((d) => d.file === fixture('nowhere', 'template.yaml'));
  assert.deepEqual(
    nowhere.map((d) => [d.line, d.column, d.severity]),
    [
      [6, 6, 'error'],
      [11, 6, 'error'],
      [18, 6, 'warning'],
    ],
  );
  assert.match(nowhere[0].message, /^MissingFileFunction: Handler "handlers\/gone.handler" points nowhere/);
  assert.match(nowhere[1].message, /^MissingFolderFunction: Code folder .*does-not-exist\/ does not exist$/);
  assert.match(nowhere[2].message, /^MissingExportFunction: app.js has no visible definition of "nothere"$/);
});

test('bare handlers: Node, TypeScript, Python and Go files no template mentions', async () => {
  const result = await whole;
  const bare = result.functions.filter((f) => f.source === 'handler');
  const node = byName(bare, 'bare-node-handler');
  assert.deepEqual(
    [node.runtime, node.handler, node.codeDir, node.handlerLine],
    ['nodejs20.x', 'handler.handler', fixture('bare', 'node'), 3],
  );
  assert.equal(node.id, fixture('bare', 'node', 'handler.js'));
  const ts = byName(bare, 'bare-ts-src-fn');
  assert.deepEqual(
    [ts.runtime, ts.handler, ts.codeDir, ts.handlerLine],
    ['nodejs20.x', 'src/fn.handler', fixture('bare', 'ts'), 5],
  );
  const py = byName(bare, 'bare-py-lambda-function');
  assert.deepEqual([py.runtime, py.handler, py.handlerLine], ['python3.12', 'lambda_function.lambda_handler', 5]);
  const go = byName(bare, 'bare-go-cmd-api');
  assert.deepEqual(
    [go.runtime, go.handler, go.codeDir, go.handlerLine],
    ['provided.al2023', 'bootstrap', fixture('bare', 'go', 'cmd', 'api'), 9],
  );
});

test('bare handlers leave out tests, dependencies, template handlers and build output', async () => {
  const result = await whole;
  const files = result.functions.filter((f) => f.source === 'handler').map((f) => f.handlerFile);
  for (const excluded of [
    fixture('bare', 'node', 'handler.test.js'),
    fixture('bare', 'node', 'test', 'fake.js'),
    fixture('bare', 'node', 'node_modules', 'dep', 'index.js'),
    fixture('serverless', 'src', 'items.js'),
    fixture('cfn', 'src', 'index.js'),
    fixture('cdk', 'cdk.out', 'asset.9a7b1c', 'index.js'),
    fixture('cdk', 'cdk.out', 'asset.5f2c0d9e3b', 'index.js'),
  ]) {
    assert.ok(!files.includes(excluded), `${excluded} is not a bare handler`);
  }
  for (const unread of [
    fixture('bare', 'node', 'handler.test.js'),
    fixture('bare', 'node', 'test', 'fake.js'),
    fixture('bare', 'node', 'node_modules', 'dep', 'index.js'),
    fixture('cdk', 'cdk.out', 'asset.9a7b1c', 'index.js'),
  ]) {
    assert.ok(!result.files.includes(unread), `${unread} is not even read`);
  }
  assert.ok(result.files.includes(fixture('cdk', 'cdk.out', 'CdkStack.template.json')));
  assert.ok(!result.files.includes(fixture('cdk', 'cdk.out', 'manifest.json')));
  assert.ok(result.files.includes(fixture('sam-app', 'template.yaml')));
  assert.ok(result.files.includes(fixture('bare', 'py', 'util.py')), 'every read file is listed for watching');
});

test('ignore and maxFiles', async () => {
  const ignored = await discoverWorkspace(FIXTURES, { ignore: ['bare', 'sam-app/orders', 'cdk/'] });
  assert.ok(!ignored.functions.some((f) => f.source === 'handler' && f.handlerFile?.includes('/bare/')));
  assert.ok(!ignored.files.some((f) => f.startsWith(fixture('sam-app', 'orders'))));
  assert.ok(!ignored.functions.some((f) => f.source === 'cdk'));
  assert.ok(
    ignored.functions.some((f) => f.name === 'OrdersFunction'),
    'the template is read; only the folder is skipped',
  );
  const capped = await discoverWorkspace(FIXTURES, { maxFiles: 3 });
  assert.equal(capped.files.length, 3);
  assert.match(capped.diagnostics.at(-1)!.message, /^Discovery stopped after reading 3 files/);
});

test('findFunction: by logical id, FunctionName, id or handler file', async () => {
  const result = await whole;
  assert.equal(findFunction(result, 'OrdersFunction')?.functionName, 'test-orders');
  assert.equal(findFunction(result, 'test-orders')?.name, 'OrdersFunction');
  assert.equal(findFunction(result, 'worker')?.name, 'WorkerFunction');
  assert.equal(findFunction(result, `${fixture('json-template', 'template.json')}#JsonFunction`)?.name, 'JsonFunction');
  assert.equal(findFunction(result, fixture('bare', 'py', 'lambda_function.py'))?.name, 'bare-py-lambda-function');
  assert.equal(findFunction(result, 'NoSuchFunction'), undefined);
});

test('resolveHandlerSource: Node (TypeScript first), Python packages, Go, bootstrap, and nowhere', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'resolve-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.js'), 'exports.main = 1;\n');
  writeFileSync(join(dir, 'src', 'app.ts'), '\n\nexport const main = 1;\n');
  mkdirSync(join(dir, 'pkg', 'mod'), { recursive: true });
  writeFileSync(join(dir, 'pkg', 'mod', '__init__.py'), '\ndef go(event, context):\n    pass\n');
  writeFileSync(join(dir, 'bootstrap'), '#!/bin/sh\n');
  const spec = (runtime: string, handler: string): FunctionSpec =>
    testFunction(dir, handler, { id: 'x', name: 'x', source: 'sam', runtime });
  assert.deepEqual(await resolveHandlerSource(spec('nodejs20.x', 'src/app.main')), {
    file: join(dir, 'src', 'app.ts'),
    line: 2,
  });
  assert.deepEqual(await resolveHandlerSource(spec('python3.12', 'pkg.mod.go')), {
    file: join(dir, 'pkg', 'mod', '__init__.py'),
    line: 1,
  });
  assert.deepEqual(await resolveHandlerSource(spec('provided.al2023', 'bootstrap')), {
    file: join(dir, 'bootstrap'),
    line: 0,
  });
  assert.equal(await resolveHandlerSource(spec('nodejs20.x', 'missing.main')), undefined);
});

test('applyFileChange: re-reads one file, keeping everything else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'change-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const template = join(dir, 'template.yaml');
  const handler = join(dir, 'fn', 'index.js');
  mkdirSync(join(dir, 'fn'));
  const yaml = (timeout: number) =>
    `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: fn/\n      Handler: index.handler\n      Runtime: nodejs20.x\n      Timeout: ${timeout}\n`;
  writeFileSync(template, yaml(3));
  writeFileSync(handler, 'exports.handler = async () => 1;\n');
  writeFileSync(join(dir, 'other.py'), 'def lambda_handler(event, context):\n    pass\n');
  const first = await discoverWorkspace(dir);
  assert.deepEqual(
    first.functions.map((f) => f.name),
    ['Fn', 'other'],
  );
  const longer = applyFileChange(first, dir, template, yaml(2000));
  assert.equal(byName(longer.functions, 'Fn').timeout, 2000);
  assert.deepEqual(
    brief(longer.diagnostics).map((d) => d.slice(0, 13)),
    ['8:6 warning F'],
  );
  const moved = applyFileChange(longer, dir, handler, '\n\nexports.handler = async () => 2;\n');
  assert.equal(byName(moved.functions, 'Fn').handlerLine, 2);
  const gone = applyFileChange(moved, dir, join(dir, 'other.py'), undefined);
  assert.deepEqual(
    gone.functions.map((f) => f.name),
    ['Fn'],
  );
  assert.ok(!gone.files.includes(join(dir, 'other.py')));
});
