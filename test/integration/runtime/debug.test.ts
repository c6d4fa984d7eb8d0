import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InspectorClient, type CallFrame } from '../../support/inspectorClient';
import { startDebugInvoke, within } from '../../support/debugInvoke';
import { FIXTURES, json, testFunction } from '../../support/functions';
import { suiteRuntime } from '../../support/suiteRuntime';

const TS = join(FIXTURES, 'runtime', 'ts');
const SOURCE = join(TS, 'src', 'app.ts');
/** 0-based line of `return { id: event.id, ... }` inside the handler of the TypeScript fixture. */
const RETURN_LINE = readFileSync(SOURCE, 'utf8')
  .split('\n')
  .findIndex((line) => line.includes('return { id: event.id'));

/** Attaches as an editor does: breakpoint at RETURN_LINE of the .ts source, then lets the handler load. */
async function attach(port: number): Promise<InspectorClient> {
  const client = await InspectorClient.connect(port);
  await client.enable();
  await client.breakInSource(SOURCE, RETURN_LINE);
  await client.run();
  return client;
}

async function pausedInHandler(client: InspectorClient): Promise<CallFrame> {
  const paused = await client.paused(30_000);
  assert.equal(paused.reason, 'other', `paused for ${paused.reason}`);
  assert.ok(paused.hitBreakpoints?.length, 'the pause is a breakpoint hit');
  // Under the handler, only Node's own frames: the runtime client calls it through builtins, and every frame would
  // be described at every pause.
  const urls = paused.callFrames.slice(1).map((frame: CallFrame) => client.scriptUrl(frame.location.scriptId) ?? '');
  assert.deepEqual(
    urls.filter((url: string) => !url.startsWith('node:')).map((url: string) => url.replace(/^.*\//, '')),
    [],
    `no frame of the runtime client under the handler: ${urls.join(', ')}`,
  );
  return paused.callFrames[0];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('debugging Node.js handlers through the inspector', () => {
  const runtime = suiteRuntime('lwb-debug-test-');

  test('the inspector listens on loopback and its port is reported with the process id', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-port' });
    const { target, result } = await startDebugInvoke(runtime, fn, '{"id":"p","quantity":1}');
    assert.equal(target.adapter, 'node');
    assert.ok(target.port > 0);
    assert.deepEqual(
      runtime.instances(fn.id).map((i) => ({ pid: i.pid, debugging: i.debugging })),
      [{ pid: target.pid, debugging: true }],
    );
    const url = await InspectorClient.targetUrl('127.0.0.1', target.port);
    assert.match(url, new RegExp(`^ws://127\\.0\\.0\\.1:${target.port}/`));
    const client = await InspectorClient.connect(target.port);
    await client.run();
    const done = await within(result, 30_000, 'the invoke to end');
    client.close();
    assert.equal(done.status, 'success');
    assert.deepEqual(json(done), { id: 'p', total: 2 });
  });

  test('a breakpoint on a .ts line binds through the source map and stops with event in scope', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-break' });
    const { target, result } = await startDebugInvoke(runtime, fn, '{"id":"order-1","quantity":21}');
    const client = await InspectorClient.connect(target.port);
    try {
      await client.enable();
      const { bound } = await client.breakInSource(SOURCE, RETURN_LINE);
      await client.run();
      const where = await within(bound, 30_000, 'the breakpoint to bind');
      assert.match(where.scriptUrl, /app\.js$/);
      const frame = await pausedInHandler(client);
      assert.equal(frame.location.lineNumber, where.lineNumber);
      assert.ok((await client.localNames(frame)).includes('event'), 'event is a local of the handler');
      assert.deepEqual(await client.evaluate(frame, 'event'), { id: 'order-1', quantity: 21 });
      await client.resume();
      const done = await within(result, 30_000, 'the invoke to end');
      assert.deepEqual(json(done), { id: 'order-1', total: 42 });
    } finally {
      client.close();
    }
  });

  test("paused longer than the function's timeout, the invoke still succeeds and REPORT says the timeout was lifted", async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-timeout', timeout: 1 });
    const { target, result } = await startDebugInvoke(runtime, fn, '{"id":"slow","quantity":1}');
    const client = await attach(target.port);
    try {
      await pausedInHandler(client);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await client.resume();
      const done = await within(result, 30_000, 'the invoke to end');
      assert.equal(done.status, 'success');
      assert.equal(done.timeoutLifted, true);
      assert.ok(done.durationMs > 1000, `duration ${done.durationMs} ms covers the pause`);
      const report = done.logs.find((line) => line.startsWith('REPORT'));
      assert.match(report ?? '', /Timeout: lifted while a debugger is attached/);
    } finally {
      client.close();
    }
  });

  test('a second debug invoke reuses the attached instance (same process) and stops again', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-warm' });
    const first = await startDebugInvoke(runtime, fn, '{"id":"one","quantity":1}');
    const client = await attach(first.target.port);
    try {
      await pausedInHandler(client);
      await client.resume();
      assert.equal((await within(first.result, 30_000, 'the first invoke')).coldStart, true);
      let readyAgain = false;
      const second = runtime.invoke(fn, '{"id":"two","quantity":2}', {
        debug: { port: 0 },
        onDebugReady: () => (readyAgain = true),
      });
      const frame = await pausedInHandler(client);
      assert.deepEqual(await client.evaluate(frame, 'event.id'), 'two');
      assert.deepEqual(
        runtime.instances(fn.id).map((i) => i.pid),
        [first.target.pid],
      );
      await client.resume();
      const done = await within(second, 30_000, 'the second invoke');
      assert.equal(done.coldStart, false);
      assert.equal(readyAgain, false, 'no new debug instance was started');
      assert.deepEqual(json(done), { id: 'two', total: 4 });
    } finally {
      client.close();
    }
  });

  test('recycling the debug instances ends a paused process; its invoke gets Runtime.ExitError', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-recycle' });
    const { target, result } = await startDebugInvoke(runtime, fn, '{"id":"stop","quantity":1}');
    const client = await attach(target.port);
    try {
      await pausedInHandler(client);
      runtime.recycle(fn.id, { debugOnly: true });
      const done = await within(result, 30_000, 'the invoke to end');
      assert.equal(done.status, 'error');
      assert.equal(done.error?.errorType, 'Runtime.ExitError');
      assert.equal(processAlive(target.pid), false);
      assert.deepEqual(runtime.instances(fn.id), []);
    } finally {
      client.close();
    }
  });

  test('plain invokes of a function routed to its debugger run on the debug instance', async () => {
    const fn = testFunction(TS, 'src/app.handler', { id: 'debug-route' });
    const first = await startDebugInvoke(runtime, fn, '{"id":"a","quantity":1}');
    const client = await attach(first.target.port);
    try {
      await pausedInHandler(client);
      await client.resume();
      await within(first.result, 30_000, 'the first invoke');
      runtime.routeToDebugger(fn.id, { debug: { port: 0 } });
      const plain = runtime.invoke(fn, '{"id":"b","quantity":1}');
      const frame = await pausedInHandler(client);
      assert.equal(await client.evaluate(frame, 'event.id'), 'b');
      await client.resume();
      assert.equal((await within(plain, 30_000, 'the routed invoke')).timeoutLifted, true);
      runtime.routeToDebugger(fn.id, undefined);
      const after_ = await within(runtime.invoke(fn, '{"id":"c","quantity":1}'), 30_000, 'a plain invoke');
      assert.equal(after_.timeoutLifted, undefined, 'without the route, invokes run on plain instances again');
    } finally {
      client.close();
    }
  });
});
