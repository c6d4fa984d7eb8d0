import type { FunctionSpec } from '../model';
import { lambdaErrors } from './lambdaErrors';
import { missingModuleHint } from './missingModule';
import { LaunchError } from '../errors';
import type { FunctionErrorBody, InvocationResult, InvocationStatus, StreamFigures } from './types';

/** What running the handler measured: the figures of REPORT. */
export interface RunFigures {
  durationMs: number;
  billedDurationMs: number;
  /** Time a debugger held the invocation paused: in durationMs, left out of billedDurationMs. */
  pausedMs?: number;
  /** Undefined where the platform does not say (no /proc). */
  maxMemoryUsedMB?: number;
  initDurationMs?: number;
  timeoutLifted?: boolean;
  streamed?: StreamFigures;
}

/** How an invocation ended, as whoever ended it knows it. */
export interface Outcome {
  status: InvocationStatus;
  /** The response, for a success. */
  body?: Buffer;
  /** The error body, for anything else. */
  error?: FunctionErrorBody;
  logs: string[];
  coldStart: boolean;
  /** Absent when the handler never ran (cancelled before it started, or its instance could not start). */
  figures?: RunFigures;
  /** What the instance's launch and response had to say (interpreter fallback, stream limits...). */
  warnings: readonly string[];
  /** Where the function's layers were merged, when they were. */
  optDir?: string;
}

/**
 * The one place an InvocationResult is shaped, whatever ended the invocation: `notes` (what the runtime said
 * before it ran, such as code that changed under a warm instance) come first, then hints read from the result
 * itself (a missing module, a path into /opt), then the outcome's own warnings.
 */
export function invocationResult(
  fn: FunctionSpec,
  requestId: string,
  outcome: Outcome,
  notes: readonly string[],
): InvocationResult {
  const { status, error, figures } = outcome;
  const result: InvocationResult = figures
    ? {
        requestId,
        functionId: fn.id,
        status,
        payload: error ? Buffer.from(JSON.stringify(error)) : outcome.body!,
        functionError: status === 'success' ? undefined : 'Unhandled',
        error,
        logs: outcome.logs,
        durationMs: figures.durationMs,
        billedDurationMs: figures.billedDurationMs,
        ...(figures.pausedMs ? { pausedMs: figures.pausedMs } : {}),
        memorySizeMB: fn.memorySize,
        maxMemoryUsedMB: figures.maxMemoryUsedMB,
        initDurationMs: figures.initDurationMs,
        coldStart: outcome.coldStart,
        timeoutLifted: figures.timeoutLifted,
        warnings: outcome.warnings as string[],
        ...(figures.streamed ? { streamed: figures.streamed } : {}),
      }
    : {
        requestId,
        functionId: fn.id,
        status: 'error',
        payload: Buffer.from(JSON.stringify({ errorType: error?.errorType, errorMessage: error?.errorMessage })),
        functionError: 'Unhandled',
        error,
        logs: outcome.logs,
        durationMs: 0,
        billedDurationMs: 0,
        memorySizeMB: fn.memorySize,
        maxMemoryUsedMB: 0,
        coldStart: outcome.coldStart,
        warnings: outcome.warnings as string[],
      };
  const missing = missingModuleHint(fn, result);
  const opt = absoluteOptWarning(fn, outcome.optDir, result);
  if (notes.length || opt || missing)
    result.warnings = [...notes, ...(opt ? [opt] : []), ...(missing ? [missing] : []), ...outcome.warnings];
  return result;
}

/** An invocation cancelled before its handler ran: while queued, or while its instance was being prepared. */
export function cancelledOutcome(requestId: string): Outcome {
  const error = {
    errorType: 'Workbench.Cancelled',
    errorMessage: `RequestId: ${requestId} Error: the invocation was cancelled before it started`,
  };
  return { status: 'error', error, logs: [], coldStart: false, warnings: [] };
}

/** A function that could not even start: the reason in its error and its one log line. */
export function launchFailureOutcome(error: unknown, optDir: string | undefined): Outcome {
  const errorType = error instanceof LaunchError ? error.errorType : 'Runtime.Unknown';
  const message = error instanceof Error ? error.message : String(error);
  const located = error instanceof LaunchError && error.location ? { location: error.location } : {};
  const body = { ...lambdaErrors.launch(errorType, message), ...located };
  return { status: 'error', error: body, logs: [`${errorType}: ${message}`], coldStart: true, warnings: [], optDir };
}

/**
 * Layers are merged in a cache folder, not at /opt (a path only root could write here): when a result shows the
 * function reaching for /opt/... by absolute path, it says where the layers are instead.
 */
function absoluteOptWarning(fn: FunctionSpec, dir: string | undefined, result: InvocationResult): string | undefined {
  if (!dir) return undefined;
  const text = `${result.error?.errorMessage ?? ''}\n${result.logs.join('\n')}`;
  const path = /(?<![\w.-])\/opt\/[^\s'"`,)]+/.exec(text)?.[0];
  if (!path) return undefined;
  return `${fn.name} used ${path} by absolute path: locally its layers are merged in ${dir}, not in /opt (module paths, PATH and LD_LIBRARY_PATH point there; absolute /opt paths read this machine's /opt)`;
}
