// Edits reach the next Run, and layers are given to the function, inside the editor (issue: real projects run locally).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { examplesFolder, lambdaApi, waitFor } from './harness';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  WordsLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
  LiveEditFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: index.handler
      Runtime: nodejs20.x
      Layers:
        - !Ref WordsLayer
`;

/** Replaces a file's text through the editor and saves it, as a user does. */
async function editAndSave(path: string, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save());
}

suite('Edits reach the next Run; layers are given to the function', () => {
  const dir = () => join(examplesFolder().uri.fsPath, 'live-edit-fixture');
  let lambda: LambdaWorkbenchApi;
  let functionId = '';

  const run = async (): Promise<InvocationResult> =>
    (await vscode.commands.executeCommand('lambdaWorkbench.function.run', {
      functionId,
      eventJson: '{}',
      eventLabel: 'empty',
    })) as InvocationResult;

  suiteSetup(async () => {
    lambda = await lambdaApi();
    mkdirSync(join(dir(), 'fn'), { recursive: true });
    mkdirSync(join(dir(), 'layer', 'nodejs', 'node_modules', 'words'), { recursive: true });
    writeFileSync(join(dir(), 'layer', 'nodejs', 'node_modules', 'words', 'index.js'), "exports.word = 'layer one';\n");
    writeFileSync(
      join(dir(), 'fn', 'index.js'),
      "const { word } = require('words');\nexports.handler = async () => ({ version: 1, word, pid: process.pid });\n",
    );
    writeFileSync(join(dir(), 'template.yaml'), TEMPLATE);
    functionId = await waitFor(
      'the fixture function to be discovered',
      () => lambda.workbench.functions.functions.find((f) => f.name === 'LiveEditFunction')?.id,
      15_000,
    );
  });
  suiteTeardown(() => rmSync(dir(), { recursive: true, force: true }));

  test("Run shows the new result after the handler is edited and saved, and after the layer's content is", async () => {
    const first = await run();
    assert.equal(first.status, 'success', first.payload.toString());
    const v1 = JSON.parse(first.payload.toString());
    assert.deepEqual([v1.version, v1.word], [1, 'layer one']);
    const warm = JSON.parse((await run()).payload.toString());
    assert.equal(warm.pid, v1.pid, 'nothing changed: the warm instance answered');

    await editAndSave(
      join(dir(), 'fn', 'index.js'),
      "const { word } = require('words');\nexports.handler = async () => ({ version: 2, word, pid: process.pid });\n",
    );
    const second = await run();
    const v2 = JSON.parse(second.payload.toString());
    assert.equal(v2.version, 2);
    assert.ok(
      second.warnings.some((w) => /index\.js changed since its warm instance started/.test(w)),
      second.warnings.join('\n'),
    );

    await editAndSave(
      join(dir(), 'layer', 'nodejs', 'node_modules', 'words', 'index.js'),
      "exports.word = 'layer two';\n",
    );
    assert.equal(JSON.parse((await run()).payload.toString()).word, 'layer two');
  });
});
