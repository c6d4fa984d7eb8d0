import type * as vscode from 'vscode';
import { DisposableStore, toDisposable } from '../../core/disposableStore';
import type { FunctionSpec } from '../../core/model';
import { PauseClock } from '../../core/runtime/pauseClock';
import type { InvocationResult } from '../../core/runtime/types';
import type { AttachConfig } from './attachConfig';

/** How long an instance waits for the editor's debugger to attach before it is stopped. */
export const ATTACH_LIMIT_MS = 30_000;

/** What a debug run needs from the sessions that own it. */
export interface DebugRunHost {
  log: vscode.LogOutputChannel;
  /** Sends the function's invokes to its debug instances (set while any run of the function is attached). */
  route(fn: FunctionSpec, on: boolean): void;
  /** Whether another run of the function still has its debugger attached. */
  othersAttached(run: DebugRun): boolean;
  /** Stops the function's debug instances (no debugger came, or it went away). */
  stopInstances(fn: FunctionSpec): void;
}

/**
 * One debug instance and the editor's debug session attached to it: the wait for the debugger to attach, the
 * session and the child sessions js-debug starts under it, the routing of the function's invokes to it, the time
 * its debugger held the instance paused, and the result of the invoke it was started for. Disposed when its
 * session ends (or the debugger never came), releasing all of these at once.
 */
export class DebugRun implements vscode.Disposable {
  /** The spans the debugger held the instance paused: left out of the billed duration. */
  readonly pauses = new PauseClock();
  private readonly store = new DisposableStore();
  /** The session started with the run's attach configuration. */
  private own?: vscode.DebugSession;
  /** It and the child sessions started under it, with the names they started with. */
  private readonly sessions: Array<{ session: vscode.DebugSession; name: string }> = [];
  private attachTimer?: vscode.Disposable;
  /** What the instance does, shown after the session's name; nothing until its first invoke starts. */
  private state?: string;

  constructor(
    readonly fn: FunctionSpec,
    readonly pid: number,
    readonly attachConfig: AttachConfig,
    /** The invoke this run was started for; undefined for an instance started by an invoke that found the first one busy. */
    readonly result: Promise<InvocationResult> | undefined,
    private readonly host: DebugRunHost,
  ) {
    const timer = setTimeout(() => {
      host.log.error(
        `[${fn.name}] no debugger attached to instance ${pid} within ${ATTACH_LIMIT_MS / 1000} s: it was stopped`,
      );
      host.stopInstances(fn);
      this.dispose();
    }, ATTACH_LIMIT_MS);
    this.attachTimer = this.store.add(toDisposable(() => clearTimeout(timer)));
    // A session that ends leaves no pause open: a killed invoke is billed up to its end, less the pauses before it.
    this.store.add(toDisposable(() => this.pauses.resumed()));
  }

  /** Whether the editor's session has attached (and not ended). */
  get attached(): boolean {
    return this.own !== undefined && !this.store.isDisposed;
  }

  get session(): vscode.DebugSession | undefined {
    return this.own;
  }

  /** The editor's session attached to the instance, or (`child`) a session was started under it. */
  attach(session: vscode.DebugSession, child: boolean): void {
    if (this.store.isDisposed) return;
    if (!child && !this.own) {
      this.own = session;
      this.attachTimer?.dispose();
      this.attachTimer = undefined;
      this.host.route(this.fn, true);
      this.store.add(toDisposable(() => this.host.othersAttached(this) || this.host.route(this.fn, false)));
    }
    this.sessions.push({ session, name: session.name });
    this.showState();
  }

  /** The instance took an invocation (its request id) or finished one and waits for the next (undefined). */
  invocation(requestId: string | undefined): void {
    this.state = requestId ? `running invoke ${requestId.slice(0, 8)}` : 'waiting for the next invoke';
    this.showState();
  }

  dispose(): void {
    this.store.dispose();
  }

  /**
   * The session's name says what the instance does: between invokes the debugger shows its thread as running,
   * while the handler has in fact returned and the instance waits for the next invoke.
   */
  private showState(): void {
    if (this.store.isDisposed || !this.state) return;
    // A child session (js-debug's) is listed first, its parent's name cut short after it: the state leads there.
    for (const { session, name } of this.sessions)
      session.name = session === this.own ? `${name} (${this.state})` : `${capitalised(this.state)}: ${name}`;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
