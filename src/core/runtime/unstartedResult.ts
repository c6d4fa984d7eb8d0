import type { FunctionSpec } from '../model';
import type { FunctionErrorBody, InvocationResult } from './types';

/**
 * The one result of an invocation that never reached a running handler (cancelled while queued, or its instance
 * could not start): an error with no duration and no memory used.
 */
export function unstartedResult(fn: FunctionSpec, requestId: string, error: FunctionErrorBody, options: { logs?: string[]; coldStart: boolean }): InvocationResult {
  return {
    requestId,
    functionId: fn.id,
    status: 'error',
    payload: Buffer.from(JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage })),
    functionError: 'Unhandled',
    error,
    logs: options.logs ?? [],
    durationMs: 0,
    billedDurationMs: 0,
    memorySizeMB: fn.memorySize,
    maxMemoryUsedMB: 0,
    coldStart: options.coldStart,
    warnings: [],
  };
}
