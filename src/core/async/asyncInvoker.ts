import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FunctionSpec } from '../model';
import { MAX_ASYNC_PAYLOAD_BYTES } from '../model';
import { invocationResult, type Outcome } from '../runtime/invocationResult';
import type { InvocationResult, InvokeFn } from '../runtime/types';
import { buildDestinationRecord, destinationOf, localFunctionArn } from './destinationRecord';
import type { AsyncDestinations, DestinationRecord, RecordCondition } from './types';

/**
 * Local retry delays. Lambda waits about 1 minute before the first retry and about 2 minutes before the second;
 * locally the same two retries come after 1 and 2 seconds so a failing event settles while the user watches.
 */
export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000];
/** Lambda's default (and largest) MaximumEventAgeInSeconds: 6 hours. */
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21600;

export interface AsyncInvokerOptions {
  invoke: InvokeFn;
  /** Delay before each retry; its length is the number of retries (Lambda: 2). */
  retryDelaysMs?: number[];
  /** Events older than this are not retried again (EventAgeExceeded). */
  maxEventAgeSeconds?: number;
  /** A JSON-lines file that receives one DestinationRecord per line. */
  recordPath?: string;
  /** The function's EventInvokeConfig / DeadLetterQueue (see destinationsFor in eventInvokeConfig.ts). */
  destinationFor?(fn: FunctionSpec): AsyncDestinations | undefined;
  /** Called with every record, after it was written to recordPath. */
  onRecord?(record: DestinationRecord): void;
  /** Region in the function ARNs of records (default AWS_REGION or us-east-1). */
  region?: string;
  /** Called after every attempt, with the delay before the next one when the event will be retried. */
  onAttempt?(attempt: AsyncAttempt): void;
  /** Called when a record cannot be written or onRecord throws (default: a process warning). */
  onError?(error: Error): void;
}

/** One attempt of an accepted event, as onAttempt reports it. */
export interface AsyncAttempt {
  requestId: string;
  fn: FunctionSpec;
  /** 1 for the first attempt, 2 and 3 for Lambda's retries. */
  attempt: number;
  result: InvocationResult;
  /** Set when the event will be attempted again after this many milliseconds. */
  retryInMs?: number;
}

interface PendingEvent {
  requestId: string;
  fn: FunctionSpec;
  payload: string | Buffer;
  /** The tenant of a function with tenant isolation, kept for every attempt. */
  tenantId?: string;
  enqueuedAt: number;
  attempts: number;
  lastResult?: InvocationResult;
  timer?: NodeJS.Timeout;
  abort?: AbortController;
}

/**
 * Lambda's asynchronous invocation (InvocationType Event) on the local runtime: an accepted event is retried
 * after errors and timeouts, then recorded for the on-failure destination or dead-letter queue. Every accepted
 * event ends either in a success or in a record; none is dropped silently.
 */
export class AsyncInvoker {
  private readonly pending = new Set<PendingEvent>();
  private readonly waiters: Array<() => void> = [];
  private readonly retryDelays: number[];
  private readonly maxAgeMs: number;
  private readonly region: string;
  private disposed = false;

  constructor(private readonly options: AsyncInvokerOptions) {
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (this.retryDelays.some((d) => !Number.isFinite(d) || d < 0)) {
      throw new Error(
        `retryDelaysMs must hold non-negative numbers of milliseconds, got [${this.retryDelays.join(', ')}]`,
      );
    }
    const age = options.maxEventAgeSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS;
    if (!(age > 0)) throw new Error(`maxEventAgeSeconds must be a positive number of seconds, got ${age}`);
    this.maxAgeMs = age * 1000;
    this.region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  }

  /**
   * Accepts an event as Lambda's 202 does and returns the request id; the function runs in the background.
   * Throws, as Lambda's Invoke API refuses them, for payloads over 1 MB and payloads that are not JSON.
   */
  enqueue(fn: FunctionSpec, payload: string | Buffer, options: { tenantId?: string } = {}): { requestId: string } {
    if (this.disposed) throw new Error('the asynchronous invoker was disposed; no more events are accepted');
    const size = Buffer.byteLength(payload);
    if (size > MAX_ASYNC_PAYLOAD_BYTES) {
      throw new Error(
        `the event is ${size} bytes; asynchronous invocations accept at most ${MAX_ASYNC_PAYLOAD_BYTES} bytes`,
      );
    }
    if (size > 0) {
      try {
        JSON.parse(payload.toString());
      } catch (error) {
        throw new Error(`Could not parse request body into json: ${(error as Error).message}`, { cause: error });
      }
    }
    const event: PendingEvent = {
      requestId: randomUUID(),
      fn,
      payload: size > 0 ? payload : '{}',
      tenantId: options.tenantId,
      enqueuedAt: Date.now(),
      attempts: 0,
    };
    this.pending.add(event);
    setImmediate(() => void this.attempt(event));
    return { requestId: event.requestId };
  }

  /** How many accepted events have not settled yet (running or waiting for a retry). */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once no event is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops retrying: events still waiting are recorded as NotDelivered; running invocations are aborted. */
  dispose(): Promise<void> {
    this.disposed = true;
    for (const event of [...this.pending]) {
      if (event.timer) {
        clearTimeout(event.timer);
        this.settle(event, 'NotDelivered');
      } else {
        event.abort?.abort();
      }
    }
    return this.idle();
  }

  private async attempt(event: PendingEvent): Promise<void> {
    event.timer = undefined;
    if (this.disposed) return this.settle(event, 'NotDelivered');
    event.attempts++;
    event.abort = new AbortController();
    let result: InvocationResult;
    try {
      result = await this.options.invoke(event.fn, event.payload, {
        signal: event.abort.signal,
        tenantId: event.tenantId,
      });
    } catch (error) {
      result = failedResult(event, error);
    }
    event.abort = undefined;
    event.lastResult = result;
    const outcome = this.outcome(event, result);
    this.report(event, result, typeof outcome === 'number' ? outcome : undefined);
    if (typeof outcome === 'number') event.timer = setTimeout(() => void this.attempt(event), outcome);
    else this.settle(event, outcome);
  }

  /** How an attempt ends: the condition the event settles with, or the delay before its next attempt. */
  private outcome(event: PendingEvent, result: InvocationResult): RecordCondition | number {
    if (result.status === 'success') return 'Success';
    if (this.disposed) return 'NotDelivered';
    const config = this.options.destinationFor?.(event.fn);
    const retries = Math.min(this.retryDelays.length, config?.maximumRetryAttempts ?? Infinity);
    if (event.attempts > retries) return 'RetriesExhausted';
    const delay = this.retryDelays[event.attempts - 1];
    const maxAge =
      config?.maximumEventAgeInSeconds !== undefined ? config.maximumEventAgeInSeconds * 1000 : this.maxAgeMs;
    if (Date.now() + delay - event.enqueuedAt > maxAge) return 'EventAgeExceeded';
    return delay;
  }

  private report(event: PendingEvent, result: InvocationResult, retryInMs: number | undefined): void {
    try {
      this.options.onAttempt?.({
        requestId: event.requestId,
        fn: event.fn,
        attempt: event.attempts,
        result,
        retryInMs,
      });
    } catch (error) {
      const failure = new Error(
        `onAttempt failed for asynchronous event ${event.requestId}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (this.options.onError) this.options.onError(failure);
      else process.emitWarning(failure);
    }
  }

  private settle(event: PendingEvent, condition: RecordCondition): void {
    if (!this.pending.delete(event)) return;
    const config = this.options.destinationFor?.(event.fn);
    const destination = destinationOf(condition, config);
    if (condition !== 'Success' || destination.type !== 'None') {
      this.record(
        buildDestinationRecord({
          fn: event.fn,
          requestId: event.requestId,
          functionArn: localFunctionArn(event.fn, this.region),
          condition,
          invokeCount: event.attempts,
          payload: event.payload,
          result: event.lastResult,
          destination,
        }),
      );
    }
    if (this.pending.size === 0) this.waiters.splice(0).forEach((resolve) => resolve());
  }

  private record(record: DestinationRecord): void {
    try {
      if (this.options.recordPath) {
        mkdirSync(dirname(this.options.recordPath), { recursive: true });
        appendFileSync(this.options.recordPath, `${JSON.stringify(record)}\n`);
      }
      this.options.onRecord?.(record);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new Error(`could not record asynchronous event ${record.requestContext.requestId}: ${reason}`);
      if (this.options.onError) this.options.onError(failure);
      else process.emitWarning(failure);
    }
  }
}

/** An invoke function that threw is treated like Lambda treats a failed attempt: an Unhandled error. */
function failedResult(event: PendingEvent, error: unknown): InvocationResult {
  const errorMessage = error instanceof Error ? error.message : String(error);
  const outcome: Outcome = {
    status: 'error',
    error: { errorType: 'Runtime.InvokeError', errorMessage },
    logs: [],
    coldStart: false,
    warnings: [],
  };
  return invocationResult(event.fn, randomUUID(), outcome, []);
}
