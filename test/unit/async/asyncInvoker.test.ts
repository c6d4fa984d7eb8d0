import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncInvoker } from '../../../src/core/async/asyncInvoker';
import type { DestinationRecord } from '../../../src/core/async/types';
import type { FunctionSpec } from '../../../src/core/model';
import { fakeFunction, fakeResult, within } from '../local/fakes';

const fn = fakeFunction('Worker');
const failure = { errorType: 'Error', errorMessage: 'boom', trace: ['Error: boom'] };

function readRecords(path: string): DestinationRecord[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

test('an event that fails three times is recorded for the on-failure destination', async () => {
  const recordPath = join(mkdtempSync(join(tmpdir(), 'lwb-async-')), 'records', 'async.jsonl');
  const calls: string[] = [];
  const seen: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async (f, payload) => {
      calls.push(payload.toString());
      return fakeResult(f, 'error', failure);
    },
    retryDelaysMs: [5, 10],
    recordPath,
    destinationFor: () => ({ onFailure: 'arn:aws:sqs:us-east-1:000000000000:failed' }),
    onRecord: (record) => seen.push(record),
    region: 'eu-west-1',
  });
  const { requestId } = invoker.enqueue(fn, '{"order":7}');
  await within(invoker.idle());
  assert.equal(calls.length, 3);
  const [record] = readRecords(recordPath);
  assert.deepEqual(seen, [record]);
  assert.equal(record.version, '1.0');
  assert.ok(!Number.isNaN(Date.parse(record.timestamp)));
  assert.deepEqual(record.requestContext, {
    requestId,
    functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:Worker:$LATEST',
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  });
  assert.deepEqual(record.requestPayload, { order: 7 });
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
  assert.deepEqual(record.responsePayload, failure);
  assert.deepEqual(record.destination, { type: 'OnFailure', arn: 'arn:aws:sqs:us-east-1:000000000000:failed' });
});

test('a timeout is retried and a later success ends the event without a failure record', async () => {
  let n = 0;
  const records: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async (f) =>
      ++n < 2
        ? fakeResult(f, 'timeout', { errorMessage: 'Task timed out after 3.00 seconds' })
        : fakeResult(f, 'success', { ok: true }),
    retryDelaysMs: [1, 1],
    onRecord: (record) => records.push(record),
    destinationFor: () => ({ onSuccess: 'arn:aws:sns:us-east-1:000000000000:done' }),
  });
  invoker.enqueue(fn, '{}');
  await within(invoker.idle());
  assert.equal(n, 2);
  assert.equal(records.length, 1);
  assert.equal(records[0].requestContext.condition, 'Success');
  assert.equal(records[0].requestContext.approximateInvokeCount, 2);
  assert.deepEqual(records[0].responsePayload, { ok: true });
  assert.equal(records[0].responseContext?.functionError, undefined);
  assert.deepEqual(records[0].destination, { type: 'OnSuccess', arn: 'arn:aws:sns:us-east-1:000000000000:done' });
});

test('a success without an on-success destination writes nothing', async () => {
  const records: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async (f) => fakeResult(f, 'success', 'null'),
    onRecord: (r) => records.push(r),
  });
  invoker.enqueue(fn, '');
  await within(invoker.idle());
  assert.equal(records.length, 0);
});

test('the dead-letter queue receives failures when no on-failure destination is set, and MaximumRetryAttempts is respected', async () => {
  let calls = 0;
  const records: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async (f) => (calls++, fakeResult(f, 'error', failure)),
    retryDelaysMs: [1, 1],
    destinationFor: () => ({ deadLetterQueue: '!GetAtt DeadLetters.Arn', maximumRetryAttempts: 0 }),
    onRecord: (r) => records.push(r),
  });
  invoker.enqueue(fn, '"a string event"');
  await within(invoker.idle());
  assert.equal(calls, 1);
  assert.equal(records[0].requestPayload, 'a string event');
  assert.deepEqual(records[0].destination, { type: 'DeadLetterQueue', arn: '!GetAtt DeadLetters.Arn' });
});

test('a failure with no destination configured is still recorded, and a throwing invoke counts as a failed attempt', async () => {
  const records: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async () => {
      throw new Error('runtime is gone');
    },
    retryDelaysMs: [],
    onRecord: (r) => records.push(r),
  });
  invoker.enqueue(fn, '{}');
  await within(invoker.idle());
  assert.equal(records[0].requestContext.condition, 'RetriesExhausted');
  assert.deepEqual(records[0].destination, { type: 'None' });
  assert.deepEqual(records[0].responsePayload, { errorType: 'Runtime.InvokeError', errorMessage: 'runtime is gone' });
});

test('events older than the maximum event age are not retried', async () => {
  const records: DestinationRecord[] = [];
  const invoker = new AsyncInvoker({
    invoke: async (f) => fakeResult(f, 'error', failure),
    retryDelaysMs: [120_000, 120_000],
    maxEventAgeSeconds: 60,
    onRecord: (r) => records.push(r),
  });
  invoker.enqueue(fn, '{}');
  await within(invoker.idle());
  assert.equal(records[0].requestContext.condition, 'EventAgeExceeded');
  assert.equal(records[0].requestContext.approximateInvokeCount, 1);
});

test('dispose records waiting events as not delivered and aborts running ones', async () => {
  const records: DestinationRecord[] = [];
  const signals: AbortSignal[] = [];
  const slow: FunctionSpec = fakeFunction('Slow');
  const invoker = new AsyncInvoker({
    invoke: (f, _payload, options) =>
      new Promise((resolve) => {
        if (f.name === 'Worker') return resolve(fakeResult(f, 'error', failure));
        signals.push(options!.signal!);
        options!.signal!.addEventListener('abort', () =>
          resolve(fakeResult(f, 'timeout', { errorMessage: 'aborted' })),
        );
      }),
    retryDelaysMs: [60_000, 60_000],
    onRecord: (r) => records.push(r),
  });
  invoker.enqueue(fn, '{"a":1}');
  invoker.enqueue(slow, '{"b":2}');
  const deadline = Date.now() + 5000;
  while (signals.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(invoker.size, 2);
  await within(invoker.dispose());
  assert.equal(records.length, 2);
  assert.ok(records.every((r) => r.requestContext.condition === 'NotDelivered'));
  assert.ok(signals[0].aborted);
  assert.throws(() => invoker.enqueue(fn, '{}'), /disposed/);
});

test('oversized events and bad options are refused with clear messages', () => {
  const invoker = new AsyncInvoker({ invoke: async (f) => fakeResult(f, 'success', '{}') });
  assert.throws(() => invoker.enqueue(fn, Buffer.alloc(1024 * 1024 + 1)), /at most 1048576 bytes/);
  assert.throws(() => invoker.enqueue(fn, 'not json'), /Could not parse request body into json/);
  assert.throws(
    () => new AsyncInvoker({ invoke: async (f) => fakeResult(f, 'success', '{}'), retryDelaysMs: [-1] }),
    /non-negative/,
  );
});
