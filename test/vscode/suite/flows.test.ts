// Flows a user starts from launch.json, the settings and the Functions tree, checked by what they show: the
// invoke's result, the notification text, the editor that opens, the tree's labels.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite, suiteSetup, suiteTeardown, setup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { CommandError } from '../../../src/extension/guard';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { AcceptedEvent } from '../../../src/extension/local/asyncInvocations';
import type { TreeNode } from '../../../src/extension/tree/nodes';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { examplesFolder, lambdaApi, waitFor } from './harness';
import { recordMessages, type MessageRecorder } from './messages';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  FlowsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: index.handler
      Runtime: nodejs20.x
      MemorySize: 192
      Timeout: 7
      Environment:
        Variables:
          STAGE: template
`;
const SECOND_FUNCTION = `  FlowsSecondFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: index.handler
      Runtime: nodejs20.x
      MemorySize: 1024
      Timeout: 30
`;
const HANDLER = `exports.handler = async (event) => {
  if (event.fail) throw new Error('asked to fail');
  return { name: event.name ?? null, stage: process.env.STAGE, region: process.env.AWS_REGION, pid: process.pid };
};
`;

interface Seen {
  name: string | null;
  stage: string;
  region: string;
  pid: number;
}

suite('Flows: launch.json, environment, settings and tree commands', () => {
  const fixture = () => join(examplesFolder().uri.fsPath, 'flows-fixture');
  const envJson = () => join(examplesFolder().uri.fsPath, 'env.json');
  const launchDir = () => join(examplesFolder().uri.fsPath, '.vscode');
  let lambda: LambdaWorkbenchApi;
  let functionId = '';
  let messages: MessageRecorder;

  const run = async (eventJson = '{}'): Promise<{ result: InvocationResult; seen: Seen }> => {
    const result = (await vscode.commands.executeCommand('lambdaWorkbench.function.run', {
      functionId,
      eventJson,
      eventLabel: 'flows',
    })) as InvocationResult;
    assert.ok(result, 'Run returned a result');
    assert.equal(result.status, 'success', result.payload?.toString() ?? JSON.stringify(result));
    return { result, seen: JSON.parse(result.payload.toString()) };
  };
  const config = vscode.workspace.getConfiguration('lambdaWorkbench');

  /** Writes .vscode/launch.json and waits until the editor has read it. */
  async function writeLaunchJson(configurations: Record<string, unknown>[]): Promise<void> {
    mkdirSync(launchDir(), { recursive: true });
    writeFileSync(join(launchDir(), 'launch.json'), JSON.stringify({ version: '0.2.0', configurations }, null, 2));
    const names = configurations.map((c) => c.name);
    await waitFor(
      'launch.json to be read',
      () => {
        const read =
          vscode.workspace.getConfiguration('launch', examplesFolder().uri).get<{ name: string }[]>('configurations') ??
          [];
        return names.every((name) => read.some((c) => c.name === name));
      },
      15_000,
      200,
    );
  }

  suiteSetup(async () => {
    lambda = await lambdaApi();
    assert.equal(
      existsSync(launchDir()),
      false,
      'examples/ has no .vscode folder of its own (the suite writes and removes one)',
    );
    assert.equal(
      existsSync(envJson()),
      false,
      'examples/ has no env.json of its own (the suite writes and removes one)',
    );
    mkdirSync(join(fixture(), 'fn'), { recursive: true });
    writeFileSync(join(fixture(), 'fn', 'index.js'), HANDLER);
    writeFileSync(join(fixture(), 'ada.json'), '{ "name": "Ada" }\n');
    writeFileSync(join(fixture(), 'template.yaml'), TEMPLATE);
    functionId = await waitFor(
      'FlowsFunction to be discovered',
      () => lambda.workbench.functions.functions.find((f) => f.name === 'FlowsFunction')?.id,
      15_000,
    );
  });
  setup(() => {
    messages = recordMessages();
  });
  teardown(async () => {
    messages.dispose();
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label)),
      [],
      'no editor is left open',
    );
    rmSync(fixture(), { recursive: true, force: true });
    rmSync(launchDir(), { recursive: true, force: true });
    rmSync(envJson(), { force: true });
    await config.update('environment', undefined, vscode.ConfigurationTarget.Global);
    await config.update('region', undefined, vscode.ConfigurationTarget.Global);
  });

  test('launch.json: a "lambda" configuration with ${workspaceFolder}, eventFile and environment debugs the named function', async function () {
    this.timeout(60_000);
    const name = 'Flows: FlowsFunction from launch.json';
    await writeLaunchJson([
      {
        type: 'lambda',
        request: 'launch',
        name,
        function: 'FlowsFunction',
        template: '${workspaceFolder}/flows-fixture/template.yaml',
        eventFile: '${workspaceFolder}/flows-fixture/ada.json',
        environment: { STAGE: 'from-launch-json' },
      },
    ]);
    const sessions: vscode.DebugSession[] = [];
    const listener = vscode.debug.onDidStartDebugSession((s) => sessions.push(s));
    const before = lambda.runner.lastResults.get(functionId);
    try {
      assert.equal(await vscode.debug.startDebugging(examplesFolder(), name), true, 'the configuration started');
      // The instance waits for js-debug, which attaches and lets it go on (continueOnAttach).
      const result = await waitFor(
        'the launch.json invoke to finish',
        () => {
          const last = lambda.runner.lastResults.get(functionId);
          return last !== before && last;
        },
        45_000,
        200,
      );
      assert.equal(result.status, 'success', result.payload.toString());
      const seen = JSON.parse(result.payload.toString()) as Seen;
      assert.deepEqual([seen.name, seen.stage], ['Ada', 'from-launch-json']);
      const attach = sessions.find((s) => s.configuration.lambdaWorkbench);
      assert.ok(attach, `an attach session marked with the function among ${sessions.map((s) => s.type).join(', ')}`);
      assert.deepEqual(
        [attach.type, attach.configuration.request, attach.configuration.address],
        ['pwa-node', 'attach', '127.0.0.1'],
      );
      assert.equal(attach.configuration.lambdaWorkbench.functionId, functionId);
      assert.equal(resolve(attach.configuration.cwd), join(fixture(), 'fn'));
      assert.deepEqual(
        messages.shown.filter((m) => m.severity === 'error'),
        [],
      );
    } finally {
      listener.dispose();
    }
  });

  test('launch.json: a configuration with bad fields starts nothing and names every bad field', async () => {
    const name = 'Flows: broken';
    await writeLaunchJson([
      {
        type: 'lambda',
        request: 'launch',
        name,
        function: 'FlowsFunction',
        memorySize: 64,
        event: {},
        eventFile: 'x.json',
        environment: { COUNT: 3 },
      },
    ]);
    let started = 0;
    const listener = vscode.debug.onDidStartDebugSession(() => started++);
    try {
      assert.equal(await vscode.debug.startDebugging(examplesFolder(), name), false);
      const shown = await messages.waitFor(/^Debug failed: /);
      assert.equal(shown.severity, 'error');
      assert.equal(
        shown.text,
        `Debug failed: the launch configuration "${name}" is not valid: give "event" or "eventFile", not both; ` +
          '"environment" must be an object of string values; "memorySize" must be a whole number of MB from 128 to 10240',
      );
      assert.equal(started, 0, 'no debug session started');
    } finally {
      listener.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('launch.json: ${file} with no file open, and a function that does not exist, are refused with what to fix', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await writeLaunchJson([
      { type: 'lambda', request: 'launch', name: 'Flows: current file', handler: '${file}' },
      {
        type: 'lambda',
        request: 'launch',
        name: 'Flows: missing',
        function: 'NoSuchFunction',
        template: '${workspaceFolder}/flows-fixture/template.yaml',
      },
    ]);
    assert.equal(await vscode.debug.startDebugging(examplesFolder(), 'Flows: current file'), false);
    const noFile = await messages.waitFor(/^Debug failed: /);
    assert.equal(
      noFile.text,
      'Debug failed: ${file} cannot be used in a Lambda launch configuration here (no value: no file is open in the editor)',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.debug.startDebugging(examplesFolder(), 'Flows: missing'), false);
    const missing = await messages.waitFor(/^Debug failed: there is no/);
    assert.match(
      missing.text,
      new RegExp(
        `^Debug failed: there is no function "NoSuchFunction" in ${join(fixture(), 'template.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} in this workspace \\(functions found: .*FlowsFunction`,
      ),
    );
  });

  test('launch.json: Python and Go handlers say which debugger extension to install, and start nothing', async () => {
    const python = join(examplesFolder().uri.fsPath, 'python-app', 'app.py');
    const go = join(examplesFolder().uri.fsPath, 'go-app', 'main.go');
    const py = await waitFor('the Python example', () => lambda.workbench.functions.byHandlerFile(python)[0]);
    const golang = await waitFor('the Go example', () => lambda.workbench.functions.byHandlerFile(go)[0]);
    await writeLaunchJson([
      {
        type: 'lambda',
        request: 'launch',
        name: 'Flows: Python',
        handler: '${workspaceFolder}/python-app/app.py',
        event: {},
      },
      { type: 'lambda', request: 'launch', name: 'Flows: Go', handler: '${workspaceFolder}/go-app/main.go', event: {} },
    ]);
    let started = 0;
    const listener = vscode.debug.onDidStartDebugSession(() => started++);
    try {
      assert.equal(await vscode.debug.startDebugging(examplesFolder(), 'Flows: Python'), false);
      const pyMessage = await messages.waitFor(/needs the Python Debugger extension/);
      assert.equal(
        pyMessage.text,
        `Debugging ${py.name} (${py.runtime}) needs the Python Debugger extension (ms-python.debugpy), which debugs Python in the editor. Install it, then debug again; nothing was started.`,
      );
      assert.deepEqual(pyMessage.items, ['Show Python Debugger Extension']);
      assert.equal(await vscode.debug.startDebugging(examplesFolder(), 'Flows: Go'), false);
      const goMessage = await messages.waitFor(/needs the Go extension/);
      assert.equal(
        goMessage.text,
        `Debugging ${golang.name} (${golang.runtime}) needs the Go extension (golang.go), which debugs Go in the editor. Install it, then debug again; nothing was started.`,
      );
      assert.deepEqual(goMessage.items, ['Show Go Extension']);
      assert.equal(started, 0, 'no debug session started');
      assert.deepEqual(
        [...lambda.workbench.runtime().instances(py.id), ...lambda.workbench.runtime().instances(golang.id)],
        [],
        'no instance started',
      );
    } finally {
      listener.dispose();
    }
  });

  test('env.json and the environment setting reach the next Run; an edit of env.json does too, on a fresh instance', async () => {
    await config.update('environment', undefined, vscode.ConfigurationTarget.Global);
    assert.equal((await run()).seen.stage, 'template');
    writeFileSync(envJson(), JSON.stringify({ FlowsFunction: { STAGE: 'from-env-json' } }));
    const first = await run();
    assert.equal(first.seen.stage, 'from-env-json');
    assert.equal((await run()).seen.pid, first.seen.pid, 'an unchanged env.json keeps the warm instance');
    writeFileSync(envJson(), JSON.stringify({ FlowsFunction: { STAGE: 'edited' } }));
    // Some file systems keep whole-second times: the edit must be seen as one.
    const later = new Date(Date.now() + 5_000);
    utimesSync(envJson(), later, later);
    const edited = await run();
    assert.equal(edited.seen.stage, 'edited');
    assert.notEqual(edited.seen.pid, first.seen.pid, 'the instance started with the old environment was retired');
    await config.update('environment', { STAGE: 'from-settings' }, vscode.ConfigurationTarget.Global);
    assert.equal((await run()).seen.stage, 'from-settings', 'the setting wins over env.json');
    await config.update('environment', undefined, vscode.ConfigurationTarget.Global);
    rmSync(envJson());
    assert.equal((await run()).seen.stage, 'template');
  });

  test('changing lambdaWorkbench.region restarts the runtime: the next Run is a cold start in the new region', async () => {
    const warm = await run();
    assert.equal((await run()).seen.pid, warm.seen.pid, 'a second Run reuses the warm instance');
    await config.update('region', 'eu-west-3', vscode.ConfigurationTarget.Global);
    const moved = await run();
    assert.equal(moved.seen.region, 'eu-west-3');
    assert.equal(moved.result.coldStart, true);
    assert.notEqual(moved.seen.pid, warm.seen.pid);
    await config.update('region', undefined, vscode.ConfigurationTarget.Global);
    const back = await run();
    assert.equal(back.seen.region, warm.seen.region);
    assert.equal(back.result.coldStart, true);
  });

  test('Stop Warm Instances stops them: the next Run is a cold start', async () => {
    const warm = await run();
    assert.ok(
      lambda.workbench
        .runtime()
        .instances(functionId)
        .some((i) => i.pid === warm.seen.pid),
      'the instance is warm',
    );
    await vscode.commands.executeCommand('lambdaWorkbench.runtime.stopInstances');
    await waitFor('the warm instance to stop', () =>
      lambda.workbench
        .runtime()
        .instances(functionId)
        .every((i) => i.pid !== warm.seen.pid || i.state === 'dead'),
    );
    const next = await run();
    assert.equal(next.result.coldStart, true);
    assert.notEqual(next.seen.pid, warm.seen.pid);
  });

  test('Refresh lists a function just added to the template, with its runtime, memory and timeout', async () => {
    writeFileSync(join(fixture(), 'template.yaml'), TEMPLATE + SECOND_FUNCTION);
    await vscode.commands.executeCommand('lambdaWorkbench.functions.refresh');
    const roots = (await lambda.tree.getChildren()) as TreeNode[];
    const template = roots.find((n) => n.kind === 'template' && n.path === join(fixture(), 'template.yaml'));
    assert.ok(template, 'the fixture template is a root of the tree');
    assert.equal(lambda.tree.getTreeItem(template).description, '2 functions');
    const functions = (await lambda.tree.getChildren(template)) as TreeNode[];
    const items = functions
      .filter((n) => n.kind === 'function')
      .map((n) => lambda.tree.getTreeItem(n))
      .map((i) => `${i.label}: ${i.description}`);
    assert.deepEqual(items, [
      'FlowsFunction: nodejs20.x · 192 MB · 7 s',
      'FlowsSecondFunction: nodejs20.x · 1024 MB · 30 s',
    ]);
    writeFileSync(join(fixture(), 'template.yaml'), TEMPLATE);
    await vscode.commands.executeCommand('lambdaWorkbench.functions.refresh');
  });

  test('Open Handler and Reveal in Template open the file at the definition', async () => {
    const fn = lambda.workbench.functions.byId(functionId)!;
    const node = { kind: 'function', fn, functionId } as TreeNode;
    await vscode.commands.executeCommand('lambdaWorkbench.function.openHandler', node);
    const handler = await waitFor(
      'the handler editor',
      () =>
        vscode.window.activeTextEditor?.document.uri.fsPath === join(fixture(), 'fn', 'index.js') &&
        vscode.window.activeTextEditor,
    );
    assert.match(handler.document.lineAt(handler.selection.active.line).text, /^exports\.handler = /);
    await vscode.commands.executeCommand('lambdaWorkbench.function.revealInTemplate', node);
    const template = await waitFor(
      'the template editor',
      () =>
        vscode.window.activeTextEditor?.document.uri.fsPath === join(fixture(), 'template.yaml') &&
        vscode.window.activeTextEditor,
    );
    assert.equal(template.document.lineAt(template.selection.active.line).text, '  FlowsFunction:');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Test Event opens the saved event, and Run with This Event runs it', async () => {
    // Saved events live in events/ beside the function's template.
    const folder = join(fixture(), 'events', 'FlowsFunction');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'grace.json');
    writeFileSync(path, '{ "name": "Grace" }\n');
    try {
      const fn = lambda.workbench.functions.byId(functionId)!;
      const eventsFolder = (
        (await lambda.tree.getChildren({ kind: 'function', fn, functionId } as TreeNode)) as TreeNode[]
      ).find((c) => c.kind === 'eventsFolder')!;
      const saved = ((await lambda.tree.getChildren(eventsFolder)) as TreeNode[]).find(
        (c) => c.kind === 'savedEvent' && c.eventName === 'grace',
      );
      assert.ok(saved, 'grace is listed under Test Events');
      assert.equal(lambda.tree.getTreeItem(saved).label, 'grace');
      await vscode.commands.executeCommand('lambdaWorkbench.events.open', saved);
      const editor = await waitFor(
        'the event editor',
        () => vscode.window.activeTextEditor?.document.uri.fsPath === path && vscode.window.activeTextEditor,
      );
      assert.equal(editor.document.getText(), readFileSync(path, 'utf8'));
      const result = (await vscode.commands.executeCommand('lambdaWorkbench.events.run', saved)) as InvocationResult;
      assert.equal(JSON.parse(result.payload.toString()).name, 'Grace');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('Create a SAM Template refuses to write over the workspace template, and says so', async () => {
    const before = readFileSync(join(examplesFolder().uri.fsPath, 'template.yaml'), 'utf8');
    const text = `${join(examplesFolder().uri.fsPath, 'template.yaml')} already exists; nothing was written.`;
    const outcome = await vscode.commands.executeCommand<CommandError>('lambdaWorkbench.functions.createTemplate');
    assert.deepEqual([outcome.outcome, outcome.code, outcome.text], ['refused', 'file-exists', text]);
    const shown = await messages.waitFor(/already exists; nothing was written/);
    assert.deepEqual([shown.severity, shown.text], ['error', text]);
    assert.equal(readFileSync(join(examplesFolder().uri.fsPath, 'template.yaml'), 'utf8'), before);
    assert.equal(existsSync(join(examplesFolder().uri.fsPath, 'hello')), false);
  });
  test('Local API Actions with no local API running says so', async () => {
    await vscode.commands.executeCommand('lambdaWorkbench.api.stop');
    await vscode.commands.executeCommand('lambdaWorkbench.api.actions');
    const shown = await messages.waitFor(/local API/);
    assert.deepEqual([shown.severity, shown.text], ['information', 'The local API is not running.']);
  });

  test('a failed asynchronous invoke is recorded, and Open Asynchronous Invocation Records opens the file at its record', async function () {
    this.timeout(60_000);
    const accepted = await vscode.commands.executeCommand<AcceptedEvent>('lambdaWorkbench.function.invokeAsync', {
      functionId,
      eventJson: '{"name":"Async","fail":true}',
    });
    assert.ok(
      accepted && 'settled' in accepted,
      `Invoke Asynchronously did not accept the event: ${JSON.stringify(accepted)}`,
    );
    // Lambda retries twice; locally after 1 and 2 seconds.
    const outcome = await accepted.settled;
    assert.deepEqual([outcome.condition, outcome.attempts], ['RetriesExhausted', 3]);
    const shown = await messages.waitFor(/FlowsFunction/);
    assert.equal(shown.severity, 'warning');
    assert.deepEqual(shown.items, ['Open Record File']);
    await vscode.commands.executeCommand('lambdaWorkbench.async.openRecords', { functionId });
    const editor = await waitFor(
      'the records editor',
      () =>
        vscode.window.activeTextEditor?.document.uri.fsPath === accepted.recordPath && vscode.window.activeTextEditor,
    );
    const record = JSON.parse(editor.document.lineAt(editor.selection.active.line).text);
    assert.equal(record.requestContext.requestId, accepted.requestId);
    assert.deepEqual(record.requestPayload, { name: 'Async', fail: true });
    assert.equal(record.responsePayload.errorMessage, 'asked to fail');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
