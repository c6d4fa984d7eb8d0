import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Invocation } from '../../../src/core/runtime/invocation';
import { cancelledOutcome, launchFailureOutcome } from '../../../src/core/runtime/invocationResult';
import { LaunchError } from '../../../src/core/errors';
import { testFunction } from '../../support/functions';

const fn = testFunction('/tmp/code', 'index.handler', { id: 'invocation-unit', memorySize: 256 });
const request = (requestId: string) => ({ requestId, payload: Buffer.from('{}'), version: '$LATEST' });

describe('one invocation: a result settled once, an abort heard once', () => {
  test('the first settle is the result; later ones change nothing and say so', async () => {
    const invocation = new Invocation(fn, request('r-1'), []);
    assert.equal(invocation.settle(cancelledOutcome('r-1')), true);
    assert.equal(invocation.settle(launchFailureOutcome(new LaunchError('no bootstrap'), undefined)), false);
    const result = await invocation.result;
    assert.equal(result.error?.errorType, 'Workbench.Cancelled');
    assert.equal(result.error?.errorMessage, 'RequestId: r-1 Error: the invocation was cancelled before it started');
    assert.equal(result.payload.toString(), JSON.stringify(result.error));
    assert.equal(result.memorySizeMB, 256);
    assert.equal(result.durationMs, 0);
  });

  test("the caller's signal aborts it, and its holder hears it once; an abort after the result does nothing", () => {
    const caller = new AbortController();
    const invocation = new Invocation(fn, request('r-2'), [], caller.signal);
    let heard = 0;
    invocation.whenAborted(() => heard++);
    assert.equal(invocation.aborted, false);
    caller.abort('hung up');
    invocation.abort();
    assert.equal(invocation.aborted, true);
    assert.equal(heard, 1);

    const later = new Invocation(fn, request('r-3'), []);
    later.whenAborted(() => heard++);
    later.settle(cancelledOutcome('r-3'));
    later.abort();
    assert.equal(later.aborted, false);
    assert.equal(heard, 1);
  });

  test('a caller signal aborted before the invocation was made aborts it from the start', () => {
    const invocation = new Invocation(fn, request('r-4'), [], AbortSignal.abort('gone'));
    assert.equal(invocation.aborted, true);
  });

  test('a launch failure keeps its location in the error, not in the payload, and notes come first in the warnings', async () => {
    const error = new LaunchError('main.go:3:1: syntax error', 'Runtime.BuildError', {
      file: 'main.go',
      line: 3,
      column: 1,
    });
    const invocation = new Invocation(fn, request('r-5'), ['the code changed']);
    invocation.settle(launchFailureOutcome(error, undefined));
    const result = await invocation.result;
    assert.deepEqual(result.error, {
      errorType: 'Runtime.BuildError',
      errorMessage: 'main.go:3:1: syntax error',
      location: { file: 'main.go', line: 3, column: 1 },
    });
    assert.deepEqual(JSON.parse(result.payload.toString()), {
      errorType: 'Runtime.BuildError',
      errorMessage: 'main.go:3:1: syntax error',
    });
    assert.deepEqual(result.logs, ['Runtime.BuildError: main.go:3:1: syntax error']);
    assert.equal(result.coldStart, true);
    assert.deepEqual(result.warnings, ['the code changed']);
  });
});
