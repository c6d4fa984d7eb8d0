import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AsyncInvoker } from '../../../src/core/async/asyncInvoker';
import type { FunctionSpec } from '../../../src/core/model';
import { startInvokeApi, type InvokeApi } from '../../../src/core/invokeApi/invokeApiServer';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, testFunction } from '../../support/functions';
import { startSignal, type Signal } from '../../support/signal';

const STREAMING = join(FIXTURES, 'runtime', 'streaming');

describe('InvokeWithResponseStream on the local Invoke API, read by @aws-sdk/client-lambda', () => {
  const runtime = new LocalRuntime();
  let signal: Signal;
  let functions: FunctionSpec[];
  let asyncInvoker: AsyncInvoker;
  let api: InvokeApi;
  let lambda: LambdaClient;

  before(async () => {
    signal = await startSignal();
    functions = [
      testFunction(STREAMING, 'stream.chunks', { name: 'Streamer', environment: { SIGNAL_URL: signal.url } }),
      testFunction(STREAMING, 'stream.failsMidway', { name: 'BreaksOff' }),
      testFunction(join(FIXTURES, 'runtime', 'node'), 'handlers.echo', { name: 'Buffered' }),
    ];
    asyncInvoker = new AsyncInvoker({
      invoke: (fn, payload) => runtime.invoke(fn, payload),
      recordPath: join(mkdtempSync(join(tmpdir(), 'lwb-stream-')), 'r.jsonl'),
    });
    api = await startInvokeApi({ runtime, functions: () => functions, asyncInvoker });
    lambda = new LambdaClient({
      endpoint: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });
  });
  after(async () => {
    await asyncInvoker.dispose();
    await api.close();
    await signal.close();
    await runtime.dispose();
    lambda.destroy();
  });

  test('PayloadChunk events arrive while the handler still runs, then InvokeComplete with the log tail', async () => {
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({
        FunctionName: 'Streamer',
        Payload: Buffer.from('{"name":"sdk"}'),
        LogType: 'Tail',
      }),
    );
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ResponseStreamContentType, 'text/plain');
    assert.equal(out.ExecutedVersion, '$LATEST');
    const chunks: string[] = [];
    let complete: { ErrorCode?: string; LogResult?: string } | undefined;
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk?.Payload) {
        chunks.push(Buffer.from(event.PayloadChunk.Payload).toString());
        // The handler waits for this go-ahead before its second chunk: the first one got here before it ended.
        if (chunks.length === 1) signal.release();
      }
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    assert.deepEqual(chunks, ['first sdk\n', 'second chunk\n']);
    assert.ok(complete, 'the stream ends with InvokeComplete');
    assert.equal(complete.ErrorCode, undefined);
    assert.match(Buffer.from(complete.LogResult!, 'base64').toString(), /REPORT RequestId: /);
  });

  test('an error mid-stream comes in InvokeComplete with its code and details, after the chunks written before it', async () => {
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'BreaksOff', Payload: Buffer.from('{}') }),
    );
    const events = [];
    for await (const event of out.EventStream!) events.push(event);
    assert.equal(Buffer.from(events[0].PayloadChunk!.Payload!).toString(), 'partial ');
    const complete = events.at(-1)!.InvokeComplete!;
    assert.equal(complete.ErrorCode, 'TypeError');
    assert.equal(complete.ErrorDetails, 'lost the upstream');
    assert.equal(complete.LogResult, undefined);
  });

  test('a function that does not stream answers with its whole response in one chunk', async () => {
    const out = await lambda.send(
      new InvokeWithResponseStreamCommand({ FunctionName: 'Buffered', Payload: Buffer.from('{"a":1}') }),
    );
    const chunks: string[] = [];
    for await (const event of out.EventStream!)
      if (event.PayloadChunk?.Payload) chunks.push(Buffer.from(event.PayloadChunk.Payload).toString());
    assert.deepEqual(chunks, ['{"received":{"a":1}}']);
  });

  test('a plain Invoke of a streaming function returns the buffered body', async () => {
    signal.release();
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'Streamer', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(Buffer.from(out.Payload!).toString(), 'first chunk\nsecond chunk\n');
  });

  test('an unknown function is ResourceNotFoundException', async () => {
    await assert.rejects(lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'Nope' })), {
      name: 'ResourceNotFoundException',
    });
  });
});
