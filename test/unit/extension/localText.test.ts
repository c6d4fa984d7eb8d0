import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AsyncAttempt } from '../../../src/core/async/asyncInvoker';
import type { DestinationRecord } from '../../../src/core/async/types';
import type { RouteInfo } from '../../../src/core/local/apiGateway/server';
import {
  apiStatusText,
  apiTooltip,
  routeLines,
  attemptLogLine,
  browseUrl,
  checkPort,
  formatFireTime,
  isPortInUse,
  portInUseMessage,
  recordMessage,
  schedulesStatusText,
} from '../../../src/extension/local/localText';
import { fakeFunction, fakeResult } from '../local/fakes';

const url = 'http://127.0.0.1:3000';
const routes: RouteInfo[] = [
  {
    kind: 'rest',
    method: 'POST',
    path: '/orders',
    functionName: 'Orders',
    functionId: 't#Orders',
    payloadFormatVersion: '1.0',
  },
  {
    kind: 'http',
    method: 'GET',
    path: '/items/{id}',
    functionName: 'Items',
    functionId: 't#Items',
    payloadFormatVersion: '2.0',
  },
  {
    kind: 'http',
    method: 'GET',
    path: '/hello',
    functionName: 'Hello',
    functionId: 't#Hello',
    payloadFormatVersion: '2.0',
  },
  { kind: 'websocket', method: 'WS', path: '$default', functionName: 'Chat', functionId: 't#Chat' },
];

describe('local API texts', () => {
  test('the status bar names the port, and the tooltip every route with its address', () => {
    assert.equal(apiStatusText(3000), '$(globe) API :3000');
    const tooltip = apiTooltip(url, routes).split('\n');
    assert.equal(tooltip[0], 'Local API on http://127.0.0.1:3000');
    assert.ok(tooltip.includes('  POST http://127.0.0.1:3000/orders → Orders'));
    assert.ok(tooltip.includes('  WS ws://127.0.0.1:3000 $default → Chat'));
  });

  test("with several APIs each route shows its API's own address and its authorizer", () => {
    const own: RouteInfo = {
      kind: 'rest',
      method: 'ANY',
      path: '/orders/{id}',
      functionName: 'Orders',
      functionId: 't#O',
      api: 'OrdersApi',
      apiUrl: 'http://127.0.0.1:4001',
      auth: 'lambda',
    };
    assert.deepEqual(routeLines(url, [own]), ['  ANY http://127.0.0.1:4001/orders/{id} → Orders (lambda auth)']);
  });

  test('the browser opens the first GET route without parameters, else the root', () => {
    assert.equal(browseUrl(url, routes), 'http://127.0.0.1:3000/hello');
    assert.equal(browseUrl(url, routes.slice(0, 2)), 'http://127.0.0.1:3000/');
  });

  test('the port setting must be a whole number from 0 to 65535', () => {
    assert.equal(checkPort(0), 0);
    assert.equal(checkPort(8080), 8080);
    for (const bad of [-1, 65536, 3000.5, '3000', null])
      assert.throws(() => checkPort(bad), /lambdaWorkbench\.api\.port must be a whole number from 0 to 65535.*got/);
  });

  test('a taken port is recognised by its code, and the message names the port and the setting', () => {
    assert.equal(isPortInUse(Object.assign(new Error('x'), { code: 'EADDRINUSE' })), true);
    assert.equal(isPortInUse(new Error('port 3000 is already in use')), false);
    const message = portInUseMessage(3000);
    assert.match(message, /^Port 3000 is already in use/);
    assert.match(message, /lambdaWorkbench\.api\.port/);
  });
});

describe('schedule and asynchronous texts', () => {
  test('running schedules: the name of one, the count of several', () => {
    assert.equal(schedulesStatusText(['Nightly']), '$(watch) Nightly');
    assert.equal(schedulesStatusText(['Nightly', 'Hourly']), '$(watch) 2 schedules');
  });

  test('fire times read as weekday, date and 24-hour time in the zone asked for', () => {
    const time = new Date('2030-01-07T03:00:00Z');
    assert.equal(formatFireTime(time, 'UTC'), 'Mon, Jan 7, 03:00');
    assert.equal(formatFireTime(time, 'America/New_York'), 'Sun, Jan 6, 22:00');
  });

  test('each attempt is logged with its outcome and the retry that follows', () => {
    const fn = fakeFunction('Worker');
    const base = { requestId: '0123456789abcdef', fn };
    const failed: AsyncAttempt = {
      ...base,
      attempt: 1,
      result: fakeResult(fn, 'error', { errorType: 'TypeError', errorMessage: 'items must be numbers' }),
      retryInMs: 1000,
    };
    assert.equal(
      attemptLogLine('Worker', failed),
      '[async] Worker 01234567: attempt 1 failed (TypeError: items must be numbers); retry in 1 s',
    );
    assert.equal(
      attemptLogLine('Worker', { ...failed, attempt: 3, retryInMs: undefined }),
      '[async] Worker 01234567: attempt 3 failed (TypeError: items must be numbers); no retry left',
    );
    assert.equal(
      attemptLogLine('Worker', { ...base, attempt: 2, result: fakeResult(fn, 'success', {}) }),
      '[async] Worker 01234567: attempt 2 succeeded in 1 ms',
    );
    assert.match(attemptLogLine('Worker', { ...failed, retryInMs: 250 }), /retry in 250 ms$/);
  });

  test('a record notification says how the event ended, where AWS would send it, and the file', () => {
    const record = (
      condition: DestinationRecord['requestContext']['condition'],
      count: number,
      destination: DestinationRecord['destination'],
    ) =>
      ({
        requestContext: { requestId: 'r', functionArn: 'arn', condition, approximateInvokeCount: count },
        destination,
      }) as DestinationRecord;
    assert.equal(
      recordMessage('Worker', record('RetriesExhausted', 3, { type: 'None' }), '.lambda-workbench/async-records.jsonl'),
      'Asynchronous invocation of Worker ended with RetriesExhausted after 3 attempts; no destination is configured. Recorded in .lambda-workbench/async-records.jsonl.',
    );
    assert.equal(
      recordMessage(
        'Worker',
        record('Success', 1, { type: 'OnSuccess', arn: 'arn:aws:sqs:us-east-1:1:done' }),
        'records.jsonl',
      ),
      'Asynchronous invocation of Worker succeeded after 1 attempt; on AWS it would go to the OnSuccess destination arn:aws:sqs:us-east-1:1:done. Recorded in records.jsonl.',
    );
  });
});
