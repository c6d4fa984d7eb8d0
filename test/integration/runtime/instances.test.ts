import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { FIXTURES, json, testFunction } from '../../support/functions';

const NODE = join(FIXTURES, 'runtime', 'node');

describe('instances: warm reuse, concurrency, queueing, pre-warming', () => {
  const runtime = new LocalRuntime({ maxConcurrency: 3 });
  after(() => runtime.dispose());

  test('a warm invoke reuses the idle instance: same process, no init', async () => {
    const fn = testFunction(NODE, 'handlers.context', { id: 'warm' });
    const first = await runtime.invoke(fn);
    const second = await runtime.invoke(fn);
    assert.equal(first.coldStart, true);
    assert.ok(first.initDurationMs !== undefined && first.initDurationMs > 0);
    assert.equal(second.coldStart, false);
    assert.equal(second.initDurationMs, undefined);
    assert.equal(json(first).pid, json(second).pid);
    assert.ok(!second.logs.some((l) => l.includes('Init Duration')));
  });

  test('concurrent invokes run on separate instances up to the limit, and queue beyond it', async () => {
    const fn = testFunction(NODE, 'handlers.sleep', { id: 'concurrent', timeout: 10 });
    const results = await Promise.all(Array.from({ length: 5 }, () => runtime.invoke(fn, '{"ms":300}')));
    assert.ok(results.every((r) => r.status === 'success'));
    assert.equal(results.filter((r) => r.coldStart).length, 3, 'three instances were started (the limit)');
    assert.equal(runtime.instances('concurrent').filter((i) => i.state !== 'dead').length, 3);
  });

  test("ReservedConcurrentExecutions from the template is the function's limit", async () => {
    const fn = testFunction(NODE, 'handlers.context', { id: 'reserved', reservedConcurrency: 1 });
    const results = await Promise.all(Array.from({ length: 3 }, () => runtime.invoke(fn)));
    assert.equal(
      new Set(results.map((r) => json(r).pid)).size,
      1,
      'one instance served all three, one after the other',
    );
  });

  test('pre-warmed instances (provisioned concurrency) answer without a cold start', async () => {
    const fn = testFunction(NODE, 'handlers.context', { id: 'provisioned', provisionedConcurrency: 2 });
    await runtime.prewarm(fn);
    assert.deepEqual(
      runtime.instances('provisioned').map((i) => i.state),
      ['idle', 'idle'],
    );
    const [a, b] = await Promise.all([runtime.invoke(fn), runtime.invoke(fn)]);
    assert.equal(a.coldStart, false);
    assert.equal(b.coldStart, false);
    assert.equal(json(a).env.AWS_LAMBDA_INITIALIZATION_TYPE, 'provisioned-concurrency');
    assert.notEqual(json(a).pid, json(b).pid);
  });

  test('recycle: new code is picked up by a fresh instance', async () => {
    const fn = testFunction(NODE, 'handlers.context', { id: 'recycle' });
    const before = json(await runtime.invoke(fn)).pid;
    runtime.recycle('recycle');
    const after_ = await runtime.invoke(fn);
    assert.notEqual(json(after_).pid, before);
    assert.equal(after_.coldStart, true);
  });

  test('a changed spec (environment, memory) retires the warm instances: the next invoke runs with it', async () => {
    const fn = testFunction(NODE, 'handlers.context', { id: 'respec', environment: { CUSTOM_VAR: 'one' } });
    const first = json(await runtime.invoke(fn));
    assert.equal(first.env.CUSTOM_VAR, 'one');
    const sameLaunch = { ...fn, events: [{ name: 'Api', type: 'HttpApi', properties: {} }] };
    assert.equal(
      json(await runtime.invoke(sameLaunch)).pid,
      first.pid,
      'a change that does not affect instances keeps them warm',
    );
    const changed = { ...fn, environment: { CUSTOM_VAR: 'two' }, memorySize: 256 };
    const out = json(await runtime.invoke(changed));
    assert.equal(out.env.CUSTOM_VAR, 'two');
    assert.equal(out.memoryLimitInMB, '256');
    assert.notEqual(out.pid, first.pid);
  });

  test('an invocation given to a warm instance that exits right after its last answer runs on a fresh one', async () => {
    // The Node client exits after reporting an uncaught exception, as aws-lambda-go does after a panic.
    const fn = testFunction(NODE, 'handlers.uncaught', { id: 'orphan', reservedConcurrency: 1 });
    const results = await Promise.all([runtime.invoke(fn), runtime.invoke(fn), runtime.invoke(fn)]);
    for (const result of results) {
      assert.equal(result.error?.errorType, 'Error', JSON.stringify(result.error));
      assert.equal(result.error?.errorMessage, 'thrown from a timer');
      assert.equal(result.coldStart, true, 'each ran on a fresh instance');
    }
  });

  test('an invoke cancelled while queued still gets exactly one result', async () => {
    const fn = testFunction(NODE, 'handlers.sleep', { id: 'cancel', reservedConcurrency: 1, timeout: 10 });
    const running = runtime.invoke(fn, '{"ms":200}');
    const controller = new AbortController();
    const queued = runtime.invoke(fn, '{"ms":1}', { signal: controller.signal });
    controller.abort();
    const [first, second] = await Promise.all([running, queued]);
    assert.equal(first.status, 'success');
    assert.equal(second.status, 'error');
    assert.equal(second.error?.errorType, 'Workbench.Cancelled');
  });

  test('an invoke cancelled while running stops its instance and ends with Runtime.ExitError', async () => {
    const fn = testFunction(NODE, 'handlers.sleep', { id: 'cancel-running', timeout: 30 });
    const controller = new AbortController();
    // Aborted once the handler runs (its first log line), not after a guessed delay.
    const started = new LocalRuntime({ onLog: (line) => line.text.includes('going to sleep') && controller.abort() });
    after(() => started.dispose());
    const running = started.invoke(fn, '{"ms":20000}', { signal: controller.signal });
    const result = await running;
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.ExitError');
    assert.match(String(result.error?.errorMessage), /signal: killed/);
  });
});
