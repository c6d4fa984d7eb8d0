import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DapClient } from '../../support/dapClient';
import type { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import type { FunctionSpec } from '../../../src/core/model';
import type { InvocationResult } from '../../../src/core/runtime/types';

export interface BreakpointStop {
  /** The line and file of the top frame when the debugger stopped (1-based line, as DAP counts by default). */
  line: number;
  path: string;
  result: InvocationResult;
  adapter: string;
}

/**
 * Invokes fn under its debugger and drives the debug adapter over DAP as an editor does: initialize, attach,
 * setBreakpoints, configurationDone, wait for `stopped`, read the top stack frame, continue. Every wait is bounded.
 */
export async function stopAtBreakpoint(
  runtime: LocalRuntime,
  fn: FunctionSpec,
  payload: string,
  breakpoint: { path: string; line: number },
  attachArguments: Record<string, unknown>,
  readyTimeoutMs: number,
): Promise<BreakpointStop> {
  let ready!: (target: { port: number; adapter: string }) => void;
  const readyPromise = new Promise<{ port: number; adapter: string }>((resolve) => (ready = resolve));
  const resultPromise = runtime.invoke(fn, payload, { debug: { port: 0 }, onDebugReady: (target) => ready(target) });
  const ended = resultPromise.then((r): never => {
    throw new Error(`the invoke ended before a debugger could attach: ${r.payload.toString()}`);
  });
  const target = await within(Promise.race([readyPromise, ended]), readyTimeoutMs, 'the debug instance did not start');

  const dap = await DapClient.connect(target.port, { timeoutMs: 20_000 });
  try {
    await dap.request('initialize', {
      clientID: 'lambda-workbench',
      adapterID: target.adapter,
      pathFormat: 'path',
      linesStartAt1: true,
      columnsStartAt1: true,
    });
    // Some adapters (debugpy) answer `attach` only after configurationDone, so it is awaited last.
    const attached = dap.request('attach', attachArguments);
    attached.catch(() => undefined);
    await dap.waitForEvent('initialized');
    const set = await dap.request('setBreakpoints', {
      source: { path: breakpoint.path },
      breakpoints: [{ line: breakpoint.line }],
    });
    assert.equal(set.body.breakpoints.length, 1);
    await dap.request('configurationDone');
    await attached;
    const stopped = await dap.waitForEvent('stopped', 60_000);
    const threadId = stopped.body.threadId;
    const trace = await dap.request('stackTrace', { threadId, startFrame: 0, levels: 1 });
    const frame = trace.body.stackFrames[0];
    await dap.request('continue', { threadId });
    const result = await within(resultPromise, 30_000, 'the invoke did not end after continue');
    // Ending the session as an editor's Stop does: Delve runs its debuggee in a process group of its own, so the
    // debuggee must be ended through Delve rather than by the runtime's kill of the instance's group.
    await dap.request('disconnect', { terminateDebuggee: true }, 10_000).catch(() => undefined);
    return { line: frame.line, path: frame.source?.path, result, adapter: target.adapter };
  } finally {
    dap.close();
  }
}

/** The 1-based line of the first line of text that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`'${needle}' is not in the file`);
  return index + 1;
}

/** The promise's value, or a rejection with `message` after timeoutMs; the timer never outlives the wait. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An interpreter that can import debugpy: the machine's python3 (CI installs debugpy into it), else Debian's
 * /usr/bin/python3 with python3-debugpy.
 */
export function debugpyPython(): string {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import debugpy'], { stdio: 'ignore', timeout: 15_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  throw new Error('no python3 with debugpy: run python3 -m pip install debugpy (or apt-get install python3-debugpy)');
}
