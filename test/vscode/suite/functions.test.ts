// The Functions tree, the handler code lenses and Run, against the examples/ workspace (issue: tree and lenses).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { CommandError } from '../../../src/extension/guard';
import type { TreeNode } from '../../../src/extension/tree/nodes';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { examplesFolder, lambdaApi, screenshot, waitFor } from './harness';
import { recordMessages } from './messages';

const EXAMPLE_FUNCTIONS = [
  'CallbackFunction',
  'EsmFunction',
  'HelloFunction',
  'ImageResizeFunction',
  'TypeScriptFunction',
];
const HANDLER_FILES: Record<string, string> = {
  HelloFunction: 'hello-cjs/index.js',
  EsmFunction: 'hello-esm/app.mjs',
  TypeScriptFunction: 'ts-app/src/app.ts',
  CallbackFunction: 'callback/handler.js',
  ImageResizeFunction: 'image-resize/index.mjs',
};

function functionId(workbench: LambdaWorkbenchApi['workbench'], name: string): string {
  const fn = workbench.functions.functions.find((f) => f.name === name && f.templatePath?.endsWith('template.yaml'));
  assert.ok(fn, `${name} was discovered`);
  return fn.id;
}

suite('Functions tree, code lenses and Run', () => {
  let lambda: LambdaWorkbenchApi;
  suiteSetup(async () => {
    lambda = await lambdaApi();
  });

  test('activation loaded neither esbuild nor the AWS SDK', () => {
    const loaded = Object.keys(require.cache);
    // esbuild stays outside every bundle; the AWS SDK is bundled into dist/aws.js, which loads on first AWS use.
    assert.deepEqual(
      loaded.filter((path) => /[\\/]node_modules[\\/]esbuild[\\/]/.test(path)),
      [],
    );
    assert.deepEqual(
      loaded.filter((path) => /[\\/]dist[\\/]aws\.js$/.test(path)),
      [],
    );
    assert.equal(lambda.aws.isLoaded(), false);
  });

  test('the tree shows the template with every example function, its runtime, memory and timeout', async () => {
    const roots = (await lambda.tree.getChildren()) as TreeNode[];
    const template = roots.find((node) => node.kind === 'template' && node.path?.endsWith('template.yaml'));
    assert.ok(template, `a template group among ${roots.length} roots`);
    const functions = (await lambda.tree.getChildren(template)) as TreeNode[];
    const names = functions.map((node) => (node.kind === 'function' ? node.fn.name : '?'));
    for (const name of EXAMPLE_FUNCTIONS) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    const ts = functions.find((node) => node.kind === 'function' && node.fn.name === 'TypeScriptFunction')!;
    const item = lambda.tree.getTreeItem(ts);
    assert.equal(item.description, 'nodejs20.x · 512 MB · 10 s');
    assert.equal(item.contextValue, 'lambdaFunction');
    const children = (await lambda.tree.getChildren(ts)) as TreeNode[];
    assert.ok(
      children.some((c) => c.kind === 'eventSource' && c.source.type === 'Api'),
      'the Api event source is a child',
    );
    assert.ok(
      children.some((c) => c.kind === 'eventsFolder'),
      'the Test Events folder is a child',
    );
    const httpApi = functions.find((node) => node.kind === 'api' && node.api.name === 'ServerlessHttpApi');
    assert.ok(httpApi, 'the implicit HTTP API is listed under the template');
    assert.match(String(lambda.tree.getTreeItem(httpApi).description), /^HTTP API · stage \$default · \d+ routes?$/);
    const routes = (await lambda.tree.getChildren(httpApi)) as TreeNode[];
    const hello = routes.find((node) => node.kind === 'apiRoute' && node.route.path === '/hello');
    assert.ok(hello, 'GET /hello is a route of the HTTP API');
    assert.equal(lambda.tree.getTreeItem(hello).label, 'GET /hello');
    assert.equal(lambda.tree.getTreeItem(hello).description, '→ HelloFunction');
    await vscode.commands.executeCommand('workbench.view.extension.lambdaWorkbench');
    await screenshot('functions-tree');
  });

  test('a Run lens stands above every example handler, at the line of its definition', async () => {
    for (const [name, file] of Object.entries(HANDLER_FILES)) {
      const uri = vscode.Uri.joinPath(examplesFolder().uri, file);
      const document = await vscode.workspace.openTextDocument(uri);
      const lenses = await waitFor(`the code lenses of ${file}`, async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found.some((lens) => lens.command?.command === 'lambdaWorkbench.function.run') && found;
      });
      const run = lenses.find((lens) => lens.command?.command === 'lambdaWorkbench.function.run')!;
      assert.deepEqual(run.command?.arguments, [{ functionId: functionId(lambda.workbench, name) }]);
      assert.match(
        document.lineAt(run.range.start.line).text,
        /handler/,
        `${file}: the lens sits on the handler's definition`,
      );
    }
  });

  test('Run produces the response and a REPORT line, and shows the result beside the code', async () => {
    const result = (await vscode.commands.executeCommand('lambdaWorkbench.function.run', {
      functionId: functionId(lambda.workbench, 'HelloFunction'),
      eventJson: '{"queryStringParameters":{"name":"VS Code"}}',
      eventLabel: 'greeting',
    })) as InvocationResult;
    assert.equal(result.status, 'success');
    assert.equal(JSON.parse(JSON.parse(result.payload.toString()).body).message, 'Hello, VS Code!');
    assert.ok(
      result.logs.some((line) => /^REPORT RequestId: \S+\tDuration: /.test(line)),
      result.logs.join('\n'),
    );
    await waitFor('the result panel', () =>
      vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label.startsWith('HelloFunction'))),
    );
    await screenshot('run-result');
  });

  test('a TypeScript handler runs from its source, and an error result carries its stack', async () => {
    const id = functionId(lambda.workbench, 'TypeScriptFunction');
    const ok = (await vscode.commands.executeCommand('lambdaWorkbench.function.run', {
      functionId: id,
      eventJson: JSON.stringify({ body: JSON.stringify({ customer: 'Ada', items: [{ sku: 'A', quantity: 2 }] }) }),
    })) as InvocationResult;
    assert.equal(ok.status, 'success', ok.payload.toString());
    assert.equal(JSON.parse(ok.payload.toString()).statusCode, 201);
    const failed = (await vscode.commands.executeCommand('lambdaWorkbench.function.run', {
      functionId: functionId(lambda.workbench, 'ImageResizeFunction'),
      eventJson: '{"Records":[]}',
    })) as InvocationResult;
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.errorMessage, 'expected an S3 event with at least one record');
    await screenshot('run-error');
  });

  test('a malformed event is refused before anything runs, with the position of the mistake', async () => {
    const messages = recordMessages();
    try {
      const text =
        'Test event "broken-order" is not valid JSON: Unexpected end of input: a value was expected (line 1, column 12). Nothing was run.';
      const result = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.function.run', {
        functionId: functionId(lambda.workbench, 'HelloFunction'),
        eventJson: '{"broken": ',
        eventLabel: 'broken-order',
      });
      assert.deepEqual([result.outcome, result.code, result.text], ['refused', 'malformed-event', text]);
      assert.deepEqual(messages.shown, [{ severity: 'error', text, items: [], modal: false, detail: undefined }]);
    } finally {
      messages.dispose();
    }
  });

  test('a malformed saved event is refused with Open Event, which opens the file at the mistake', async () => {
    const id = functionId(lambda.workbench, 'HelloFunction');
    const folder = join(examplesFolder().uri.fsPath, 'events', 'HelloFunction');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'missing-comma.json');
    writeFileSync(path, '{\n  "name": "Ada"\n  "items": []\n}\n');
    const messages = recordMessages((message) => (message.items.includes('Open Event') ? 'Open Event' : undefined));
    try {
      const result = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.events.run', {
        functionId: id,
        eventName: 'missing-comma',
        path,
      });
      assert.equal(result.code, 'malformed-event');
      const shown = await messages.waitFor(
        /^Test event "missing-comma" is not valid JSON: .* \(line 3, column 3\)\. Nothing was run\.$/,
      );
      assert.deepEqual(shown.items, ['Open Event']);
      const editor = await waitFor(
        'the event to open',
        () => vscode.window.activeTextEditor?.document.uri.fsPath === path && vscode.window.activeTextEditor,
      );
      assert.deepEqual(
        [editor.selection.active.line, editor.selection.active.character],
        [2, 2],
        'the cursor is on the mistake',
      );
    } finally {
      messages.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      rmSync(path, { force: true });
    }
  });

  test('a function that is no longer in the workspace is refused by name', async () => {
    const messages = recordMessages();
    try {
      const text = 'The function gone.yaml#Removed is no longer in the workspace (was its template changed?)';
      const result = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.function.run', {
        functionId: 'gone.yaml#Removed',
        eventJson: '{}',
      });
      assert.deepEqual([result.outcome, result.code, result.text], ['refused', 'no-function', text]);
      assert.deepEqual(messages.shown, [{ severity: 'warning', text, items: [], modal: false, detail: undefined }]);
    } finally {
      messages.dispose();
    }
  });

  test('a saved test event appears under Test Events and runs from there', async () => {
    const id = functionId(lambda.workbench, 'CallbackFunction');
    const folder = join(examplesFolder().uri.fsPath, 'events', 'CallbackFunction');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'three-items-saved.json');
    writeFileSync(path, '{ "items": [1, 2, 3] }\n');
    try {
      const fnNode = { kind: 'function', fn: lambda.workbench.functions.byId(id)!, functionId: id } as TreeNode;
      const eventsFolder = ((await lambda.tree.getChildren(fnNode)) as TreeNode[]).find(
        (c) => c.kind === 'eventsFolder',
      )!;
      const saved = (await lambda.tree.getChildren(eventsFolder)) as TreeNode[];
      const node = saved.find((c) => c.kind === 'savedEvent' && c.eventName === 'three-items-saved');
      assert.ok(node, 'the saved event is listed');
      const result = (await vscode.commands.executeCommand('lambdaWorkbench.events.run', node)) as InvocationResult;
      assert.deepEqual(JSON.parse(result.payload.toString()), { count: 3, total: 6 });
    } finally {
      rmSync(path, { force: true });
    }
  });

  suite('a broken template', () => {
    const dir = () => join(examplesFolder().uri.fsPath, 'broken-fixture');
    suiteSetup(() => {
      mkdirSync(dir(), { recursive: true });
      writeFileSync(
        join(dir(), 'template.yaml'),
        'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: [unclosed\n',
      );
    });
    suiteTeardown(() => rmSync(dir(), { recursive: true, force: true }));

    test('is reported in the Problems panel at its line, and the other functions still load', async () => {
      const uri = vscode.Uri.file(join(dir(), 'template.yaml'));
      const problems = await waitFor(
        'a diagnostic on the broken template',
        () => {
          const found = vscode.languages.getDiagnostics(uri);
          return found.length > 0 && found;
        },
        15_000,
      );
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
      assert.ok(problems[0].range.start.line >= 3, `line ${problems[0].range.start.line}`);
      for (const name of EXAMPLE_FUNCTIONS) functionId(lambda.workbench, name);
    });
  });
});
