import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_PRICING, estimateCost } from '../../../src/core/cost';
import type { InvocationResult } from '../../../src/core/runtime/types';
import { resultModel } from '../../../src/extension/run/resultView';
import { testFunction } from '../../support/functions';

const paused: InvocationResult = {
  requestId: 'r-2',
  functionId: 'f',
  status: 'success',
  payload: Buffer.from('{"ok":true}'),
  logs: [],
  durationMs: 4012.5,
  billedDurationMs: 13,
  pausedMs: 4000,
  memorySizeMB: 1024,
  maxMemoryUsedMB: 80,
  coldStart: false,
  timeoutLifted: true,
  warnings: [],
};

describe('the result of a debugged invoke', () => {
  const fn = testFunction('/work/app', 'app.handler');

  test('shows the time paused at breakpoints apart, and bills and prices what Lambda would', () => {
    const metrics = Object.fromEntries(
      resultModel(fn, 'event', paused, DEFAULT_PRICING).metrics.map((m) => [m.label, m.value]),
    );
    assert.equal(metrics['Duration'], '4012.50 ms');
    assert.equal(metrics['Billed duration'], '13 ms (what Lambda would bill: the pause is left out)');
    assert.equal(metrics['Paused at breakpoints'], '4000.00 ms (in the duration, not billed)');
    const cost = estimateCost({ memorySizeMB: 1024, billedDurationMs: 13, architecture: 'x86_64' });
    assert.equal(metrics['Estimated cost'], `$${cost.perMillion.toFixed(2)} per million invocations like this one`);
  });

  test('an invoke never paused shows no paused time', () => {
    const labels = resultModel(
      fn,
      'event',
      { ...paused, pausedMs: undefined, billedDurationMs: 4013 },
      DEFAULT_PRICING,
    ).metrics.map((m) => m.label);
    assert.equal(labels.includes('Paused at breakpoints'), false);
  });
});
