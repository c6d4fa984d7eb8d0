import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { scheduledEvent, schedulesOf } from '../../../src/core/local/schedule/schedules';
import { fireSchedule, startSchedules } from '../../../src/core/local/schedule/scheduler';
import { fakeFunction } from './fakes';

const nightly = fakeFunction('Esm', [
  { name: 'Nightly', type: 'Schedule', properties: { Schedule: 'cron(0 3 * * ? *)' } },
]);

test('schedulesOf reads Schedule, ScheduleV2 and serverless.yml schedule events', () => {
  const fn = fakeFunction('Jobs', [
    {
      name: 'Every5',
      type: 'Schedule',
      properties: { Schedule: 'rate(5 minutes)', Input: '{"job":"sweep"}', Enabled: false },
    },
    {
      name: 'Morning',
      type: 'ScheduleV2',
      properties: {
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        Name: 'morning',
        Input: { job: 'mail' },
      },
    },
    { name: 'Schedule0', type: 'Schedule', properties: { Schedule: 'rate(1 hour)', enabled: true } },
    { name: 'Api', type: 'HttpApi', properties: {} },
  ]);
  const [every5, morning, hourly] = schedulesOf([fn]);
  assert.equal(schedulesOf([fn]).length, 3);
  assert.deepEqual([every5.enabled, every5.input, every5.ruleName], [false, '{"job":"sweep"}', 'JobsEvery5']);
  assert.deepEqual(
    [morning.type, morning.timeZone, morning.input, morning.ruleName],
    ['ScheduleV2', 'Europe/Paris', '{"job":"mail"}', 'morning'],
  );
  assert.equal(hourly.expression.kind, 'rate');
  assert.throws(
    () =>
      schedulesOf([
        fakeFunction('Bad', [{ name: 'X', type: 'Schedule', properties: { Schedule: 'rate(0 minutes)' } }]),
      ]),
    /Bad event X: .*positive/,
  );
  assert.throws(
    () => schedulesOf([fakeFunction('Bad', [{ name: 'Y', type: 'Schedule', properties: {} }])]),
    /Bad event Y: needs a schedule expression/,
  );
});

test('the default scheduled events have the shapes EventBridge and EventBridge Scheduler deliver', () => {
  const [schedule] = schedulesOf([nightly]);
  const event = JSON.parse(scheduledEvent(schedule, new Date('2026-11-24T03:00:00.123Z'), 'eu-west-1'));
  assert.match(event.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(
    { ...event, id: 'x' },
    {
      version: '0',
      id: 'x',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2026-11-24T03:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/EsmNightly'],
      detail: {},
    },
  );
  const [v2] = schedulesOf([
    fakeFunction('F', [{ name: 'S', type: 'ScheduleV2', properties: { ScheduleExpression: 'rate(1 day)' } }]),
  ]);
  const v2Event = JSON.parse(scheduledEvent(v2, new Date(), 'us-east-1'));
  assert.equal(v2Event.source, 'aws.scheduler');
  assert.equal(v2Event.detail, '{}');
  assert.deepEqual(v2Event.resources, ['arn:aws:scheduler:us-east-1:123456789012:schedule/default/FS']);
});

test('fireSchedule delivers once, on demand', () => {
  const [schedule] = schedulesOf([nightly]);
  const delivered: string[] = [];
  const fire = fireSchedule(schedule, (fn, payload) =>
    delivered.push(`${fn.name}:${JSON.parse(payload)['detail-type']}`),
  );
  assert.deepEqual(delivered, ['Esm:Scheduled Event']);
  assert.equal(fire.schedule, schedule);
});

test('startSchedules fires on the schedule until stopped, skipping disabled schedules', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: new Date('2026-11-23T02:59:00Z') });
  try {
    const fires: string[] = [];
    const off = fakeFunction('Off', [
      { name: 'S', type: 'Schedule', properties: { Schedule: 'rate(1 minute)', Enabled: false } },
    ]);
    const running = startSchedules({
      functions: [nightly, off],
      deliver: () => undefined,
      onFire: (f) => fires.push(f.time.toISOString()),
    });
    assert.equal(running.schedules.length, 1);
    assert.equal(running.next()[0].time?.toISOString(), '2026-11-23T03:00:00.000Z');
    mock.timers.tick(60_000);
    assert.deepEqual(fires, ['2026-11-23T03:00:00.000Z']);
    mock.timers.tick(24 * 3_600_000);
    assert.deepEqual(fires, ['2026-11-23T03:00:00.000Z', '2026-11-24T03:00:00.000Z']);
    running.stop();
    mock.timers.tick(24 * 3_600_000);
    assert.equal(fires.length, 2);
  } finally {
    mock.timers.reset();
  }
});

test('a delivery that throws is reported, and the schedule keeps running', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: new Date('2026-11-23T02:59:00Z') });
  try {
    const errors: string[] = [];
    const running = startSchedules({
      functions: [nightly],
      deliver: () => {
        throw new Error('runtime stopped');
      },
      onError: (error, schedule) => errors.push(`${schedule.eventName}: ${error.message}`),
    });
    mock.timers.tick(60_000);
    mock.timers.tick(24 * 3_600_000);
    running.stop();
    assert.deepEqual(errors, ['Nightly: runtime stopped', 'Nightly: runtime stopped']);
  } finally {
    mock.timers.reset();
  }
});
