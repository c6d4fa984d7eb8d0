import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  RuntimeApiServer,
  type InvocationDelivery,
  type RuntimeApiHandler,
} from '../../../src/core/runtime/runtimeApiServer';
import type { ResponseStreamSink } from '../../../src/core/runtime/streaming/receiveStream';

/** Records streamed responses for request id `req-s` only. */
class StreamRecorder implements RuntimeApiHandler {
  events: string[] = [];
  chunkSeen?: () => void;
  next(): Promise<InvocationDelivery> {
    return new Promise(() => undefined);
  }
  response() {
    return false;
  }
  responseTooLarge() {
    return false;
  }
  error() {
    return false;
  }
  initError() {}
  responseStream(id: string, contentType: string): ResponseStreamSink | undefined {
    if (id !== 'req-s') return undefined;
    this.events.push(`start ${contentType}`);
    return {
      chunk: (data) => {
        this.events.push(`chunk ${data.toString()}`);
        this.chunkSeen?.();
      },
      end: (error) => this.events.push(error ? `error ${error.errorType} ${error.body.toString()}` : 'end'),
    };
  }
}

/** Sends a chunked POST by hand, writing each chunk when `write` is called, with optional trailers. */
function chunkedPost(endpoint: string, path: string, headers: string[]) {
  const [host, port] = endpoint.split(':');
  const socket = connect(Number(port), host);
  let received = '';
  socket.on('data', (d) => (received += d.toString()));
  socket.write(
    [`POST ${path} HTTP/1.1`, `Host: ${endpoint}`, 'Transfer-Encoding: chunked', ...headers, '', ''].join('\r\n'),
  );
  return {
    write: (text: string) => socket.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`),
    end: (trailers: string[] = []) =>
      new Promise<string>((resolve) => {
        socket.write(`0\r\n${trailers.map((t) => `${t}\r\n`).join('')}\r\n`);
        socket.on('data', () => {
          if (/\r\n\r\n.*\}/s.test(received)) {
            socket.end();
            resolve(received);
          }
        });
      }),
  };
}

describe('Runtime API: streamed responses (Lambda-Runtime-Function-Response-Mode: streaming)', () => {
  const recorder = new StreamRecorder();
  let api: RuntimeApiServer;
  before(async () => (api = await RuntimeApiServer.start(recorder)));
  after(() => api.close());

  test('chunks reach the instance as they are written, before the stream ends; the end is answered 202', async () => {
    const post = chunkedPost(api.endpoint, '/2018-06-01/runtime/invocation/req-s/response', [
      'Lambda-Runtime-Function-Response-Mode: streaming',
      'Content-Type: text/plain',
    ]);
    const first = new Promise<void>((resolve) => (recorder.chunkSeen = resolve));
    post.write('one ');
    await first;
    assert.deepEqual(recorder.events, ['start text/plain', 'chunk one ']);
    post.write('two');
    const answer = await post.end();
    assert.match(answer, /^HTTP\/1\.1 202/);
    assert.deepEqual(recorder.events.slice(2), ['chunk two', 'end']);
  });

  test('an error in the trailers ends the stream with that error type and its base64 body', async () => {
    recorder.events = [];
    recorder.chunkSeen = undefined;
    const post = chunkedPost(api.endpoint, '/2018-06-01/runtime/invocation/req-s/response', [
      'Lambda-Runtime-Function-Response-Mode: streaming',
      'Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body',
    ]);
    post.write('partial');
    const body = Buffer.from('{"errorType":"Error","errorMessage":"boom"}').toString('base64');
    await post.end(['Lambda-Runtime-Function-Error-Type: Error', `Lambda-Runtime-Function-Error-Body: ${body}`]);
    assert.deepEqual(recorder.events, [
      'start application/octet-stream',
      'chunk partial',
      'error Error {"errorType":"Error","errorMessage":"boom"}',
    ]);
  });

  test('a stream for an unknown request id is refused with 400 InvalidRequestID', async () => {
    const post = chunkedPost(api.endpoint, '/2018-06-01/runtime/invocation/other/response', [
      'Lambda-Runtime-Function-Response-Mode: streaming',
    ]);
    const answer = await post.end();
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.match(answer, /InvalidRequestID/);
  });
});
