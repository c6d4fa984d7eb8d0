// The harness itself: the suite runs in the examples workspace and can ask the launcher for screenshots.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { suite, test } from 'mocha';
import { HARNESS_URL_ENV } from '../protocol';
import * as vscode from 'vscode';
import { examplesFolder, screenshot } from './harness';
import { recordMessages } from './messages';

suite('Harness', () => {
  test('runs with examples/ as its workspace', () => {
    const folder = examplesFolder().uri.fsPath;
    assert.equal(basename(folder), 'examples');
    assert.ok(existsSync(join(folder, 'template.yaml')), `${folder} has no template.yaml`);
  });

  test('screenshot() saves a named screenshot through the launcher', async function () {
    if (!process.env[HARNESS_URL_ENV]) {
      if (process.env.CI === 'true')
        throw new Error(`${HARNESS_URL_ENV} is not set: the launcher's harness server is missing`);
      this.skip();
    }
    const path = await screenshot('harness-screenshot');
    assert.ok(path, 'screenshot() returned no path');
    assert.equal(basename(path), 'harness-screenshot.png');
    assert.ok(statSync(path).size > 1000, `${path} is too small to be a screenshot`);
  });

  test('screenshot() rejects a name that is not a plain file name', async () => {
    await assert.rejects(screenshot('../escape'), /not a plain file name/);
  });

  test('recordMessages() records notifications, presses the button it is told to, and restores the editor on dispose', async () => {
    const original = vscode.window.showWarningMessage;
    const messages = recordMessages((message) => (message.text.startsWith('Proceed') ? 'Yes' : undefined));
    try {
      assert.equal(
        await vscode.window.showWarningMessage(
          'Proceed with the recorder check?',
          { modal: true, detail: 'only a test' },
          'Yes',
          'No',
        ),
        'Yes',
      );
      void vscode.window.showInformationMessage('Recorder check done');
      assert.deepEqual(messages.shown, [
        {
          severity: 'warning',
          text: 'Proceed with the recorder check?',
          items: ['Yes', 'No'],
          modal: true,
          detail: 'only a test',
        },
        { severity: 'information', text: 'Recorder check done', items: [], modal: false, detail: undefined },
      ]);
      assert.deepEqual(messages.texts('information'), ['Recorder check done']);
      assert.equal((await messages.waitFor(/check done/)).severity, 'information');
      await assert.rejects(
        messages.waitFor('never shown', 300),
        /timed out after 300 ms waiting for a message matching never shown/,
      );
    } finally {
      messages.dispose();
    }
    assert.equal(vscode.window.showWarningMessage, original, "dispose() puts the editor's function back");
  });
});
