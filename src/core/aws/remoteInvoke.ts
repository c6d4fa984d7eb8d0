import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from '../model';
import type { FunctionErrorBody, InvocationResult } from '../runtime/types';

type Lambda = Pick<LambdaClient, 'send'>;

export interface RemoteInvokeOptions {
  /** A version number or alias; $LATEST otherwise. */
  qualifier?: string;
  /** RequestResponse (default) waits for the result; Event queues it; DryRun only checks permissions. */
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  /** Client context as JSON text (sent base64, as the API wants). */
  clientContext?: string;
  signal?: AbortSignal;
}

/**
 * Invokes a deployed function with `LogType: Tail` and returns the same shape as a local invocation: the payload,
 * the error body, the last 4 KB of logs Lambda sends back, and durations read from the REPORT line.
 */
export async function invokeRemote(
  lambda: Lambda,
  functionName: string,
  payload: string | Buffer,
  options: RemoteInvokeOptions = {},
): Promise<InvocationResult> {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  const type = options.invocationType ?? 'RequestResponse';
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_SYNC_PAYLOAD_BYTES;
  if (body.length > limit) {
    throw new Error(
      `The event is ${body.length} bytes; Lambda accepts at most ${limit} bytes for ${type === 'Event' ? 'asynchronous' : 'synchronous'} invocations.`,
    );
  }
  const started = Date.now();
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      Qualifier: options.qualifier,
      InvocationType: type,
      LogType: type === 'RequestResponse' ? 'Tail' : 'None',
      Payload: body,
      ClientContext: options.clientContext ? Buffer.from(options.clientContext, 'utf8').toString('base64') : undefined,
    }),
    { abortSignal: options.signal },
  );
  const out = Buffer.from(response.Payload ?? new Uint8Array());
  const logs = response.LogResult
    ? Buffer.from(response.LogResult, 'base64')
        .toString('utf8')
        .split(/\r?\n/)
        .filter((l) => l.length > 0)
    : [];
  const report = parseReport(logs);
  const functionError =
    response.FunctionError === 'Handled' || response.FunctionError === 'Unhandled'
      ? response.FunctionError
      : response.FunctionError
        ? 'Unhandled'
        : undefined;
  const error = functionError ? parseError(out) : undefined;
  const timedOut = !!error && /Task timed out/i.test(String(error.errorMessage ?? ''));
  const warnings: string[] = [];
  if (type === 'RequestResponse' && !report)
    warnings.push('Lambda returned no REPORT line, so durations and memory use are unknown.');
  return {
    requestId: response.$metadata.requestId ?? report?.requestId ?? '',
    functionId: functionName,
    status: timedOut ? 'timeout' : functionError ? 'error' : 'success',
    payload: out,
    functionError,
    error,
    logs,
    durationMs: report?.durationMs ?? Date.now() - started,
    billedDurationMs: report?.billedDurationMs ?? 0,
    memorySizeMB: report?.memorySizeMB ?? 0,
    maxMemoryUsedMB: report?.maxMemoryUsedMB,
    initDurationMs: report?.initDurationMs,
    coldStart: report?.initDurationMs !== undefined,
    ...(report ? {} : { reported: false as const }),
    warnings,
  };
}

interface Report {
  requestId?: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
}

/** Reads Lambda's `REPORT RequestId: … Duration: 1.2 ms Billed Duration: 2 ms Memory Size: 128 MB …` line. */
export function parseReport(lines: readonly string[]): Report | undefined {
  const line = lines.find((l) => l.startsWith('REPORT '));
  if (!line) return undefined;
  const number = (label: string) => {
    const match = new RegExp(`${label}: ([\\d.]+)`).exec(line);
    return match ? Number(match[1]) : undefined;
  };
  return {
    requestId: /RequestId: (\S+)/.exec(line)?.[1],
    durationMs: number('(?<!Billed |Init )Duration') ?? 0,
    billedDurationMs: number('Billed Duration') ?? 0,
    memorySizeMB: number('Memory Size') ?? 0,
    maxMemoryUsedMB: number('Max Memory Used') ?? 0,
    initDurationMs: number('Init Duration'),
  };
}

function parseError(payload: Buffer): FunctionErrorBody {
  try {
    const parsed = JSON.parse(payload.toString('utf8'));
    if (parsed && typeof parsed === 'object') return parsed as FunctionErrorBody;
  } catch {
    // Not JSON: the runtime sent plain text, kept as the message.
  }
  return { errorMessage: payload.toString('utf8') };
}
