// Smoke test of the editor's own debugger: a `node` session stops at a breakpoint and ends.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './harness';

/** The path part of a path or URI: in code-server, debug adapters answer with vscode-remote:// URIs. */
function pathPart(pathOrUri: string): string {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUri) ? vscode.Uri.parse(pathOrUri).path : pathOrUri;
}

interface StackFrame {
  line: number;
  source?: { path?: string };
}

suite('Debugging', () => {
  let folder: string;
  let script: string;
  suiteSetup(() => {
    folder = mkdtempSync(join(tmpdir(), 'lambda-workbench-debug-'));
    script = join(folder, 'count.js');
    // Straight-line code: the breakpoint is hit once, so `continue` runs the script to its end.
    writeFileSync(script, 'const first = 1;\nconst second = first + 1;\nconsole.log(`second is ${second}`);\n');
  });
  suiteTeardown(async () => {
    // The editor the debugger opened would otherwise be restored, on a deleted file, in later windows.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folder, { recursive: true, force: true });
  });

  test('a node session stops at a breakpoint, then ends', async () => {
    const name = `breakpoint smoke ${Date.now()}`;
    const stops: { session: vscode.DebugSession; reason: string; threadId: number }[] = [];
    // js-debug runs the program in a child session of the one started here.
    const ours = (s: vscode.DebugSession) => s.name === name || s.parentSession?.name === name;
    const disposables: vscode.Disposable[] = [
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) =>
          !ours(session)
            ? undefined
            : {
                onDidSendMessage: (message: {
                  type?: string;
                  event?: string;
                  body?: { reason: string; threadId: number };
                }) => {
                  if (message.type === 'event' && message.event === 'stopped' && message.body)
                    stops.push({ session, ...message.body });
                },
              },
      }),
    ];
    let ended = false;
    disposables.push(
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.name === name) ended = true;
      }),
    );
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(vscode.Uri.file(script), new vscode.Position(1, 0)),
    );
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const started = await vscode.debug.startDebugging(undefined, {
        type: 'node',
        request: 'launch',
        name,
        program: script,
        cwd: folder,
      });
      assert.equal(started, true, 'startDebugging returned false');
      const stop = await waitFor('the debugger to stop', () => stops[0], 20_000);
      assert.equal(stop.reason, 'breakpoint');
      const session = stop.session;
      const trace = (await session.customRequest('stackTrace', { threadId: stop.threadId })) as {
        stackFrames: StackFrame[];
      };
      const top = trace.stackFrames[0];
      assert.equal(pathPart(top?.source?.path ?? ''), script);
      assert.equal(top?.line, 2);
      vscode.debug.removeBreakpoints([breakpoint]);
      await session.customRequest('continue', { threadId: stop.threadId });
      await waitFor('the debug session to end', () => ended, 15_000);
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      if (!ended) await vscode.debug.stopDebugging();
      disposables.forEach((d) => d.dispose());
    }
  });
});
