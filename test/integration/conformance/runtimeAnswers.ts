import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionSpec } from '../../../src/core/model';
import type { LocalRuntime } from '../../../src/core/runtime/localRuntime';

/** ~5.9 MB: under Lambda's 6 MB limit for synchronous requests and responses. */
export const NEAR_LIMIT_BYTES = 5_900_000;
/** Over Lambda's 6 MB response limit. */
export const OVER_LIMIT_BYTES = 6_400_000;

/** One runtime interface client under test: the functions it runs and what its errors are called. */
export interface ClientUnderTest {
  label: string;
  runtime: LocalRuntime;
  /** The fixture function (actions: ok, fail, sleep, big); its timeout leaves room for multi-megabyte payloads. */
  fn: FunctionSpec;
  /** The errorType the language gives `the order was rejected`. */
  failureType: string;
  /** The event that makes the handler sleep past its 1 s timeout. */
  sleepEvent: object;
}

/** The answers every client must give through the local Runtime API, the same for AWS's clients as for ours. */
export function runtimeAnswers(client: ClientUnderTest): void {
  const { label, runtime, fn } = client;

  test(`${label}: success returns the handler's result with the invocation's request id`, async () => {
    const result = await runtime.invoke(fn, JSON.stringify({ name: 'conformance' }));
    assert.equal(result.status, 'success', result.payload.toString());
    const body = JSON.parse(result.payload.toString());
    assert.equal(body.message, 'hello conformance');
    assert.equal(body.requestId, result.requestId);
    assert.ok(
      result.logs.some((l) => l.startsWith(`REPORT RequestId: ${result.requestId}`)),
      result.logs.join('\n'),
    );
  });

  test(`${label}: a function error is Unhandled with the language's error type`, async () => {
    const result = await runtime.invoke(fn, JSON.stringify({ action: 'fail' }));
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    const body = JSON.parse(result.payload.toString());
    assert.equal(body.errorType, client.failureType);
    assert.equal(body.errorMessage, 'the order was rejected');
  });

  test(`${label}: a handler past its timeout is stopped with Lambda's message`, async () => {
    const short = { ...fn, id: `${fn.id}#short`, timeout: 1 };
    const result = await runtime.invoke(short, JSON.stringify(client.sleepEvent));
    assert.equal(result.status, 'timeout');
    assert.equal(result.functionError, 'Unhandled');
    assert.match(JSON.parse(result.payload.toString()).errorMessage, /Task timed out after 1\.00 seconds/);
  });

  test(`${label}: a ~5.9 MB event and a ~5.9 MB response pass`, async () => {
    const pad = 'p'.repeat(NEAR_LIMIT_BYTES);
    const big = await runtime.invoke(fn, JSON.stringify({ action: 'big', bytes: 16, pad }));
    assert.equal(big.status, 'success', big.payload.subarray(0, 300).toString());
    assert.equal(JSON.parse(big.payload.toString()).received, NEAR_LIMIT_BYTES);
    const large = await runtime.invoke(fn, JSON.stringify({ action: 'big', bytes: NEAR_LIMIT_BYTES }));
    assert.equal(large.status, 'success', large.payload.subarray(0, 300).toString());
    assert.equal(JSON.parse(large.payload.toString()).data.length, NEAR_LIMIT_BYTES);
  });

  test(`${label}: a response over 6 MB is Function.ResponseSizeTooLarge, and the next invoke still answers`, async () => {
    const result = await runtime.invoke(fn, JSON.stringify({ action: 'big', bytes: OVER_LIMIT_BYTES }));
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(JSON.parse(result.payload.toString()).errorType, 'Function.ResponseSizeTooLarge');
    const next = await runtime.invoke(fn, JSON.stringify({ name: 'again' }));
    assert.equal(next.status, 'success', next.payload.toString());
  });
}
