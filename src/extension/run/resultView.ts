import { estimateCost, type Pricing } from '../../core/cost';
import type { FunctionSpec } from '../../core/model';
import type { InvocationResult } from '../../core/runtime/types';
import { HTTP_INTEGRATION_CONTENT_TYPE } from '../../core/runtime/streaming/httpIntegration';
import { isRuntimeClientFrame, stackFrameLocations } from '../../core/stackFrames';

/** Everything the result panel shows, computed without the editor so it can be tested as plain data. */
export interface ResultModel {
  title: string;
  status: InvocationResult['status'];
  statusText: string;
  eventLabel: string;
  requestId: string;
  /** The response, pretty-printed, with a JSON string `body` shown parsed. */
  response?: string;
  /** The response as the function returned it (pretty-printed), when it differs from `response`. */
  rawResponse?: string;
  /** `hiddenFrames` counts the runtime client's own frames left out of `frames`. */
  error?: {
    type: string;
    message: string;
    frames: Array<{ text: string; file?: string; line?: number; column?: number }>;
    hiddenFrames: number;
  };
  metrics: Array<{ label: string; value: string }>;
  logs: string[];
  warnings: string[];
}

/** Builds the result panel's model: the response (pretty JSON), the error with linkable frames, the figures. */
export function resultModel(
  fn: FunctionSpec,
  eventLabel: string,
  result: InvocationResult,
  pricing: Pricing,
): ResultModel {
  // Without a REPORT line only the round trip is known: no zeros that would read as measured figures.
  const metrics =
    result.reported === false
      ? [{ label: 'Round trip', value: `${result.durationMs.toFixed(2)} ms (Lambda sent no REPORT line)` }]
      : reportedMetrics(fn, result, pricing);
  const statusText = result.status === 'success' ? 'Succeeded' : result.status === 'timeout' ? 'Timed out' : 'Failed';
  const model: ResultModel = {
    title: `${fn.name}: ${statusText}`,
    status: result.status,
    statusText,
    eventLabel,
    requestId: result.requestId,
    metrics,
    logs: result.logs,
    warnings: result.warnings,
  };
  if (result.error) {
    const trace = result.error.trace ?? result.error.stackTrace;
    const located = stackFrameLocations(trace);
    const lines = Array.isArray(trace) ? trace.map(String) : [];
    const all = lines.length
      ? lines.map((text) => ({ ...located.find((f) => f.text === text.trim()), text }))
      : located.map((f) => ({ ...f }));
    const frames = all.filter((f) => !isRuntimeClientFrame(f.text));
    model.error = {
      type: String(result.error.errorType ?? 'Error'),
      message: String(result.error.errorMessage ?? ''),
      frames,
      hiddenFrames: all.length - frames.length,
    };
  } else if (result.streamed?.contentType === HTTP_INTEGRATION_CONTENT_TYPE) {
    model.response = httpIntegrationText(result.payload);
  } else {
    Object.assign(model, responseView(result.payload.toString('utf8')));
  }
  return model;
}

/** The figures of a streamed response: time to first byte, size, chunks and content type. */
function streamMetrics(streamed: NonNullable<InvocationResult['streamed']>): Array<{ label: string; value: string }> {
  return [
    {
      label: 'Time to first byte',
      value: streamed.firstByteMs === undefined ? 'nothing was streamed' : `${streamed.firstByteMs.toFixed(2)} ms`,
    },
    { label: 'Streamed', value: `${streamed.bytes} bytes in ${streamed.chunks} chunk(s), ${streamed.contentType}` },
  ];
}

/** An HTTP integration stream as text: its prelude (status, headers, cookies), a blank line, then the body. */
function httpIntegrationText(payload: Buffer): string {
  const at = payload.indexOf(Buffer.alloc(8));
  if (at < 0) return payload.toString('utf8');
  return `${prettyJson(payload.subarray(0, at).toString('utf8'))}\n\n${payload.subarray(at + 8).toString('utf8')}`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON: shown as the handler returned it.
    return text;
  }
}

/**
 * The response as the panel shows it: pretty JSON, and when it is an API Gateway/function URL style object whose
 * `body` is a string holding a JSON object or array (and not base64), that body parsed in place, with the raw
 * response kept for the toggle.
 */
export function responseView(text: string): { response: string; rawResponse?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: shown as the handler returned it.
    return { response: text };
  }
  const raw = JSON.stringify(value, null, 2);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { response: raw };
  const { body, isBase64Encoded } = value as { body?: unknown; isBase64Encoded?: unknown };
  if (typeof body !== 'string' || isBase64Encoded === true) return { response: raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // A body that is not JSON stays the string it is.
    return { response: raw };
  }
  if (!parsed || typeof parsed !== 'object') return { response: raw };
  return { response: JSON.stringify({ ...value, body: parsed }, null, 2), rawResponse: raw };
}

/** The figures of an invocation Lambda (or the local runtime) reported: durations, memory, cost. */
function reportedMetrics(
  fn: FunctionSpec,
  result: InvocationResult,
  pricing: Pricing,
): Array<{ label: string; value: string }> {
  const cost = estimateCost(
    {
      memorySizeMB: result.memorySizeMB,
      billedDurationMs: result.billedDurationMs,
      architecture: fn.architectures[0] ?? 'x86_64',
    },
    pricing,
  );
  const metrics = [
    { label: 'Duration', value: `${result.durationMs.toFixed(2)} ms` },
    {
      label: 'Billed duration',
      value: result.pausedMs
        ? `${result.billedDurationMs} ms (what Lambda would bill: the pause is left out)`
        : `${result.billedDurationMs} ms`,
    },
    {
      label: 'Memory',
      value: `${result.maxMemoryUsedMB === undefined ? 'unknown' : `${result.maxMemoryUsedMB} MB`} used of ${result.memorySizeMB} MB`,
    },
  ];
  if (result.pausedMs)
    metrics.push({
      label: 'Paused at breakpoints',
      value: `${result.pausedMs.toFixed(2)} ms (in the duration, not billed)`,
    });
  if (result.initDurationMs !== undefined)
    metrics.push({ label: 'Init duration (cold start)', value: `${result.initDurationMs.toFixed(2)} ms` });
  metrics.push({
    label: 'Estimated cost',
    value: `$${cost.perMillion.toFixed(2)} per million invocations like this one`,
  });
  if (result.timeoutLifted) metrics.push({ label: 'Timeout', value: 'lifted while a debugger was attached' });
  if (result.streamed) metrics.push(...streamMetrics(result.streamed));
  return metrics;
}
