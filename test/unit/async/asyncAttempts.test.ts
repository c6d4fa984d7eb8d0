import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncInvoker, type AsyncAttempt } from '../../../src/core/async/asyncInvoker';
import { fakeFunction, fakeResult, within } from '../local/fakes';

const fn = fakeFunction('Worker');

test('onAttempt reports every attempt, with the delay before each retry', async () => {
  const attempts: AsyncAttempt[] = [];
  let n = 0;
  const invoker = new AsyncInvoker({
    invoke: async (f) =>
      ++n < 3
        ? fakeResult(f, 'error', { errorType: 'Error', errorMessage: `fail ${n}` })
        : fakeResult(f, 'success', { ok: true }),
    retryDelaysMs: [3, 7],
    onAttempt: (a) => attempts.push(a),
  });
  const { requestId } = invoker.enqueue(fn, '{}');
  await within(invoker.idle());
  assert.deepEqual(
    attempts.map((a) => [a.requestId, a.attempt, a.result.status, a.retryInMs]),
    [
      [requestId, 1, 'error', 3],
      [requestId, 2, 'error', 7],
      [requestId, 3, 'success', undefined],
    ],
  );
});

test('the last attempt of an exhausted event has no retry, and a throwing onAttempt reaches onError', async () => {
  const errors: Error[] = [];
  const seen: Array<number | undefined> = [];
  const invoker = new AsyncInvoker({
    invoke: async (f) => fakeResult(f, 'error', { errorType: 'Error', errorMessage: 'boom' }),
    retryDelaysMs: [1],
    onAttempt: (a) => {
      seen.push(a.retryInMs);
      throw new Error('listener broke');
    },
    onError: (e) => errors.push(e),
  });
  invoker.enqueue(fn, '{}');
  await within(invoker.idle());
  assert.deepEqual(seen, [1, undefined]);
  assert.equal(errors.length, 2);
  assert.match(errors[0].message, /onAttempt failed for asynchronous event .*: listener broke/);
});
