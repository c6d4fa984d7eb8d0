import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  MAX_RESPONSE_BYTES,
  RuntimeApiServer,
  type InvocationDelivery,
  type RuntimeApiHandler,
} from '../../../src/core/runtime/runtimeApiServer';

/** A handler that records what the server reports and hands out one queued invocation at a time. */
class Recorder implements RuntimeApiHandler {
  queue: InvocationDelivery[] = [];
  answered = new Set<string>();
  events: string[] = [];
  next(): Promise<InvocationDelivery> {
    const invocation = this.queue.shift();
    return invocation ? Promise.resolve(invocation) : new Promise(() => undefined);
  }
  private answer(id: string, what: string): boolean {
    if (id !== 'req-1' || this.answered.has(id)) return false;
    this.answered.add(id);
    this.events.push(what);
    return true;
  }
  response(id: string, body: Buffer) {
    return this.answer(id, `response ${body}`);
  }
  responseTooLarge(id: string, size: number) {
    return this.answer(id, `too large ${size}`);
  }
  responseStream() {
    return undefined;
  }
  error(id: string, body: Buffer, type?: string) {
    return this.answer(id, `error ${type} ${body}`);
  }
  initError(body: Buffer, type?: string) {
    this.events.push(`init ${type} ${body}`);
  }
}

describe('Runtime API server (2018-06-01)', () => {
  const recorder = new Recorder();
  let api: RuntimeApiServer;
  let base: string;
  before(async () => {
    api = await RuntimeApiServer.start(recorder);
    base = `http://${api.endpoint}/2018-06-01/runtime`;
  });
  after(() => api.close());

  test('listens on 127.0.0.1 and an ephemeral port', () => {
    assert.match(api.endpoint, /^127\.0\.0\.1:\d+$/);
  });

  test('next returns the payload with every Lambda header', async () => {
    recorder.queue.push({
      requestId: 'req-1',
      payload: Buffer.from('{"a":1}'),
      deadlineMs: 1700000000000,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F',
      traceId: 'Root=1-abc',
      clientContext: '{"c":1}',
      cognitoIdentity: '{"i":1}',
    });
    const res = await fetch(`${base}/invocation/next`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"a":1}');
    assert.equal(res.headers.get('lambda-runtime-aws-request-id'), 'req-1');
    assert.equal(res.headers.get('lambda-runtime-deadline-ms'), '1700000000000');
    assert.equal(
      res.headers.get('lambda-runtime-invoked-function-arn'),
      'arn:aws:lambda:us-east-1:123456789012:function:F',
    );
    assert.equal(res.headers.get('lambda-runtime-trace-id'), 'Root=1-abc');
    assert.equal(res.headers.get('lambda-runtime-client-context'), '{"c":1}');
    assert.equal(res.headers.get('lambda-runtime-cognito-identity'), '{"i":1}');
    assert.equal(res.headers.get('content-length'), '7', 'sent with its length, as Lambda does, not chunked');
  });

  test('a response is accepted once (202); a second answer or an unknown id is 400', async () => {
    const ok = await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: '"done"' });
    assert.equal(ok.status, 202);
    assert.equal(ok.headers.get('content-length'), '15');
    assert.deepEqual(await ok.json(), { status: 'OK' });
    const again = await fetch(`${base}/invocation/req-1/error`, { method: 'POST', body: '{}' });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { errorType: string }).errorType, 'InvalidRequestID');
    const unknown = await fetch(`${base}/invocation/nope/response`, { method: 'POST', body: '1' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(recorder.events, ['response "done"']);
  });

  test('a response over 6 MB is answered 413', async () => {
    recorder.answered.clear();
    const res = await fetch(`${base}/invocation/req-1/response`, {
      method: 'POST',
      body: 'x'.repeat(MAX_RESPONSE_BYTES + 1),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { errorType: string }).errorType, 'RequestEntityTooLarge');
    assert.equal(recorder.events.at(-1), `too large ${MAX_RESPONSE_BYTES + 1}`);
  });

  test('errors carry the Lambda-Runtime-Function-Error-Type header; init errors are accepted', async () => {
    recorder.answered.clear();
    const res = await fetch(`${base}/invocation/req-1/error`, {
      method: 'POST',
      body: '{"errorMessage":"m"}',
      headers: { 'Lambda-Runtime-Function-Error-Type': 'Custom' },
    });
    assert.equal(res.status, 202);
    const init = await fetch(`${base}/init/error`, {
      method: 'POST',
      body: '{"errorType":"Runtime.ImportModuleError"}',
      headers: { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' },
    });
    assert.equal(init.status, 202);
    assert.deepEqual(recorder.events.slice(-2), [
      'error Custom {"errorMessage":"m"}',
      'init Runtime.ImportModuleError {"errorType":"Runtime.ImportModuleError"}',
    ]);
  });

  test('malformed requests get 404/405 answers and the server keeps serving', async () => {
    assert.equal((await fetch(`http://${api.endpoint}/`)).status, 404);
    assert.equal((await fetch(`${base}/invocation/next`, { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await fetch(`${base}/invocation/req-1/response`)).status, 405);
    assert.equal((await fetch(`${base}/invocation/req-1/whatever`, { method: 'POST' })).status, 404);
    assert.equal(
      (
        await fetch(`http://${api.endpoint}/2018-06-01/runtime/invocation/%E0%A4%A/response`, {
          method: 'POST',
          body: '1',
        })
      ).status,
      400,
    );
    // Garbage that is not HTTP at all.
    await new Promise<void>((resolve) => {
      const socket = connect(Number(api.endpoint.split(':')[1]), '127.0.0.1', () =>
        socket.end('\x00\x01 not http\r\n\r\n'),
      );
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    recorder.answered.clear();
    assert.equal((await fetch(`${base}/invocation/req-1/response`, { method: 'POST', body: '1' })).status, 202);
  });

  test('a second concurrent /next is refused while one waits', async () => {
    const controller = new AbortController();
    const first = fetch(`${base}/invocation/next`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await fetch(`${base}/invocation/next`);
    assert.equal(second.status, 400);
    controller.abort();
    await first;
  });
});

describe('Runtime API server: requests pipelined on one connection', () => {
  test('an answer and the /next sent behind it are handled in that order', async () => {
    const seen: string[] = [];
    const handler: RuntimeApiHandler = {
      next: () => {
        seen.push('next');
        return seen.length === 1
          ? Promise.resolve({
              requestId: 'r1',
              payload: Buffer.from('{}'),
              deadlineMs: 0,
              invokedFunctionArn: 'arn',
              traceId: 'Root=1-abc',
            })
          : new Promise(() => undefined);
      },
      response: (id, body) => (seen.push(`response ${id} ${body}`), true),
      responseTooLarge: () => false,
      responseStream: () => undefined,
      error: () => false,
      initError: () => undefined,
    };
    const api = await RuntimeApiServer.start(handler);
    const [host, port] = api.endpoint.split(':');
    const socket = connect(Number(port), host);
    try {
      let received = '';
      socket.on('data', (chunk) => (received += chunk));
      /** Resolves once `done()` holds; fails the test, naming `what`, after 5 s. */
      const until = async (what: string, done: () => boolean) => {
        for (const start = Date.now(); !done(); await new Promise((resolve) => setTimeout(resolve, 5)))
          if (Date.now() - start > 5000) assert.fail(`no ${what} within 5 s (seen: ${seen.join(', ')})`);
      };
      socket.write(`GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${api.endpoint}\r\n\r\n`);
      await until('first invocation', () => /lambda-runtime-aws-request-id: r1/i.test(received));
      // The answer and the next long poll in one write, as a runtime that pipelines sends them.
      socket.write(
        `POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\nHost: ${api.endpoint}\r\nContent-Length: 4\r\n\r\n"ok"` +
          `GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: ${api.endpoint}\r\n\r\n`,
      );
      await until('202 for the answer', () => received.includes('202 Accepted'));
      await until('second /next', () => seen.length >= 3);
      assert.deepEqual(seen, ['next', 'response r1 "ok"', 'next']);
    } finally {
      socket.destroy();
      api.close();
    }
  });
});
