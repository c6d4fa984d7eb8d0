import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LineSplitter, MAX_LINE_CHARS } from '../../src/core/runtime/lineSplitter';
import { LocalRuntime } from '../../src/core/runtime/localRuntime';
import { MemoryWatch } from '../../src/core/runtime/memoryWatch';
import { PlatformLog } from '../../src/core/runtime/platformLog';
import { json, testFunction } from '../support/functions';
import { eventually, FAULT_FIXTURES } from './support';

const NODE = join(FAULT_FIXTURES, 'node');

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('smaller faults end as Lambda ends them', () => {
  const lines: string[] = [];
  const runtime = new LocalRuntime({ onLog: (line) => lines.push(line.text) });
  after(() => runtime.dispose());

  test('a Node handler whose promise can never settle ends with Runtime.NodeJsExit, once, not with a kill at the timeout', async () => {
    const fn = testFunction(NODE, 'handlers.neverSettles', { name: 'NeverSettles', timeout: 30 });
    const result = await runtime.invoke(fn);
    assert.equal(result.status, 'error');
    assert.deepEqual(json(result), {
      errorType: 'Runtime.NodeJsExit',
      errorMessage: 'Error: Runtime exited without providing a reason',
      trace: [],
    });
    assert.equal(result.logs.filter((l) => l.startsWith('REPORT')).length, 1);
    const next = await runtime.invoke(fn);
    assert.equal(next.coldStart, true, 'the runtime exited: the next invocation gets a fresh one');
  });

  test('a UTF-8 character split across two chunks is decoded whole', () => {
    const got: string[] = [];
    const splitter = new LineSplitter((line) => got.push(line));
    const bytes = Buffer.from('名古屋 ✓\n', 'utf8');
    for (const byte of bytes) splitter.push(Buffer.from([byte]));
    assert.deepEqual(got, ['名古屋 ✓']);
  });

  test('output with no newline at all is cut into lines of at most 1 MB instead of growing without bound', () => {
    const got: number[] = [];
    const splitter = new LineSplitter((line) => got.push(line.length));
    const chunk = Buffer.alloc(64 * 1024, 'y');
    for (let i = 0; i < 40; i++) splitter.push(chunk);
    splitter.flush();
    assert.deepEqual(got, [MAX_LINE_CHARS, MAX_LINE_CHARS, 40 * 64 * 1024 - 2 * MAX_LINE_CHARS]);
  });

  test('REPORT says the memory used is unknown where the platform does not report it, never "1 MB"', async () => {
    const watch = new MemoryWatch(2 ** 22 + 12345, undefined, () => undefined);
    const peak = await watch.peak(true);
    watch.stop();
    assert.equal(peak, undefined);
    const report = new PlatformLog('Text').report('id', {
      durationMs: 1,
      billedDurationMs: 1,
      memorySizeMB: 128,
      maxMemoryUsedMB: peak,
    });
    assert.match(report, /\tMax Memory Used: unknown \(this platform does not report it\)$/);
    const record = JSON.parse(
      new PlatformLog('JSON').report('id', {
        durationMs: 1,
        billedDurationMs: 1,
        memorySizeMB: 128,
        maxMemoryUsedMB: peak,
      }),
    );
    assert.equal('maxMemoryUsedMB' in record.record.metrics, false);
  });

  test('a debug port nobody attaches to closes after the attach timeout, and the invocation ends with one result', async () => {
    let port = 0;
    const fn = testFunction(NODE, 'handlers.echo', { name: 'DebugNobody' });
    const result = await runtime.invoke(fn, '{}', {
      debug: { port: 0, waitForAttach: true, attachTimeoutMs: 1500 },
      onDebugReady: (target) => (port = target.port),
    });
    assert.ok(port > 0);
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.ExitError');
    assert.ok(
      result.logs.some(
        (l) => l === `no debugger attached to port ${port} for 2 s: the debug instance is stopped and its port closed`,
      ),
      result.logs.join('\n'),
    );
    assert.equal(await portOpen(port), false);
  });

  test('a debug port stays open while a debugger is connected, and closes once it has been gone for the timeout', async () => {
    let port = 0;
    const fn = testFunction(NODE, 'handlers.echo', { name: 'DebugDetach' });
    const pending = runtime.invoke(fn, '{}', {
      debug: { port: 0, waitForAttach: false, attachTimeoutMs: 1500 },
      onDebugReady: (target) => (port = target.port),
    });
    await eventually(() => port > 0, 'the debug port is known');
    const debuggerConnection = connect(port, '127.0.0.1');
    await new Promise((resolve) => debuggerConnection.once('connect', resolve));
    assert.equal((await pending).status, 'success');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(
      runtime.instances(fn.id).filter((i) => i.debugging && i.state !== 'dead').length,
      1,
      'still there while attached',
    );
    debuggerConnection.destroy();
    await eventually(
      () => runtime.instances(fn.id).filter((i) => i.debugging).length === 0,
      'the debug instance ended after the debugger left',
    );
    assert.equal(await portOpen(port), false);
  });
});
