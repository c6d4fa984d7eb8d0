import { randomUUID } from 'node:crypto';
import type { EventSourceSpec, FunctionSpec } from '../../../src/core/model';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { testFunction } from '../../support/functions';

/** A FunctionSpec built by hand, as discovery would give it. */
export function fakeFunction(
  name: string,
  events: EventSourceSpec[] = [],
  extra: Partial<FunctionSpec> = {},
): FunctionSpec {
  return testFunction('/work/fn', 'index.handler', {
    id: `/work/template.yaml#${name}`,
    name,
    source: 'sam',
    events,
    ...extra,
  });
}

/** An InvocationResult as the runtime resolves it. */
export function fakeResult(fn: FunctionSpec, status: InvocationResult['status'], payload: unknown): InvocationResult {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    requestId: randomUUID(),
    functionId: fn.id,
    status,
    payload: body,
    functionError: status === 'success' ? undefined : 'Unhandled',
    error: status === 'success' ? undefined : (payload as InvocationResult['error']),
    logs: [],
    durationMs: 1,
    billedDurationMs: 1,
    memorySizeMB: fn.memorySize,
    maxMemoryUsedMB: 40,
    coldStart: false,
    warnings: [],
  };
}

/** Rejects after `ms` so no wait in a test can hang. */
export function within<T>(promise: Promise<T>, ms = 5000, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
