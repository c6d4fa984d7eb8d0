import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { startDebugInvoke } from '../../support/debugInvoke';
import { InspectorClient } from '../../support/inspectorClient';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { FIXTURES, json, testFunction } from '../../support/functions';
import { suiteRuntime } from '../../support/suiteRuntime';

const TS = join(FIXTURES, 'runtime', 'ts');

/** The status of one request to the debug port, sent with exactly the headers given. */
async function status(port: number, path: string, headers: Record<string, string>): Promise<number> {
  const req = request({ host: '127.0.0.1', port, path, headers, setHost: false });
  req.end();
  const [answer] = (await Promise.race([once(req, 'response'), once(req, 'upgrade')])) as [IncomingMessage];
  answer.resume();
  req.destroy();
  return answer.statusCode ?? 0;
}

describe("a Node.js instance's debug port", () => {
  const runtime = suiteRuntime('lwb-debug-port-');

  /** A debug instance of the TypeScript fixture, waiting for a debugger: its port, and its invoke's result. */
  async function debugInstance(id: string): Promise<{ port: number; result: Promise<InvocationResult> }> {
    const fn = testFunction(TS, 'src/app.handler', { id });
    const { target, result } = await startDebugInvoke(runtime, fn, '{"id":"d","quantity":2}');
    return { port: target.port, result };
  }

  test('answers only a debugger on this machine: another Host, a web page and a wrong target are refused', async () => {
    const { port, result } = await debugInstance('trust');
    const host = `127.0.0.1:${port}`;
    assert.equal(await status(port, '/json/list', { Host: host }), 200);
    assert.equal(await status(port, '/json/list', { Host: 'localhost' }), 200);
    assert.equal(await status(port, '/json/list', { Host: `rebound.example:${port}` }), 403, 'DNS rebinding');
    assert.equal(await status(port, '/json/list', { Host: host, Origin: 'https://some.page.example' }), 403);
    const upgrade = { Host: host, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' };
    const key = { 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    assert.equal(await status(port, '/not-the-target', { ...upgrade, ...key }), 404);
    const url = new URL(await InspectorClient.targetUrl('127.0.0.1', port));
    assert.equal(await status(port, url.pathname, { ...upgrade, ...key, Origin: 'http://some.page.example' }), 403);
    assert.equal(await status(port, url.pathname, { ...upgrade, ...key }), 101);

    const client = await InspectorClient.connect(port);
    await client.run();
    const done = await result;
    client.close();
    assert.deepEqual(json(done), { id: 'd', total: 4 });
  });

  test('answers every malformed message with an error and goes on serving the connection', async () => {
    const { port, result } = await debugInstance('malformed');
    const socket = new WebSocket(await InspectorClient.targetUrl('127.0.0.1', port), { perMessageDeflate: false });
    await once(socket, 'open');
    const answers: { id?: number; error?: { code: number }; result?: { result?: { value?: unknown } } }[] = [];
    socket.on('message', (data) => answers.push(JSON.parse(String(data)) as (typeof answers)[number]));
    const sent = ['not json', 'null', '"text"', '[1]', '{"id":1}', '{"id":2,"method":"Runtime.evaluate","params":5}'];
    for (const text of sent) socket.send(text);
    socket.send(JSON.stringify({ id: 3, method: 'Runtime.evaluate', params: { expression: '6 * 7' } }));
    for (const start = Date.now(); !answers.some((a) => a.id === 3); await new Promise((r) => setTimeout(r, 10)))
      assert.ok(
        Date.now() - start < 10_000,
        `no answer to a good request after malformed ones: ${JSON.stringify(answers)}`,
      );
    assert.deepEqual(
      answers.filter((a) => a.error).map((a) => a.error!.code),
      [-32700, -32600, -32600, -32600, -32600, -32602],
    );
    assert.equal(answers.find((a) => a.id === 3)?.result?.result?.value, 42);
    socket.close();
    const client = await InspectorClient.connect(port);
    await client.run();
    assert.equal((await result).status, 'success');
    client.close();
  });

  test("relays the inspector's answers and errors, and never offers its own thread as a worker to debug", async () => {
    const { port, result } = await debugInstance('relay');
    const client = await InspectorClient.connect(port);
    await client.enable();
    await client.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
    const evaluated = await client.send<{ result: { value: unknown } }>('Runtime.evaluate', {
      expression: "require('node:worker_threads').isMainThread",
      includeCommandLineAPI: true,
    });
    assert.equal(evaluated.result.value, true, 'commands run on the main thread');
    await assert.rejects(client.send('No.suchMethod'), /No\.suchMethod' wasn't found/);
    await assert.rejects(client.waitFor('NodeWorker.attachedToWorker', 500), /no NodeWorker.attachedToWorker event/);
    await client.run();
    const done = await result;
    client.close();
    assert.equal(done.status, 'success');
  });
});
