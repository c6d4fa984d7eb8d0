import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, testFunction } from '../../support/functions';
import { startSignal } from '../../support/signal';

const STREAMING = join(FIXTURES, 'runtime', 'streaming');

describe('Response streaming on the local Node.js runtime (awslambda.streamifyResponse)', () => {
  const runtime = new LocalRuntime();
  after(() => runtime.dispose());

  test('chunks reach the caller while the handler still runs; the result holds the whole body and its figures', async () => {
    const signal = await startSignal();
    after(() => signal.close());
    const fn = testFunction(STREAMING, 'stream.chunks', { environment: { SIGNAL_URL: signal.url } });
    const seen: string[] = [];
    let contentType = '';
    const done = runtime.invoke(fn, '{"name":"hello"}', {
      stream: {
        onStart: (type) => (contentType = type),
        onChunk: (chunk) => {
          seen.push(chunk.toString());
          // The handler is blocked on the signal until this first chunk has arrived here.
          if (seen.length === 1) signal.release();
        },
      },
    });
    const result = await done;
    assert.equal(result.status, 'success');
    assert.equal(contentType, 'text/plain');
    assert.deepEqual(seen, ['first hello\n', 'second chunk\n']);
    assert.equal(result.payload.toString(), 'first hello\nsecond chunk\n');
    assert.equal(result.streamed?.contentType, 'text/plain');
    assert.equal(result.streamed?.bytes, 25);
    assert.equal(result.streamed?.chunks, 2);
    assert.ok(result.streamed?.firstByteMs !== undefined && result.streamed.firstByteMs >= 0);
  });

  test('without a listener (a plain Invoke) the streamed body comes back buffered', async () => {
    const signal = await startSignal();
    signal.release();
    after(() => signal.close());
    const result = await runtime.invoke(
      testFunction(STREAMING, 'stream.chunks', { environment: { SIGNAL_URL: signal.url } }),
      '{}',
    );
    assert.equal(result.status, 'success');
    assert.equal(result.payload.toString(), 'first chunk\nsecond chunk\n');
  });

  test('HttpResponseStream.from sends the JSON prelude and the 8 NUL bytes before the body', async () => {
    const result = await runtime.invoke(testFunction(STREAMING, 'stream.page'), '{"rawPath":"/x"}');
    assert.equal(result.streamed?.contentType, 'application/vnd.awslambda.http-integration-response');
    const text = result.payload.toString();
    const split = text.indexOf('\0'.repeat(8));
    assert.deepEqual(JSON.parse(text.slice(0, split)), {
      statusCode: 201,
      headers: { 'Content-Type': 'text/html', 'X-Streamed': 'yes' },
      cookies: ['session=abc; Path=/'],
    });
    assert.equal(text.slice(split + 8), '<p>/x</p><p>done</p>');
  });

  test('an error after the stream started ends it with the error from the trailers', async () => {
    const result = await runtime.invoke(testFunction(STREAMING, 'stream.failsMidway'), '{}');
    assert.equal(result.status, 'error');
    assert.equal(result.functionError, 'Unhandled');
    assert.equal(result.error?.errorType, 'TypeError');
    assert.equal(result.error?.errorMessage, 'lost the upstream');
    assert.equal(result.streamed?.bytes, 8);
    assert.ok(result.logs.some((line) => line.includes('Invoke Error') && line.includes('lost the upstream')));
  });

  test('an error before anything was streamed is an ordinary function error', async () => {
    const result = await runtime.invoke(testFunction(STREAMING, 'stream.failsFirst'), '{}');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'RangeError');
    assert.equal(result.streamed, undefined);
  });

  test('a handler that returns without ending its stream has it ended for it', async () => {
    const result = await runtime.invoke(testFunction(STREAMING, 'stream.returnsOnly'), '{}');
    assert.equal(result.status, 'success');
    assert.equal(result.payload.toString(), 'written, never ended by the handler');
  });
});
