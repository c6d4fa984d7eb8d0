import {
  paginateFilterLogEvents,
  type CloudWatchLogsClient,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogLine } from '../runtime/types';
import { sleep } from './waiters';

type Logs = CloudWatchLogsClient;

/** A CloudWatch log line, in the shape of a local one plus where it came from. */
export interface RemoteLogLine extends LogLine {
  logStream: string;
  eventId: string;
}

export interface LogQuery {
  /** ms since epoch; the last 10 minutes by default. */
  startTime?: number;
  endTime?: number;
  /** CloudWatch filter pattern syntax. */
  filterPattern?: string;
  /** The function's log group when it is not /aws/lambda/<name> (LoggingConfig.LogGroup). */
  logGroupName?: string;
  signal?: AbortSignal;
}

export interface TailOptions extends LogQuery {
  /** Between two polls; 2 s by default. */
  pollIntervalMs?: number;
}

/** `/aws/lambda/<name>`, where Lambda writes unless LoggingConfig says otherwise. */
export function logGroupOf(functionName: string): string {
  return `/aws/lambda/${functionName.split(':').slice(-1)[0]}`;
}

/** Every log event of the function in the time range, over all pages, oldest first. */
export async function* fetchLogs(
  logs: Logs,
  functionName: string,
  query: LogQuery = {},
): AsyncGenerator<RemoteLogLine> {
  const input = {
    logGroupName: query.logGroupName ?? logGroupOf(functionName),
    startTime: query.startTime ?? Date.now() - 10 * 60_000,
    endTime: query.endTime,
    filterPattern: query.filterPattern,
  };
  for await (const page of paginateFilterLogEvents({ client: logs }, input, { abortSignal: query.signal })) {
    for (const event of page.events ?? []) yield toLogLine(event, functionName);
  }
}

/**
 * Follows the function's logs: polls FilterLogEvents from `startTime` (now by default) until the signal aborts,
 * yielding each event once. A log group that does not exist yet (the function has not run) is waited for.
 */
export async function* tailLogs(
  logs: Logs,
  functionName: string,
  options: TailOptions = {},
): AsyncGenerator<RemoteLogLine> {
  let from = options.startTime ?? Date.now();
  let seen = new Set<string>();
  while (!options.signal?.aborted) {
    const batch: RemoteLogLine[] = [];
    try {
      for await (const line of fetchLogs(logs, functionName, { ...options, startTime: from, endTime: undefined }))
        batch.push(line);
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'AbortError' && options.signal?.aborted) return;
      if (name !== 'ResourceNotFoundException') throw error;
    }
    batch.sort((a, b) => a.time - b.time);
    // FilterLogEvents' startTime is inclusive: events at the last timestamp come again and are skipped by id.
    const latest = batch.length ? batch[batch.length - 1].time : from;
    const seenNow = new Set<string>();
    for (const line of batch) {
      if (line.time === latest) seenNow.add(line.eventId);
      if (seen.has(line.eventId)) continue;
      yield line;
    }
    seen = latest === from ? new Set([...seen, ...seenNow]) : seenNow;
    from = latest;
    await abortableSleep(options.pollIntervalMs ?? 2000, options.signal);
  }
}

function toLogLine(event: FilteredLogEvent, functionName: string): RemoteLogLine {
  const text = (event.message ?? '').replace(/\r?\n$/, '');
  const platform = /^(START|END|REPORT|INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY) /.test(
    text,
  );
  const requestId = /RequestId: ([0-9a-f-]{36})/i.exec(text)?.[1] ?? /^\S+\t([0-9a-f-]{36})\t/i.exec(text)?.[1];
  return {
    time: event.timestamp ?? 0,
    text,
    stream: platform ? 'platform' : 'stdout',
    functionId: functionName,
    requestId,
    logStream: event.logStreamName ?? '',
    eventId: event.eventId ?? `${event.logStreamName}:${event.timestamp}:${text}`,
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return sleep(ms);
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
