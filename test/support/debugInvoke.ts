import assert from 'node:assert/strict';
import type { LocalRuntime } from '../../src/core/runtime/localRuntime';
import type { FunctionSpec } from '../../src/core/model';
import type { InvocationResult } from '../../src/core/runtime/types';

/** The promise's value, or a rejection naming what did not happen after timeoutMs. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DebugStart {
  target: { port: number; adapter: string; pid: number };
  result: Promise<InvocationResult>;
}

/** Starts a debug invoke and waits (bounded) for its instance to report where a debugger attaches. */
export async function startDebugInvoke(runtime: LocalRuntime, fn: FunctionSpec, payload: string): Promise<DebugStart> {
  let ready!: (target: DebugStart['target']) => void;
  const readyPromise = new Promise<DebugStart['target']>((resolve) => (ready = resolve));
  const result = runtime.invoke(fn, payload, { debug: { port: 0, waitForAttach: true }, onDebugReady: ready });
  const ended = result.then((r): never => assert.fail(`the invoke ended before a debugger attached: ${r.payload}`));
  const target = await within(Promise.race([readyPromise, ended]), 60_000, 'the debug instance to start');
  return { target, result };
}
