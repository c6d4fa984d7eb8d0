// A new user's first hour in the editor: events the project already has in the picker, a JSON body shown parsed,
// the Deployed view's welcome when AWS is not set up, and a debugged invoke billed without its pause.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { DEFAULT_PRICING } from '../../../src/core/cost';
import { resultModel } from '../../../src/extension/run/resultView';
import { examplesFolder, lambdaApi, screenshot, waitFor, within, recordStops } from './harness';

const RUN = 'lambdaWorkbench.function.run';
const DEBUG = 'lambdaWorkbench.function.debug';
const ORDER_EVENT = JSON.stringify({ body: JSON.stringify({ customer: 'Ada', items: [{ sku: 'tea', quantity: 3 }] }) });

/** Waits for the result panel of a run to show, with its page drawn, and clears notifications off it. */
async function showsResult(title: string): Promise<void> {
  await waitFor(
    `the result panel "${title}"`,
    () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.label === title),
    15_000,
  );
  await vscode.commands.executeCommand('notifications.clearAll');
  // The webview draws its page after the tab appears; a screenshot taken at once shows it blank.
  await new Promise((resolve) => setTimeout(resolve, 2000));
}

function typeScriptFunction(lambda: LambdaWorkbenchApi) {
  const fn = lambda.workbench.functions.functions.find(
    (f) => f.name === 'TypeScriptFunction' && f.templatePath?.endsWith('template.yaml'),
  );
  assert.ok(fn, 'TypeScriptFunction was discovered');
  return fn;
}

suite('First hour', () => {
  let lambda: LambdaWorkbenchApi;
  suiteSetup(async () => {
    lambda = await lambdaApi();
  });

  suite('a project with its own events/ folder', () => {
    const dir = () => join(examplesFolder().uri.fsPath, 'first-hour-events');
    suiteSetup(() => {
      mkdirSync(join(dir(), 'src'), { recursive: true });
      mkdirSync(join(dir(), 'events'), { recursive: true });
      writeFileSync(
        join(dir(), 'template.yaml'),
        [
          'AWSTemplateFormatVersion: "2010-09-09"',
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  GreetFunction:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      CodeUri: src/',
          '      Handler: index.handler',
          '      Runtime: nodejs20.x',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir(), 'src', 'index.js'),
        'exports.handler = async (event) => ({ greeting: `hello ${event.name}` });\n',
      );
      writeFileSync(join(dir(), 'events', 'greet-grace.json'), JSON.stringify({ name: 'Grace' }, null, 2));
    });
    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      rmSync(dir(), { recursive: true, force: true });
    });

    test('Run offers the JSON files of the events/ folder beside the template, and runs the one picked', async function () {
      this.timeout(60_000);
      const fn = await waitFor(
        'GreetFunction to be discovered',
        () => lambda.workbench.functions.functions.find((f) => f.name === 'GreetFunction'),
        20_000,
      );
      const run = vscode.commands.executeCommand<InvocationResult | undefined>(RUN, { functionId: fn.id });
      // The picker lists the project's events first when the function has no saved ones: accepting takes greet-grace.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await screenshot('first-hour-events-folder-in-picker');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const result = await within(run, 45_000, 'the run with the picked event');
      assert.equal(result?.status, 'success', result?.payload.toString());
      assert.deepEqual(JSON.parse(result!.payload.toString()), { greeting: 'hello Grace' });
    });
  });

  test('the result view shows a JSON string body parsed and pretty-printed, with the raw response kept', async function () {
    this.timeout(60_000);
    const fn = typeScriptFunction(lambda);
    const result = await within(
      vscode.commands.executeCommand<InvocationResult | undefined>(RUN, {
        functionId: fn.id,
        eventJson: ORDER_EVENT,
        eventLabel: 'order',
      }),
      45_000,
      'the run',
    );
    assert.equal(result?.status, 'success', result?.payload.toString());
    const model = resultModel(fn, 'order', result!, DEFAULT_PRICING);
    assert.match(
      model.response ?? '',
      /"body": \{\n\s+"orderId": "[^"]+",\n\s+"customer": "Ada",\n\s+"units": 3\n\s+\}/,
    );
    assert.match(model.rawResponse ?? '', /"body": "\{\\"orderId\\"/);
    await showsResult('TypeScriptFunction: Succeeded');
    await screenshot('first-hour-pretty-body');
  });

  test('with no AWS credentials, the Deployed view welcomes with Select Profile, Set Region and Open AWS Docs', async function () {
    this.timeout(30_000);
    const aws = vscode.workspace.getConfiguration('lambdaWorkbench.aws');
    await aws.update('profile', 'first-hour-no-such-profile', vscode.ConfigurationTarget.Global);
    try {
      await waitFor(
        'the status bar to say AWS has no credentials',
        () => lambda.aws.context.statusText() === '$(warning) AWS: no credentials',
        10_000,
      );
      assert.match(
        (await lambda.aws.context.setupProblem())?.message ?? '',
        /No AWS credentials were found for the profile "first-hour-no-such-profile"/,
      );
      // An empty view shows the welcome that lambdaWorkbench.aws.notSetUp enables.
      assert.deepEqual(await lambda.aws.remoteTree.getChildren(), []);
      // The Functions view is hidden for the picture, so the welcome shows whole, buttons included.
      await vscode.commands.executeCommand('lambdaWorkbench.functions.removeView');
      await vscode.commands.executeCommand('lambdaWorkbench.remote.focus');
      await vscode.commands.executeCommand('notifications.clearAll');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await screenshot('first-hour-no-aws-welcome');
    } finally {
      await vscode.commands.executeCommand('lambdaWorkbench.functions.focus');
      await aws.update('profile', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(
      'the status bar to show the profile again',
      () => !lambda.aws.context.statusText().startsWith('$(warning)'),
      10_000,
    );
  });

  test('a debug invoke paused at a breakpoint bills without the pause, and its session then waits for the next invoke', async function () {
    this.timeout(90_000);
    const fn = typeScriptFunction(lambda);
    const source = join(examplesFolder().uri.fsPath, 'ts-app', 'src', 'app.ts');
    const line = readFileSync(source, 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('const units ='));
    const tracker = recordStops();
    const stops = tracker.stops;
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(source), new vscode.Position(line, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    const pauseMs = 2000;
    try {
      const run = vscode.commands.executeCommand<InvocationResult | undefined>(DEBUG, {
        functionId: fn.id,
        eventJson: ORDER_EVENT,
        eventLabel: 'order',
      });
      const stop = await waitFor('the debugger to stop in app.ts', () => stops[0], 60_000);
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const result = await within(run, 30_000, 'the debug invoke to end');
      assert.equal(result?.status, 'success', result?.payload.toString());
      assert.ok(result!.pausedMs !== undefined && result!.pausedMs >= pauseMs, `paused ${result!.pausedMs} ms`);
      assert.equal(
        result!.billedDurationMs,
        Math.max(1, Math.ceil(result!.durationMs + (result!.initDurationMs ?? 0) - result!.pausedMs)),
      );
      assert.ok(
        result!.logs.some((text) => text.startsWith(`PAUSED RequestId: ${result!.requestId}\tPaused: `)),
        'a PAUSED line is among the logs',
      );
      const metrics = resultModel(fn, 'order', result!, DEFAULT_PRICING).metrics.map((m) => m.label);
      assert.ok(metrics.includes('Paused at breakpoints'), `figures: ${metrics.join(', ')}`);
      const session = stop.session.parentSession ?? stop.session;
      await waitFor(
        'the session to say it waits for the next invoke',
        () => session.name.endsWith('(waiting for the next invoke)'),
        10_000,
      );
      await vscode.commands.executeCommand('workbench.view.debug');
      await showsResult('TypeScriptFunction: Succeeded');
      await screenshot('first-hour-debug-billed-without-pause');
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      tracker.dispose();
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
