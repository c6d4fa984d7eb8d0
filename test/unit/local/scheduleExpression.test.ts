import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFireTimes, parseScheduleExpression } from '../../../src/core/local/schedule/scheduleExpression';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const from = new Date('2026-11-23T09:17:30Z'); // a Monday

test('cron(0 3 * * ? *) fires every day at 03:00 UTC', () => {
  assert.deepEqual(iso(nextFireTimes('cron(0 3 * * ? *)', from, 3)), [
    '2026-11-24T03:00:00.000Z',
    '2026-11-25T03:00:00.000Z',
    '2026-11-26T03:00:00.000Z',
  ]);
});

test('minute steps, hour ranges and weekday names', () => {
  assert.deepEqual(iso(nextFireTimes('cron(0/15 9-10 ? * MON-FRI *)', from, 3)), [
    '2026-11-23T09:30:00.000Z',
    '2026-11-23T09:45:00.000Z',
    '2026-11-23T10:00:00.000Z',
  ]);
  assert.deepEqual(iso(nextFireTimes('cron(0 12 ? * SAT,SUN *)', from, 2)), [
    '2026-11-28T12:00:00.000Z',
    '2026-11-29T12:00:00.000Z',
  ]);
  assert.deepEqual(iso(nextFireTimes('cron(0 8 ? * 2 *)', from, 1)), ['2026-11-30T08:00:00.000Z']);
});

test('L, W and # in the day fields; months by name; years', () => {
  assert.deepEqual(iso(nextFireTimes('cron(0 0 L * ? *)', from, 3)), [
    '2026-11-30T00:00:00.000Z',
    '2026-12-31T00:00:00.000Z',
    '2027-01-31T00:00:00.000Z',
  ]);
  assert.deepEqual(iso(nextFireTimes('cron(0 0 L FEB ? 2028)', from, 1)), ['2028-02-29T00:00:00.000Z']);
  // 2027-02-01 is a Monday, 2027-08-01 a Sunday: 1W moves to Monday the 2nd.
  assert.deepEqual(iso(nextFireTimes('cron(30 6 1W AUG ? 2027)', from, 1)), ['2027-08-02T06:30:00.000Z']);
  // 2026-11-28 is a Saturday: 28W moves to Friday the 27th.
  assert.deepEqual(iso(nextFireTimes('cron(0 9 28W * ? *)', from, 1)), ['2026-11-27T09:00:00.000Z']);
  assert.deepEqual(iso(nextFireTimes('cron(0 10 ? * 6L *)', from, 2)), [
    '2026-11-27T10:00:00.000Z',
    '2026-12-25T10:00:00.000Z',
  ]);
  assert.deepEqual(iso(nextFireTimes('cron(0 10 ? * 2#1 *)', from, 2)), [
    '2026-12-07T10:00:00.000Z',
    '2027-01-04T10:00:00.000Z',
  ]);
});

test('ScheduleV2 time zones follow daylight saving time', () => {
  const times = nextFireTimes('cron(0 9 * * ? *)', new Date('2027-03-12T00:00:00Z'), 3, {
    timeZone: 'America/New_York',
  });
  // DST starts in New York on 2027-03-14: 09:00 moves from 14:00 to 13:00 UTC.
  assert.deepEqual(iso(times), ['2027-03-12T14:00:00.000Z', '2027-03-13T14:00:00.000Z', '2027-03-14T13:00:00.000Z']);
  assert.throws(
    () => nextFireTimes('cron(0 9 * * ? *)', from, 1, { timeZone: 'Mars/Olympus' }),
    /unknown time zone 'Mars\/Olympus'/,
  );
});

test('rate() fires every interval from the start, and at() once', () => {
  const start = new Date('2026-11-23T09:00:00Z');
  assert.deepEqual(iso(nextFireTimes('rate(5 minutes)', from, 2, { start })), [
    '2026-11-23T09:20:00.000Z',
    '2026-11-23T09:25:00.000Z',
  ]);
  assert.deepEqual(iso(nextFireTimes('rate(1 hour)', from, 1)), ['2026-11-23T10:17:30.000Z']);
  assert.deepEqual(iso(nextFireTimes('rate(2 days)', from, 1, { start })), ['2026-11-25T09:00:00.000Z']);
  assert.deepEqual(iso(nextFireTimes('at(2026-12-01T08:00:00)', from, 5, { timeZone: 'Europe/Paris' })), [
    '2026-12-01T07:00:00.000Z',
  ]);
  assert.deepEqual(nextFireTimes('at(2020-01-01T00:00:00)', from, 1), []);
});

test('bad expressions are refused with the rule that was broken', () => {
  assert.throws(() => parseScheduleExpression('rate(1 minutes)'), /write rate\(1 minute\) for one/);
  assert.throws(() => parseScheduleExpression('rate(5 minute)'), /rate\(5 minutes\) for more/);
  assert.throws(() => parseScheduleExpression('cron(0 3 * * *)'), /must have 6 fields/);
  assert.throws(
    () => parseScheduleExpression('cron(0 3 * * * *)'),
    /exactly one of day-of-month and day-of-week must be \?/,
  );
  assert.throws(() => parseScheduleExpression('cron(61 3 * * ? *)'), /minutes field: '61' is not a value from 0 to 59/);
  assert.throws(() => parseScheduleExpression('cron(0 3 * FOO ? *)'), /month field: 'FOO'/);
  assert.throws(() => parseScheduleExpression('every day'), /is not a schedule expression/);
});
