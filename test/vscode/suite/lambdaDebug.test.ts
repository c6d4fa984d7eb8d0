// Debug from the lens: a breakpoint in the TypeScript handler's own source is hit, with `event` in scope, on the
// first invoke and again, in the same warm instance, on the next; Python without its debugger says so up front.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { LambdaWorkbenchApi } from '../../../src/extension';
import type { InvocationResult } from '../../../src/core/runtime/types';
import type { CommandError } from '../../../src/extension/guard';
import { examplesFolder, lambdaApi, screenshot, waitFor, within, recordStops, type DebugStop } from './harness';
import { recordMessages } from './messages';

const DEBUG = 'lambdaWorkbench.function.debug';
const ORDER = { customer: 'Ada', items: [{ sku: 'tea', quantity: 3 }] };

/** The path part of a path or URI: in code-server, debug adapters answer with vscode-remote:// URIs. */
function pathPart(pathOrUri: string): string {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUri) ? vscode.Uri.parse(pathOrUri).path : pathOrUri;
}

interface StackFrame {
  id: number;
  line: number;
  source?: { path?: string };
}

/** The top frame of a stop, and the names of the variables in its first (local) scope. */
async function inspect(stop: DebugStop): Promise<{ frame: StackFrame; locals: string[] }> {
  const trace = (await stop.session.customRequest('stackTrace', {
    threadId: stop.threadId,
    startFrame: 0,
    levels: 1,
  })) as { stackFrames: StackFrame[] };
  const frame = trace.stackFrames[0];
  const { scopes } = (await stop.session.customRequest('scopes', { frameId: frame.id })) as {
    scopes: { name: string; variablesReference: number }[];
  };
  assert.ok(scopes.length > 0, 'the frame has scopes');
  const { variables } = (await stop.session.customRequest('variables', {
    variablesReference: scopes[0].variablesReference,
  })) as { variables: { name: string }[] };
  return { frame, locals: variables.map((v) => v.name) };
}

suite('Lambda debugging', () => {
  let lambda: LambdaWorkbenchApi;
  suiteSetup(async () => {
    lambda = await lambdaApi();
  });

  test('Debug stops at a breakpoint in ts-app/src/app.ts with event in scope, and again in the same warm instance', async function () {
    this.timeout(90_000);
    const fn = lambda.workbench.functions.functions.find((f) => f.name === 'TypeScriptFunction');
    assert.ok(fn, 'TypeScriptFunction was discovered');
    const source = join(examplesFolder().uri.fsPath, 'ts-app', 'src', 'app.ts');
    const line = readFileSync(source, 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('const units ='));
    assert.ok(line > 0, 'the handler has a `const units =` line');

    const stops: DebugStop[] = [];
    const disposables: vscode.Disposable[] = [
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (message: {
            type?: string;
            event?: string;
            body?: { reason: string; threadId: number };
          }) => {
            if (message.type === 'event' && message.event === 'stopped' && message.body)
              stops.push({ session, ...message.body });
          },
        }),
      }),
    ];
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(source), new vscode.Position(line, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    const event = JSON.stringify({ body: JSON.stringify(ORDER) });
    try {
      const first = vscode.commands.executeCommand<InvocationResult | undefined>(DEBUG, {
        functionId: fn.id,
        eventJson: event,
        eventLabel: 'order',
      });
      const stop = await waitFor('the debugger to stop in app.ts', () => stops[0], 60_000);
      assert.equal(stop.reason, 'breakpoint');
      const { frame, locals } = await inspect(stop);
      assert.equal(pathPart(frame.source?.path ?? ''), source);
      assert.equal(frame.line, line + 1, 'stopped at the breakpoint line (1-based in DAP)');
      assert.ok(locals.includes('event'), `event among the locals: ${locals.join(', ')}`);
      const debugInstances = () =>
        lambda.workbench
          .runtime()
          .instances(fn.id)
          .filter((i) => i.debugging && i.state !== 'dead');
      const pid = debugInstances()[0]?.pid;
      assert.ok(pid, 'a debug instance runs');
      await screenshot('debug-stopped');
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const result = await within(first, 30_000, 'the first debug invoke to end');
      assert.equal(result?.status, 'success', result?.payload.toString());
      assert.equal(JSON.parse(result!.payload.toString()).statusCode, 201);
      assert.equal(result?.timeoutLifted, true);
      assert.equal(lambda.runner.lastResults.get(fn.id)?.requestId, result?.requestId);

      const second = vscode.commands.executeCommand<InvocationResult | undefined>(DEBUG, {
        functionId: fn.id,
        eventJson: event,
        eventLabel: 'order',
      });
      const again = await waitFor('the debugger to stop again', () => stops[1], 30_000);
      assert.equal((await inspect(again)).frame.line, line + 1);
      assert.deepEqual(
        debugInstances().map((i) => i.pid),
        [pid],
        'the same warm instance took the second invoke',
      );
      await again.session.customRequest('continue', { threadId: again.threadId });
      const warm = await within(second, 30_000, 'the second debug invoke to end');
      assert.equal(warm?.status, 'success');
      assert.equal(warm?.coldStart, false);

      await vscode.debug.stopDebugging();
      await waitFor('the debug instance to stop with its session', () => debugInstances().length === 0, 15_000);
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      disposables.forEach((d) => d.dispose());
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('stopping the session while paused ends the invoke with Runtime.ExitError and stops the instance', async function () {
    this.timeout(60_000);
    const fn = lambda.workbench.functions.functions.find((f) => f.name === 'TypeScriptFunction')!;
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
    try {
      const event = JSON.stringify({ body: JSON.stringify(ORDER) });
      const run = vscode.commands.executeCommand<InvocationResult | undefined>(DEBUG, {
        functionId: fn.id,
        eventJson: event,
      });
      await waitFor('the debugger to stop', () => stops[0], 45_000);
      await vscode.debug.stopDebugging();
      const result = await within(run, 15_000, 'the invoke to end after the session stopped');
      assert.equal(result?.status, 'error');
      assert.equal(result?.error?.errorType, 'Runtime.ExitError');
      await waitFor(
        'no debug instance left',
        () =>
          lambda.workbench
            .runtime()
            .instances(fn.id)
            .every((i) => !i.debugging),
        15_000,
      );
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      tracker.dispose();
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a debug configuration is offered for each function, with a schema-backed "lambda" type', async () => {
    const contributes = vscode.extensions.getExtension('lambda-workbench.lambda-workbench')!.packageJSON.contributes;
    const debuggerEntry = contributes.debuggers.find((d: { type: string }) => d.type === 'lambda');
    assert.equal(debuggerEntry.label, 'Lambda Workbench');
    // The editor adds its own (debugServer, preLaunchTask...) to every schema.
    const properties = Object.keys(debuggerEntry.configurationAttributes.launch.properties);
    for (const wanted of [
      'function',
      'handler',
      'template',
      'event',
      'eventFile',
      'environment',
      'runtime',
      'memorySize',
      'timeout',
      'sourceMaps',
    ]) {
      assert.ok(properties.includes(wanted), `"${wanted}" is in the launch schema`);
    }
    const uri = vscode.Uri.joinPath(examplesFolder().uri, 'ts-app', 'src', 'app.ts');
    await vscode.workspace.openTextDocument(uri);
    const lenses = await waitFor('the Debug lens above the TypeScript handler', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return found.some((lens) => lens.command?.command === DEBUG) && found;
    });
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    const handlerLine = lenses.find((lens) => lens.command?.command === DEBUG)!.range.start.line;
    const onHandler = lenses
      .filter((lens) => lens.range.start.line === handlerLine)
      .map((lens) => lens.command?.title ?? '');
    assert.deepEqual(
      onHandler.slice(0, 2),
      ['$(play) Run', '$(debug-alt) Debug'],
      `the lenses above the handler: ${titles.join(' | ')}`,
    );
  });

  suite('a Python handler without the Python Debugger extension', () => {
    const dir = () => join(examplesFolder().uri.fsPath, 'py-debug-check');
    suiteSetup(() => {
      mkdirSync(dir(), { recursive: true });
      writeFileSync(join(dir(), 'app.py'), 'def lambda_handler(event, context):\n    return {"ok": True}\n');
    });
    suiteTeardown(() => rmSync(dir(), { recursive: true, force: true }));

    test('Debug says which extension to install and starts nothing', async () => {
      assert.equal(
        vscode.extensions.getExtension('ms-python.debugpy'),
        undefined,
        'this editor has no Python Debugger',
      );
      const file = join(dir(), 'app.py');
      const fn = await waitFor(
        'the Python handler to be discovered',
        () => lambda.workbench.functions.byHandlerFile(file)[0],
        15_000,
      );
      let sessions = 0;
      const listener = vscode.debug.onDidStartDebugSession(() => sessions++);
      const messages = recordMessages();
      try {
        const result = await within(
          vscode.commands.executeCommand<CommandError>(DEBUG, { functionId: fn.id, eventJson: '{}' }),
          15_000,
          'the Debug command',
        );
        const text = `Debugging ${fn.name} (${fn.runtime}) needs the Python Debugger extension (ms-python.debugpy), which debugs Python in the editor. Install it, then debug again; nothing was started.`;
        assert.deepEqual([result.outcome, result.code, result.text], ['refused', 'debugger-missing', text]);
        assert.deepEqual(messages.shown, [
          { severity: 'error', text, items: ['Show Python Debugger Extension'], modal: false, detail: undefined },
        ]);
        assert.equal(sessions, 0, 'no debug session was started');
        assert.deepEqual(lambda.workbench.runtime().instances(fn.id), [], 'no instance was started');
      } finally {
        messages.dispose();
        listener.dispose();
      }
    });
  });
});
