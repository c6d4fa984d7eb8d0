// Saved events as tests in the Testing view, and events the project already has in the Run picker.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import { workspaceEventsFor } from '../../../src/core/events';
import { eventStoreFor } from '../../../src/extension/events/eventStoreFor';
import { examplesFolder, lambdaApi, screenshot } from './harness';

suite('Saved events as tests', () => {
  let lambda: LambdaWorkbenchApi;
  suiteSetup(async () => {
    lambda = await lambdaApi();
  });

  function labels(items: vscode.TestItemCollection): string[] {
    const out: string[] = [];
    items.forEach((item) => out.push(item.label));
    return out.sort();
  }

  test('the Testing view lists the example tests under template and function, and running them all passes', async () => {
    await lambda.eventTests.refresh();
    const roots: vscode.TestItem[] = [];
    lambda.eventTests.controller.items.forEach((item) => roots.push(item));
    const template = roots.find((item) => item.uri?.fsPath === join(examplesFolder().uri.fsPath, 'template.yaml'));
    assert.ok(template, `the examples' template among ${roots.map((r) => r.label).join(', ')}`);
    assert.deepEqual(labels(template.children), ['CallbackFunction', 'EsmFunction', 'TypeScriptFunction']);
    assert.deepEqual(
      labels(
        template.children.get([...idsOf(template.children)].find((id) => id.endsWith('#CallbackFunction'))!)!.children,
      ),
      ['not-numbers', 'three-items'],
    );
    const outcomes = await lambda.eventTests.run(new vscode.TestRunRequest());
    assert.deepEqual(outcomes.map((o) => `${o.test.fn.name}/${o.test.eventName}:${o.status}`).sort(), [
      'CallbackFunction/not-numbers:passed',
      'CallbackFunction/three-items:passed',
      'EsmFunction/scheduled:passed',
      'TypeScriptFunction/empty-order:passed',
    ]);
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await screenshot('event-tests-view');
  });

  test('a broken expectation fails with an expected/actual diff', async () => {
    const path = join(examplesFolder().uri.fsPath, 'events', 'CallbackFunction', 'three-items.expected.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('"total": 6', '"total": 60'));
    try {
      const outcomes = await lambda.eventTests.run(new vscode.TestRunRequest());
      const failed = outcomes.find((o) => o.test.eventName === 'three-items')!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.message, 'the response differs from the expected one');
      assert.match(failed.comparison!.diff, /^- {2}"total": 60$/m);
      assert.match(failed.comparison!.diff, /^\+ {2}"total": 6$/m);
      await vscode.commands.executeCommand('workbench.view.testing.focus');
      await vscode.commands.executeCommand('testing.showMostRecentOutput');
      await screenshot('event-tests-broken-expectation');
    } finally {
      writeFileSync(path, original);
    }
  });

  test("the Run picker offers the project's own events/*.json, never expected results", async () => {
    const fn = lambda.workbench.functions.functions.find(
      (f) => f.name === 'ImageResizeFunction' && f.templatePath?.endsWith('template.yaml'),
    )!;
    const store = eventStoreFor(lambda.workbench, fn);
    assert.equal(store.root, join(examplesFolder().uri.fsPath, 'events'));
    const offered = await workspaceEventsFor(fn, store.root);
    assert.deepEqual(
      offered.map((e) => e.name),
      ['order', 's3-put'],
    );
  });
});

function idsOf(items: vscode.TestItemCollection): string[] {
  const ids: string[] = [];
  items.forEach((item) => ids.push(item.id));
  return ids;
}
