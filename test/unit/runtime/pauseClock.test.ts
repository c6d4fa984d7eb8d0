import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PauseClock } from '../../../src/core/runtime/pauseClock';
import { PlatformLog } from '../../../src/core/runtime/platformLog';

describe('the time a debugger held an instance paused', () => {
  test('spans are clipped to the window asked about', () => {
    const clock = new PauseClock();
    clock.paused(100);
    clock.resumed(300);
    clock.paused(500);
    clock.resumed(600);
    assert.equal(clock.pausedWithin(0, 1000), 300);
    assert.equal(clock.pausedWithin(200, 550), 150);
    assert.equal(clock.pausedWithin(300, 500), 0);
  });

  test('a pause still going on counts until the end of the window; a second stop keeps the first start', () => {
    const clock = new PauseClock();
    clock.paused(100);
    clock.paused(150);
    assert.equal(clock.isPaused, true);
    assert.equal(clock.pausedWithin(0, 400), 300);
    clock.resumed(400);
    assert.equal(clock.isPaused, false);
    assert.equal(clock.pausedWithin(0, 1000), 300);
  });

  test('running again without a pause, or a step that took no time, adds nothing', () => {
    const clock = new PauseClock();
    clock.resumed(50);
    clock.paused(70);
    clock.resumed(70);
    assert.equal(clock.pausedWithin(0, 100), 0);
  });
});

describe('platform lines of a debugged invocation', () => {
  test('the PAUSED line says how long, and what Lambda would bill', () => {
    assert.equal(
      new PlatformLog('Text').paused('id-1', 1503.456, 12),
      'PAUSED RequestId: id-1\tPaused: 1503.46 ms at breakpoints (not billed: Lambda would bill 12 ms)',
    );
    const record = JSON.parse(new PlatformLog('JSON').paused('id-1', 1503.456, 12));
    assert.equal(record.type, 'platform.debugPause');
    assert.deepEqual(record.record, { requestId: 'id-1', pausedMs: 1503.46, billedDurationMs: 12 });
  });

  test('INIT_START names the version that runs, and the declared one when they differ', () => {
    const text = new PlatformLog('Text');
    assert.equal(text.initStart('python:3.11.9'), 'INIT_START Runtime Version: python:3.11.9 (local)');
    assert.equal(
      text.initStart('python:3.11.9', 'python3.12'),
      'INIT_START Runtime Version: python:3.11.9 (local, not the python3.12 the function declares)',
    );
    const record = JSON.parse(new PlatformLog('JSON').initStart('python:3.11.9', 'python3.12')).record;
    assert.equal(record.runtimeVersion, 'python:3.11.9');
    assert.equal(record.declaredRuntime, 'python3.12');
  });
});
