import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventSourceSpec } from '../../../src/core/model';
import { allSchedules, eventSourceDetail, scheduleKey, scheduleOf } from '../../../src/extension/local/scheduleDetail';
import { fakeFunction } from '../local/fakes';

const nightly: EventSourceSpec = { name: 'Nightly', type: 'Schedule', properties: { Schedule: 'cron(0 3 * * ? *)' } };
const often: EventSourceSpec = {
  name: 'Often',
  type: 'ScheduleV2',
  properties: { ScheduleExpression: 'rate(5 minutes)' },
};
const paused: EventSourceSpec = {
  name: 'Paused',
  type: 'Schedule',
  properties: { Schedule: 'cron(30 12 * * ? *)', Enabled: false },
};
const broken: EventSourceSpec = { name: 'Broken', type: 'Schedule', properties: { Schedule: 'every day' } };
const api: EventSourceSpec = { name: 'Get', type: 'HttpApi', properties: { Path: '/hello', Method: 'get' } };
const fn = fakeFunction('Worker', [nightly, often, paused, broken, api]);
const now = new Date('2030-01-07T10:15:00Z');

describe('schedule events of the Functions view', () => {
  test('scheduleOf finds one schedule event, or says why not', () => {
    const schedule = scheduleOf(fn, 'Nightly');
    assert.equal(schedule.expression.text, 'cron(0 3 * * ? *)');
    assert.deepEqual(schedule.fn.events, [nightly]);
    assert.throws(() => scheduleOf(fn, 'Missing'), /Worker has no event named Missing/);
    assert.throws(
      () => scheduleOf(fn, 'Get'),
      /Worker event Get is a HttpApi event, not a Schedule or ScheduleV2 event/,
    );
    assert.throws(() => scheduleOf(fn, 'Broken'), /Worker event Broken: 'every day' is not a schedule expression/);
    assert.equal(scheduleKey(fn.id, 'Nightly'), '/work/template.yaml#Worker#Nightly');
  });

  test('allSchedules lists the readable schedules and the reason for each unreadable one', () => {
    const { schedules, problems } = allSchedules([fn, fakeFunction('Plain', [api])]);
    assert.deepEqual(
      schedules.map((s) => s.eventName),
      ['Nightly', 'Often', 'Paused'],
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /Broken/);
  });

  test('a cron schedule shows its next fire time; the tooltip lists the next three in UTC', () => {
    const detail = eventSourceDetail(fn, nightly, now, undefined, 'UTC');
    assert.equal(detail?.description, 'next Tue, Jan 8, 03:00');
    assert.deepEqual(detail?.tooltip.split('\n'), [
      'Schedule cron(0 3 * * ? *) (UTC)',
      'Next fire times:',
      '  2030-01-08T03:00:00.000Z',
      '  2030-01-09T03:00:00.000Z',
      '  2030-01-10T03:00:00.000Z',
    ]);
  });

  test('a rate fires from when it starts; a disabled schedule says so; a running one shows its real next time', () => {
    assert.equal(eventSourceDetail(fn, often, now, undefined, 'UTC')?.description, 'every 5 minutes once started');
    assert.match(eventSourceDetail(fn, paused, now, undefined, 'UTC')!.tooltip, /disabled in the template/);
    const running = eventSourceDetail(fn, often, now, () => new Date('2030-01-07T10:20:00Z'), 'UTC');
    assert.equal(running?.description, 'running · next Mon, Jan 7, 10:20');
    assert.match(running!.tooltip, /Running locally; next fire 2030-01-07T10:20:00.000Z/);
  });

  test('an unreadable schedule shows why; other event types get nothing', () => {
    const detail = eventSourceDetail(fn, broken, now);
    assert.equal(detail?.description, 'invalid schedule');
    assert.match(detail!.tooltip, /not a schedule expression/);
    assert.equal(eventSourceDetail(fn, api, now), undefined);
  });
});
