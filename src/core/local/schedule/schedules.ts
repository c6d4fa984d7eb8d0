import { randomUUID } from 'node:crypto';
import type { EventSourceSpec, FunctionSpec } from '../../model';
import { checkTimeZone, parseScheduleExpression, type ScheduleExpression } from './scheduleExpression';

/** One Schedule / ScheduleV2 event of a function. */
export interface ScheduleSpec {
  fn: FunctionSpec;
  eventName: string;
  type: 'Schedule' | 'ScheduleV2';
  expression: ScheduleExpression;
  /** ScheduleExpressionTimezone (ScheduleV2); UTC otherwise. */
  timeZone: string;
  /** The event's `Input`: a JSON text sent instead of the default scheduled event. */
  input?: string;
  /** False when the template disables the schedule (Enabled: false / State: DISABLED). */
  enabled: boolean;
  /** The rule or schedule name (Name, or `<Function><Event>`). */
  ruleName: string;
}

function prop(event: EventSourceSpec, ...names: string[]): unknown {
  for (const name of names) if (event.properties[name] !== undefined) return event.properties[name];
  return undefined;
}

/** The Schedule and ScheduleV2 events of the functions (serverless.yml `schedule` events arrive mapped to Schedule). */
export function schedulesOf(functions: FunctionSpec[]): ScheduleSpec[] {
  const schedules: ScheduleSpec[] = [];
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'Schedule' && event.type !== 'ScheduleV2') continue;
      const where = `${fn.name} event ${event.name}`;
      let text = prop(event, 'Schedule', 'ScheduleExpression', 'schedule', 'rate');
      if (Array.isArray(text) && text.length === 1) text = text[0];
      if (typeof text !== 'string')
        throw new Error(`${where}: needs a schedule expression such as rate(5 minutes) or cron(0 3 * * ? *)`);
      let expression: ScheduleExpression;
      try {
        expression = parseScheduleExpression(text);
      } catch (error) {
        throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      const zone = prop(event, 'ScheduleExpressionTimezone');
      const timeZone = typeof zone === 'string' ? zone : 'UTC';
      checkTimeZone(timeZone);
      const input = prop(event, 'Input', 'input');
      const enabled = prop(event, 'Enabled', 'enabled');
      const state = prop(event, 'State');
      const name = prop(event, 'Name', 'name');
      schedules.push({
        fn,
        eventName: event.name,
        type: event.type,
        expression,
        timeZone,
        input: input === undefined ? undefined : typeof input === 'string' ? input : JSON.stringify(input),
        enabled: enabled !== false && state !== 'DISABLED',
        ruleName: typeof name === 'string' ? name : `${fn.name}${event.name}`,
      });
    }
  }
  return schedules;
}

/**
 * The payload a schedule delivers at `time`: its Input when set, otherwise EventBridge's "Scheduled Event"
 * (source aws.events, detail {}) for Schedule, or EventBridge Scheduler's default notification (source
 * aws.scheduler, detail "{}") for ScheduleV2.
 */
export function scheduledEvent(
  schedule: ScheduleSpec,
  time: Date,
  region = process.env.AWS_REGION ?? 'us-east-1',
  account = '123456789012',
): string {
  if (schedule.input !== undefined) return schedule.input;
  const v2 = schedule.type === 'ScheduleV2';
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: v2 ? 'aws.scheduler' : 'aws.events',
    account,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [
      v2
        ? `arn:aws:scheduler:${region}:${account}:schedule/default/${schedule.ruleName}`
        : `arn:aws:events:${region}:${account}:rule/${schedule.ruleName}`,
    ],
    detail: v2 ? '{}' : {},
  });
}
