// The Testing view's Debug and Run with Coverage profiles, Accept Result, continuous runs and New Test from Event
// Template, on the examples' saved events.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { TestOutcome } from '../../../src/core/testing';
import { LambdaFileCoverage } from '../../../src/extension/events/testCoverage';
import { examplesFolder, lambdaApi, screenshot, waitFor, recordStops } from './harness';

/** The path part of a path or URI: in code-server, debug adapters answer with vscode-remote:// URIs. */
function pathPart(pathOrUri: string): string {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUri) ? vscode.Uri.parse(pathOrUri).path : pathOrUri;
}

suite('Saved events as tests: Debug, Coverage, Accept Result', () => {
  let lambda: LambdaWorkbenchApi;
  const events = () => join(examplesFolder().uri.fsPath, 'events');
  suiteSetup(async () => {
    lambda = await lambdaApi();
    await lambda.eventTests.refresh();
  });

  /** The test item of a saved event, found by its file. */
  function item(fn: string, event: string): vscode.TestItem {
    const id = join(events(), fn, `${event}.json`);
    let found: vscode.TestItem | undefined;
    const visit = (i: vscode.TestItem) => {
      if (i.id === id) found = i;
      i.children.forEach(visit);
    };
    lambda.eventTests.controller.items.forEach(visit);
    assert.ok(found, `a test item for ${id}`);
    return found;
  }

  test('Debug profile: the debugger stops at a breakpoint in the handler, and the test passes once continued', async function () {
    this.timeout(90_000);
    const handler = join(examplesFolder().uri.fsPath, 'callback', 'handler.js');
    const line = readFileSync(handler, 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('const items ='));
    const tracker = recordStops();
    const stops = tracker.stops;
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(handler), new vscode.Position(line, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const running = lambda.eventTests.run(
        new vscode.TestRunRequest([item('CallbackFunction', 'three-items')]),
        undefined,
        'debug',
      );
      const stop = await waitFor('the debugger to stop in callback/handler.js', () => stops[0], 60_000);
      assert.equal(stop.reason, 'breakpoint');
      const trace = (await stop.session.customRequest('stackTrace', {
        threadId: stop.threadId,
        startFrame: 0,
        levels: 1,
      })) as { stackFrames: { line: number; source?: { path?: string } }[] };
      assert.equal(pathPart(trace.stackFrames[0].source?.path ?? ''), handler);
      assert.equal(trace.stackFrames[0].line, line + 1);
      await screenshot('event-tests-debug-stopped');
      vscode.debug.removeBreakpoints([breakpoint]);
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const outcomes = await running;
      assert.deepEqual(
        outcomes.map((o) => `${o.test.eventName}:${o.status}`),
        ['three-items:passed'],
      );
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      tracker.dispose();
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    }
  });

  test("Run with Coverage: the TypeScript example's app.ts, mapped from its bundle, shows the lines the event ran", async function () {
    this.timeout(90_000);
    const outcomes = await lambda.eventTests.run(
      new vscode.TestRunRequest([item('TypeScriptFunction', 'empty-order')]),
      undefined,
      'coverage',
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['passed'],
    );
    const source = join(examplesFolder().uri.fsPath, 'ts-app', 'src', 'app.ts');
    const report = lambda.eventTests.lastCoverage;
    assert.deepEqual(
      report?.files.map((f) => f.path),
      [source],
      "only the function's own source, not zod from its bundle",
    );
    const lines = readFileSync(source, 'utf8').split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    const counts = report!.files[0].lines;
    assert.equal(counts.get(at("console.warn('rejected order'")), 1, 'the rejection ran');
    assert.equal(counts.get(at('const units =')), 0, 'the accepted-order path did not');
    assert.ok(report!.files[0].functions.some((f) => f.name === 'handler' && f.count === 1));
    // What the editor loads when it shows the file: a statement per line, with its count, and the handler declaration.
    const details = await lambda.eventTests.profiles.coverage.loadDetailedCoverage!(
      undefined as never,
      new LambdaFileCoverage(report!.files[0]),
      new vscode.CancellationTokenSource().token,
    );
    const statement = (line: number) =>
      details.find(
        (d): d is vscode.StatementCoverage =>
          d instanceof vscode.StatementCoverage && (d.location as vscode.Position).line === line - 1,
      );
    assert.equal(statement(at("console.warn('rejected order'"))?.executed, 1);
    assert.equal(statement(at('const units ='))?.executed, 0);
    assert.ok(details.some((d) => d instanceof vscode.DeclarationCoverage && d.name === 'handler' && d.executed === 1));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(source));
    editor.revealRange(new vscode.Range(8, 0, 20, 0));
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    // The covered and uncovered lines in the editor itself, as the gutter toggle shows them.
    await vscode.commands.executeCommand('testing.openCoverage');
    await vscode.commands.executeCommand('testing.toggleInlineCoverage');
    // The editor draws the line decorations after it has loaded the file's details: give it a moment to paint.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await screenshot('event-tests-coverage');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("Accept Result records a failed test's result as its expectation; the test then passes", async function () {
    this.timeout(60_000);
    const path = join(events(), 'CallbackFunction', 'three-items.expected.json');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('"total": 6', '"total": 7'));
    try {
      const target = item('CallbackFunction', 'three-items');
      const [failed] = await lambda.eventTests.run(new vscode.TestRunRequest([target]));
      assert.equal(failed.status, 'failed');
      await vscode.commands.executeCommand('workbench.view.testing.focus');
      await screenshot('event-tests-accept-result');
      const written = await vscode.commands.executeCommand<string>('lambdaWorkbench.tests.acceptResult', target);
      assert.equal(written, path);
      assert.equal(JSON.parse(readFileSync(path, 'utf8')).response.total, 6);
      const [again] = await lambda.eventTests.run(new vscode.TestRunRequest([item('CallbackFunction', 'three-items')]));
      assert.equal(again.status, 'passed');
    } finally {
      writeFileSync(path, original);
    }
  });

  test("a continuous run runs a function's tests again when its handler is saved", async function () {
    this.timeout(60_000);
    const handler = vscode.Uri.file(join(examplesFolder().uri.fsPath, 'callback', 'handler.js'));
    const tokens = new vscode.CancellationTokenSource();
    const request = new vscode.TestRunRequest(
      [item('CallbackFunction', 'three-items')],
      undefined,
      lambda.eventTests.profiles.run,
      true,
    );
    const document = await vscode.workspace.openTextDocument(handler);
    const original = document.getText();
    try {
      const [first] = await lambda.eventTests.run(request, tokens.token);
      assert.equal(first.status, 'passed');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(handler, new vscode.Position(document.lineCount, 0), '// saved again\n');
      await vscode.workspace.applyEdit(edit);
      await document.save();
      const id = join(events(), 'CallbackFunction', 'three-items.json');
      const rerun = await waitFor(
        'the test to run again after the save',
        () => {
          const latest: TestOutcome | undefined = lambda.eventTests.lastOutcome(id);
          return latest !== first && latest;
        },
        30_000,
      );
      assert.equal(rerun.status, 'passed');
    } finally {
      tokens.cancel();
      const restore = new vscode.WorkspaceEdit();
      restore.replace(handler, new vscode.Range(0, 0, document.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      await document.save();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('New Test from Event Template saves the event, runs it and records the result once confirmed', async function () {
    this.timeout(60_000);
    const fn = lambda.workbench.functions.functions.find(
      (f) => f.name === 'EsmFunction' && f.templatePath?.endsWith('template.yaml'),
    )!;
    const eventPath = join(events(), 'EsmFunction', 'nightly-from-template.json');
    const expectedPath = join(events(), 'EsmFunction', 'nightly-from-template.expected.json');
    try {
      const outcome = await vscode.commands.executeCommand<TestOutcome>('lambdaWorkbench.tests.newFromTemplate', {
        functionId: fn.id,
        templateId: 'scheduled',
        eventName: 'nightly-from-template',
        record: true,
      });
      assert.equal(outcome.status, 'new');
      assert.ok(existsSync(eventPath));
      const recorded = JSON.parse(readFileSync(expectedPath, 'utf8'));
      assert.equal(recorded.response.source, 'aws.events');
      assert.ok(lambda.eventTests.testOf(eventPath), 'the Testing view lists the new test');
      await screenshot('event-tests-new-from-template');
    } finally {
      rmSync(eventPath, { force: true });
      rmSync(expectedPath, { force: true });
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await lambda.eventTests.refresh();
    }
  });
});
