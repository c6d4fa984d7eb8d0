// The extension is installed in the editor, activates, and contributes its view and commands.
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'lambda-workbench.lambda-workbench';

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) {
    const others = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    assert.fail(`extension ${EXTENSION_ID} is not installed (non-built-in extensions: ${others.join(', ') || 'none'})`);
  }
  return found;
}

suite('Extension', () => {
  test(`${EXTENSION_ID} is installed and activates`, async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('it contributes the Functions view, and registers every command it contributes', async () => {
    const contributes = extension().packageJSON.contributes ?? {};
    const container = (contributes.viewsContainers?.activitybar ?? []).find(
      (c: { id: string }) => c.id === 'lambdaWorkbench',
    );
    assert.equal(
      container?.title,
      'Lambda Workbench',
      'activity-bar container lambdaWorkbench titled "Lambda Workbench"',
    );
    const views: { id: string; name: string }[] = contributes.views?.lambdaWorkbench ?? [];
    assert.deepEqual(views.find((v) => v.id === 'lambdaWorkbench.functions')?.name, 'Functions');
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: string[] = (contributes.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 30, `package.json contributes ${contributed.length} commands`);
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
      'every contributed command is registered',
    );
  });
});
