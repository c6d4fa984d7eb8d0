import * as vscode from 'vscode';
import { DisposableStore } from '../../core/disposableStore';
import type { FunctionSpec } from '../../core/model';
import type { DebugRequest, InvocationResult, InvokeOptions } from '../../core/runtime/types';
import type { ChosenEvent } from '../run/eventPicker';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { attachConfigFor, sessionMark, type DebugAdapterKind, type LambdaSessionMark } from './attachConfig';
import { DebugRun, type DebugRunHost } from './debugRun';

type Target = Parameters<NonNullable<InvokeOptions['onDebugReady']>>[0];

/**
 * The debug runs of functions' instances, one per debug session. While a function has an attached one, every
 * invoke of it (the Debug lens, Run, the local API) runs on its warm debug instance and stops at its breakpoints;
 * an instance started for an invoke while that one is busy gets a run and a session of its own. Ending a session
 * stops the function's debug instances.
 */
export class DebugSessions implements vscode.Disposable {
  /** By instance process id; a run stays here after its session ended until another run starts, so the invoke it
   * was paused in still bills without its pauses. */
  private readonly runs = new Map<number, DebugRun>();
  private readonly store = new DisposableStore();
  /** The request of every debug invoke: its watcher tells the runs what their instances do. */
  private readonly request: DebugRequest = {
    port: 0,
    waitForAttach: true,
    watcher: {
      invocation: (pid, requestId) => this.runs.get(pid)?.invocation(requestId),
      pausedMs: (pid, from, to) => this.runs.get(pid)?.pauses.pausedWithin(from, to) ?? 0,
    },
  };
  private readonly host: DebugRunHost;

  constructor(
    private readonly workbench: Workbench,
    private readonly runner: FunctionRunner,
  ) {
    this.host = {
      log: workbench.log,
      route: (fn, on) =>
        workbench
          .runtime()
          .routeToDebugger(fn.id, on ? (this.invokeOptions(fn) as { debug: DebugRequest }) : undefined),
      othersAttached: (run) =>
        [...this.runs.values()].some((other) => other !== run && other.fn.id === run.fn.id && other.attached),
      stopInstances: (fn) => this.stopInstances(fn.id),
    };
    this.store.add(vscode.debug.onDidStartDebugSession((session) => this.started(session)));
    this.store.add(vscode.debug.onDidTerminateDebugSession((session) => this.terminated(session)));
  }

  /** Whether a debugger is attached to an instance of the function. */
  isAttached(functionId: string): boolean {
    return [...this.runs.values()].some((run) => run.fn.id === functionId && run.attached);
  }

  /**
   * Runs `event` on the function's attached debug instance when it has one (undefined then: no new session), else
   * starts a debug instance through the runner (so the result panel and logs work as for Run) and waits for its
   * debug server: the run that the editor's session then attaches to. Undefined as well when the invoke ended first
   * (a build error, say: the runner has shown it) or the wait was cancelled (`token`); then the instance is stopped.
   */
  async start(
    fn: FunctionSpec,
    event: ChosenEvent,
    sourceMaps: boolean,
    token?: vscode.CancellationToken,
  ): Promise<{ attached: Promise<InvocationResult> } | { run: DebugRun } | undefined> {
    if (this.isAttached(fn.id))
      return { attached: this.runner.runWith(fn, event, { verb: 'Debug', ...this.invokeOptions(fn) }) };
    // A debug instance left idle by an earlier session would take this invoke without telling anyone where it is.
    this.stopInstances(fn.id);
    let ready!: (target: Target) => void;
    const readyPromise = new Promise<Target>((resolve) => (ready = resolve));
    const result = this.runner.runWith(fn, event, {
      verb: 'Debug',
      debug: this.request,
      onDebugReady: (target) => ready(target),
    });
    const cancelled = new Promise<'cancelled'>((resolve) => token?.onCancellationRequested(() => resolve('cancelled')));
    const first = await Promise.race([readyPromise, result, cancelled]);
    if (first === 'cancelled') {
      this.stopInstances(fn.id);
      return undefined;
    }
    if ('requestId' in first) {
      void vscode.window.showErrorMessage(
        `Debug ${fn.name}: the function ended before a debugger could attach: ${first.error?.errorType ?? first.status}: ${first.error?.errorMessage ?? ''}`,
      );
      return undefined;
    }
    this.workbench.log.info(
      `[${fn.name}] debug instance ${first.pid} listens on 127.0.0.1:${first.port} (${first.adapter})`,
    );
    return { run: this.newRun(fn, first, sourceMaps, result) };
  }

  /** The user stopped a session of the function: its debug instances end now, and an invoke they run with Runtime.ExitError. */
  stopInstances(functionId: string): void {
    this.workbench.runtime().recycle(functionId, { debugOnly: true });
  }

  /** The debugger of the session stopped the instance (a breakpoint, a step) or let it run again. */
  paused(mark: LambdaSessionMark, paused: boolean): void {
    const pauses = this.runs.get(mark.pid)?.pauses;
    if (paused) pauses?.paused();
    else pauses?.resumed();
  }

  dispose(): void {
    for (const run of this.runs.values()) run.dispose();
    this.store.dispose();
  }

  /** Invoke options that run on the function's debug instance, attaching a new session to any new one. */
  private invokeOptions(fn: FunctionSpec): InvokeOptions {
    return { debug: this.request, onDebugReady: (target) => void this.attachExtra(fn, target) };
  }

  private newRun(
    fn: FunctionSpec,
    target: Target,
    sourceMaps: boolean,
    result: Promise<InvocationResult> | undefined,
  ): DebugRun {
    // Runs whose session ended and whose instance is gone have nothing left to bill.
    const live = new Set(
      this.workbench
        .runtime()
        .instances(fn.id)
        .map((instance) => instance.pid),
    );
    for (const [pid, old] of this.runs)
      if (!old.attached && old.fn.id === fn.id && !live.has(pid)) this.runs.delete(pid);
    const config = attachConfigFor({
      fn,
      adapter: target.adapter as DebugAdapterKind,
      port: target.port,
      pid: target.pid,
      cacheDir: this.workbench.runtime().cacheDir,
      extensionPath: this.workbench.context.extensionUri.fsPath,
      sourceMaps,
    });
    const run = new DebugRun(fn, target.pid, config, result, this.host);
    this.runs.set(target.pid, run);
    return run;
  }

  /** A new debug instance for an invoke that found the attached one busy: it gets a session of its own. */
  private async attachExtra(fn: FunctionSpec, target: Target): Promise<void> {
    const run = this.newRun(fn, target, true, undefined);
    const started = await vscode.debug.startDebugging(this.folderOf(fn), run.attachConfig);
    if (!started) this.workbench.log.error(`[${fn.name}] the debugger could not attach to instance ${target.pid}`);
  }

  private folderOf(fn: FunctionSpec): vscode.WorkspaceFolder | undefined {
    const folder = this.workbench.functions.folderOf(fn);
    return folder ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder)) : undefined;
  }

  private started(session: vscode.DebugSession): void {
    const mark = sessionMark(session);
    const run = mark && this.runs.get(mark.pid);
    if (!run) return;
    const own = session.configuration.lambdaWorkbench !== undefined;
    run.attach(session, !own);
    if (own) this.workbench.log.info(`[${run.fn.name}] debugger attached to instance ${mark.pid} (${session.type})`);
  }

  private terminated(session: vscode.DebugSession): void {
    const run = [...this.runs.values()].find((candidate) => candidate.session === session);
    if (!run) return;
    run.dispose();
    // The debugger is gone: an instance left paused, or waiting for it, would never finish.
    this.stopInstances(run.fn.id);
    this.workbench.log.info(`[${run.fn.name}] debug session ended: its debug instances were stopped`);
  }
}
