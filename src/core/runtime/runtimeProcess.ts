import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { LineSplitter } from './lineSplitter';
import type { LaunchPlan } from './types';

export interface RuntimeProcessEvents {
  /** Every line the process writes, as it arrives; a line written in pieces is still one line. */
  onLine: (text: string, stream: 'stdout' | 'stderr' | 'platform') => void;
  /** Once, after the process ended and its output was read to the end. */
  onClose: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * The operating-system side of an instance: the runtime process in a process group of its own (so a kill ends
 * whatever it started too), its output split into lines, and ways to wait until that output has all arrived.
 */
export class RuntimeProcess {
  private readonly child: ChildProcess;
  private lastOutputAt = 0;
  private readonly splitters: LineSplitter[];
  /** Resolves once the process has ended and its pipes are drained (or given up on). */
  readonly closed: Promise<void>;

  constructor(
    private readonly plan: LaunchPlan,
    env: Record<string, string>,
    events: RuntimeProcessEvents,
  ) {
    this.child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env,
      stdio: stdioFor(plan),
      detached: true,
    });
    const line = (text: string, stream: 'stdout' | 'stderr' | 'platform') => {
      this.lastOutputAt = performance.now();
      events.onLine(text, stream);
    };
    const stdout = new LineSplitter((text) => line(text, 'stdout'));
    const stderr = new LineSplitter((text) => line(text, 'stderr'));
    this.splitters = [stdout, stderr];
    this.child.stdout!.on('data', (chunk) => stdout.push(chunk));
    this.child.stderr!.on('data', (chunk) => stderr.push(chunk));
    this.child.once('error', (error) => line(`cannot start ${plan.command}: ${error.message}`, 'platform'));
    this.closed = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        stdout.flush();
        stderr.flush();
        resolve();
        events.onClose(code, signal);
      });
    });
    // A process the runtime started in a group of its own (delve does) may outlive a kill and keep the pipes open:
    // once the runtime process itself has exited, stop waiting for its output after a moment.
    this.child.once('exit', () => {
      setTimeout(() => {
        this.child.stdout?.destroy();
        this.child.stderr?.destroy();
        this.runtimeApiChannel?.destroy();
      }, 1000).unref();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The host's end of the connection the runtime inherited to its Runtime API (LaunchPlan.runtimeApiFd), if any. */
  get runtimeApiChannel(): Socket | undefined {
    const fd = this.plan.runtimeApiFd;
    return fd === undefined ? undefined : ((this.child.stdio[fd] as Socket | null) ?? undefined);
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Hands on the text written since the last line break (a `print(..., end='')`) as a line now: an invocation's
   * output ends with the invocation, as in Lambda, not when the process exits.
   */
  flushPartialLines(): void {
    for (const splitter of this.splitters) splitter.flush();
  }

  /** Waits until the output pipes have been quiet for one turn of the event loop (bounded). */
  async quiet(): Promise<void> {
    for (let turn = 0; turn < 50; turn++) {
      const before = this.lastOutputAt;
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      if (this.lastOutputAt === before) return;
    }
  }

  /** Waits for the end of the process and its output, at most `ms`. */
  closedWithin(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.closed.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** SIGKILL to the whole process group. */
  kill(): void {
    if (!this.running) return;
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // The group is gone or was never made: kill the child itself.
      this.child.kill('SIGKILL');
    }
  }
}

/** Output on pipes; and where the plan asks for it, a socket pair on one more descriptor for the Runtime API. */
function stdioFor(plan: LaunchPlan): Array<'ignore' | 'pipe'> {
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'pipe', 'pipe'];
  if (plan.runtimeApiFd !== undefined) {
    while (stdio.length <= plan.runtimeApiFd) stdio.push('ignore');
    stdio[plan.runtimeApiFd] = 'pipe';
  }
  return stdio;
}
