import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { distPath } from '../../src/core/assets';
import { startApi } from '../../src/core/local/apiGateway/server';
import { MAX_MESSAGES_IN_FLIGHT } from '../../src/core/local/webSocket/gateway';
import { KEPT_LOG_BYTES } from '../../src/core/runtime/logBuffer';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import { json, testFunction } from '../support/functions';
import { fakeFunction, fakeResult } from '../unit/local/fakes';
import { alive, eventually, FAULT_FIXTURES, processesWith, raw } from './support';

const NODE = join(FAULT_FIXTURES, 'node');

describe('an invocation costs the host bounded memory and leaves no process behind', () => {
  const streamed: string[] = [];
  const runtime = new LocalRuntime({ onLog: (line) => streamed.push(line.text) });
  after(() => runtime.dispose());

  test('a chatty function (20 MB of logs) streams every line, and its result keeps only a bounded tail', async () => {
    const before = streamed.length;
    const result = await runtime.invoke(
      testFunction(NODE, 'handlers.chatty', { name: 'Chatty', timeout: 60 }),
      '{"lines":20000}',
    );
    assert.equal(result.status, 'success');
    assert.equal(streamed.slice(before).filter((l) => / x{1000}$/.test(l)).length, 20000);
    const kept = result.logs.reduce((sum, line) => sum + line.length + 1, 0);
    assert.ok(kept <= KEPT_LOG_BYTES + 200, `kept ${kept} characters`);
    assert.match(
      result.logs[0],
      /^\[\d+ earlier log lines \(\d+ characters\) are not kept in this result; they were streamed as they arrived\]$/,
    );
    assert.match(result.logs[result.logs.length - 1], /^REPORT RequestId: /);
  });

  test('a character whose bytes arrive in two writes is logged whole', async () => {
    const result = await runtime.invoke(testFunction(NODE, 'handlers.splitCharacter', { name: 'SplitChar' }));
    assert.ok(result.logs.includes('東京 ✓'), result.logs.join('\n'));
    assert.ok(!result.logs.some((l) => l.includes('\ufffd')));
  });

  test('a detached child and a double-forked daemon end with the instance; the process count is back to zero', async () => {
    const marker = `FAULT_SUITE_RUN=${randomUUID()}`;
    const [name, value] = marker.split('=');
    const local = new LocalRuntime();
    const fn = testFunction(NODE, 'handlers.leaveProcesses', {
      name: 'LeaveProcesses',
      environment: { [name]: value },
    });
    assert.deepEqual(processesWith(marker), []);
    const result = await local.invoke(fn);
    assert.equal(result.status, 'success', result.payload.toString());
    const { pids } = json(result) as { pids: number[] };
    assert.ok(pids.every(alive), 'both are running after the invocation');
    assert.equal(processesWith(marker).length, 3, 'the runtime, the child and the daemon');
    await local.dispose();
    // SIGKILL was sent to each before dispose resolved; the kernel ends them in its own time.
    await eventually(() => pids.filter(alive).length === 0, 'the child and the daemon ended');
    await eventually(() => processesWith(marker).length === 0, 'no process of the instance left');
  });

  test('serve stopped with Ctrl-C ends every process its handlers started', async () => {
    const cli = spawn(
      process.execPath,
      [distPath('cli.js'), 'serve', '--port', '0', '--template', join(FAULT_FIXTURES, 'serve', 'template.yaml')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        cli.stdout.on('data', (chunk) => {
          out += chunk;
          const match = /Lambda Invoke API on (http:\/\/\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        cli.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const port = Number(new URL(url).port);
      const answer = await raw(port, {
        method: 'POST',
        path: '/2015-03-31/functions/LeaveProcesses/invocations',
        body: '{}',
      });
      assert.equal(answer.status, 200, answer.body);
      const { pids } = JSON.parse(answer.body) as { pids: number[] };
      assert.ok(pids.every(alive));
      const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
      cli.kill('SIGINT');
      assert.equal(await exited, 0);
      await eventually(
        () => pids.filter(alive).length === 0 && processesWith('FAULT_SUITE_SERVE=marked').length === 0,
        'no process of serve left',
      );
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });
});

describe('WebSocket messages are bounded as API Gateway bounds them', () => {
  test('a message over 128 KB closes the connection with 1009 and invokes nothing', async () => {
    const calls: string[] = [];
    const chat = fakeFunction('Chat');
    const api = await startApi({
      functions: [],
      webSocketRoutes: [
        {
          apiLogicalId: 'ChatApi',
          apiId: 'ws1',
          stage: 'dev',
          routeKey: '$default',
          routeSelectionExpression: '$request.body.action',
          twoWay: false,
          fn: chat,
        },
      ],
      invoke: async (fn) => (calls.push(fn.name), fakeResult(fn, 'success', { statusCode: 200 })),
    });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${api.port}/`);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send('x'.repeat(128 * 1024 + 1));
      const code = await new Promise<number>((resolve) => ws.once('close', (c) => resolve(c)));
      assert.equal(code, 1009);
      assert.deepEqual(calls, []);
    } finally {
      await api.close();
    }
  });

  test(`a flood of messages is back-pressured: at most ${MAX_MESSAGES_IN_FLIGHT} run at once, and every one is answered`, async () => {
    let running = 0;
    let most = 0;
    let done = 0;
    const chat = fakeFunction('Chat');
    const api = await startApi({
      functions: [],
      webSocketRoutes: [
        {
          apiLogicalId: 'ChatApi',
          apiId: 'ws1',
          stage: 'dev',
          routeKey: '$default',
          routeSelectionExpression: '$request.body.action',
          twoWay: true,
          fn: chat,
        },
      ],
      invoke: async (fn) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        done++;
        return fakeResult(fn, 'success', { statusCode: 200, body: 'ok' });
      },
    });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${api.port}/`);
      await new Promise((resolve) => ws.once('open', resolve));
      let replies = 0;
      ws.on('message', () => replies++);
      for (let i = 0; i < 200; i++) ws.send(`{"n":${i}}`);
      await eventually(() => replies === 200, 'every message answered', 300, 50);
      assert.equal(done, 200);
      assert.ok(most <= MAX_MESSAGES_IN_FLIGHT + 1, `at most ${most} at once`);
      ws.close();
    } finally {
      await api.close();
    }
  });
});
