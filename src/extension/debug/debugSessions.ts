import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import type { DebugRequest, InvocationResult, InvokeOptions } from '../../core/runtime/types';
import type { ChosenEvent } from '../run/eventPicker';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { attachConfigFor, type AttachConfig, type DebugAdapterKind, type LambdaSessionMark } from './attachConfig';

type Target = Parameters<NonNullable<InvokeOptions['onDebugReady']>>[0];

const DEBUG_REQUEST: DebugRequest = { port: 0, waitForAttach: true };
/** How long an instance waits for the editor's debugger to attach before it is stopped. */
const ATTACH_LIMIT_MS = 30_000;

/**
 * The debug sessions attached to functions' instances. While a function has one, every invoke of it (the Debug
 * lens, Run, the local API) runs on its warm debug instance and stops at its breakpoints; an instance started for
 * an invoke while that one is busy gets a session of its own. Ending a session stops the function's debug instances.
 */
export class DebugSessions implements vscode.Disposable {
  private readonly live = new Map<string, { session: vscode.DebugSession; functionId: string }>();
  /** Debug instances handed to the editor whose session has not started yet, by process id. */
  private readonly awaitingAttach = new Map<number, NodeJS.Timeout>();
  /** The invoke started by the latest resolution of each function (the Debug command returns its result). */
  private readonly latest = new Map<string, Promise<InvocationResult>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly workbench: Workbench,
    private readonly runner: FunctionRunner,
  ) {
    this.disposables.push(
      vscode.debug.onDidStartDebugSession((session) => this.started(session)),
      vscode.debug.onDidTerminateDebugSession((session) => this.terminated(session)),
    );
  }

  /** Whether a debugger is attached to an instance of the function. */
  isAttached(functionId: string): boolean {
    return [...this.live.values()].some((entry) => entry.functionId === functionId);
  }

  /** Invoke options that run on the function's debug instance, attaching a new session to any new one. */
  invokeOptions(fn: FunctionSpec): InvokeOptions {
    return { debug: DEBUG_REQUEST, onDebugReady: (target) => void this.attachExtra(fn, target) };
  }

  /**
   * Starts a debug instance of `fn` through the runner (so the result panel and logs work as for Run) and waits for
   * its debug server. Undefined when the invoke ended first (a build error, say: the runner has shown it) or when
   * the wait was cancelled; then the instance is stopped.
   */
  async start(fn: FunctionSpec, event: ChosenEvent, sourceMaps: boolean, token: vscode.CancellationToken): Promise<AttachConfig | undefined> {
    // A debug instance left idle by an earlier session would take this invoke without telling anyone where it is.
    if (!this.isAttached(fn.id)) this.workbench.runtime().recycle(fn.id, { debugOnly: true });
    let ready!: (target: Target) => void;
    const readyPromise = new Promise<Target>((resolve) => (ready = resolve));
    const result = this.runner.runWith(fn, event, { verb: 'Debug', debug: DEBUG_REQUEST, onDebugReady: (target) => ready(target) });
    this.latest.set(fn.id, result);
    const cancelled = new Promise<'cancelled'>((resolve) => token.onCancellationRequested(() => resolve('cancelled')));
    const first = await Promise.race([readyPromise, result, cancelled]);
    if (first === 'cancelled') {
      this.workbench.runtime().recycle(fn.id, { debugOnly: true });
      return undefined;
    }
    if ('requestId' in first) {
      void vscode.window.showErrorMessage(`Debug ${fn.name}: the function ended before a debugger could attach: ${first.error?.errorType ?? first.status}: ${first.error?.errorMessage ?? ''}`);
      return undefined;
    }
    this.workbench.log.info(`[${fn.name}] debug instance ${first.pid} listens on 127.0.0.1:${first.port} (${first.adapter})`);
    return this.attachConfig(fn, first, sourceMaps);
  }

  /** The result of the invoke the latest debug start of a function ran (after its session has ended or continued). */
  latestResult(functionId: string): Promise<InvocationResult> | undefined {
    return this.latest.get(functionId);
  }

  /** Runs one more invoke on the function's attached debug instance. */
  invokeAttached(fn: FunctionSpec, event: ChosenEvent): Promise<InvocationResult> {
    return this.runner.runWith(fn, event, { verb: 'Debug', ...this.invokeOptions(fn) });
  }

  /** The user stopped a session of the function: its debug instances end now, and an invoke they run with Runtime.ExitError. */
  stopInstances(functionId: string): void {
    this.workbench.runtime().recycle(functionId, { debugOnly: true });
  }

  dispose(): void {
    for (const timer of this.awaitingAttach.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }

  private attachConfig(fn: FunctionSpec, target: Target, sourceMaps: boolean): AttachConfig {
    const timer = setTimeout(() => {
      this.awaitingAttach.delete(target.pid);
      this.workbench.log.error(`[${fn.name}] no debugger attached to instance ${target.pid} within ${ATTACH_LIMIT_MS / 1000} s: it was stopped`);
      this.workbench.runtime().recycle(fn.id, { debugOnly: true });
    }, ATTACH_LIMIT_MS);
    this.awaitingAttach.set(target.pid, timer);
    return attachConfigFor({
      fn,
      adapter: target.adapter as DebugAdapterKind,
      port: target.port,
      pid: target.pid,
      cacheDir: this.workbench.runtime().cacheDir,
      extensionPath: this.workbench.context.extensionUri.fsPath,
      sourceMaps,
    });
  }

  /** A new debug instance for an invoke that found the attached one busy: it gets a session of its own. */
  private async attachExtra(fn: FunctionSpec, target: Target): Promise<void> {
    const folder = this.folderOf(fn);
    const started = await vscode.debug.startDebugging(folder, this.attachConfig(fn, target, true));
    if (!started) this.workbench.log.error(`[${fn.name}] the debugger could not attach to instance ${target.pid}`);
  }

  private folderOf(fn: FunctionSpec): vscode.WorkspaceFolder | undefined {
    const folder = this.workbench.functions.folderOf(fn);
    return folder ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder)) : undefined;
  }

  private started(session: vscode.DebugSession): void {
    const mark = session.configuration.lambdaWorkbench as LambdaSessionMark | undefined;
    if (!mark) return;
    clearTimeout(this.awaitingAttach.get(mark.pid));
    this.awaitingAttach.delete(mark.pid);
    const first = !this.isAttached(mark.functionId);
    this.live.set(session.id, { session, functionId: mark.functionId });
    const fn = this.workbench.functions.byId(mark.functionId);
    if (first && fn) this.workbench.runtime().routeToDebugger(fn.id, this.invokeOptions(fn) as { debug: DebugRequest });
    this.workbench.log.info(`[${fn?.name ?? mark.functionId}] debugger attached to instance ${mark.pid} (${session.type})`);
  }

  private terminated(session: vscode.DebugSession): void {
    const entry = this.live.get(session.id);
    if (!entry) return;
    this.live.delete(session.id);
    const runtime = this.workbench.runtime();
    // The debugger is gone: an instance left paused, or waiting for it, would never finish.
    runtime.recycle(entry.functionId, { debugOnly: true });
    if (!this.isAttached(entry.functionId)) runtime.routeToDebugger(entry.functionId, undefined);
    const name = this.workbench.functions.byId(entry.functionId)?.name ?? entry.functionId;
    this.workbench.log.info(`[${name}] debug session ended: its debug instances were stopped`);
  }
}
