// Which schedule an event-source item names, and what its tree item says about the next fire time. No 'vscode'.
import { nextFireTimes } from '../../core/local/schedule/scheduleExpression';
import { schedulesOf, type ScheduleSpec } from '../../core/local/schedule/schedules';
import type { EventSourceSpec, FunctionSpec } from '../../core/model';
import { formatFireTime } from './localText';

/** The key of one schedule: its function and event. */
export function scheduleKey(functionId: string, eventName: string): string {
  return `${functionId}#${eventName}`;
}

/** The Schedule/ScheduleV2 event `eventName` of `fn`, parsed; a clear error when it is not one or cannot be read. */
export function scheduleOf(fn: FunctionSpec, eventName: string): ScheduleSpec {
  const event = fn.events.find((e) => e.name === eventName);
  if (!event) throw new Error(`${fn.name} has no event named ${eventName} (was its template changed?)`);
  if (event.type !== 'Schedule' && event.type !== 'ScheduleV2')
    throw new Error(`${fn.name} event ${eventName} is a ${event.type} event, not a Schedule or ScheduleV2 event`);
  return schedulesOf([{ ...fn, events: [event] }])[0];
}

/** Every schedule of the functions, with the reason for each one that cannot be read. */
export function allSchedules(functions: FunctionSpec[]): { schedules: ScheduleSpec[]; problems: string[] } {
  const schedules: ScheduleSpec[] = [];
  const problems: string[] = [];
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'Schedule' && event.type !== 'ScheduleV2') continue;
      try {
        schedules.push(scheduleOf(fn, event.name));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  return { schedules, problems };
}

/**
 * The next fire time of each schedule running in the editor, by scheduleKey. The schedule controller keeps it
 * current; the Functions view reads it, so its items say "running" with the real next time.
 */
export const runningScheduleTimes = new Map<string, () => Date | undefined>();

/** What the tree shows for a schedule event: a short description suffix and a tooltip. Undefined for other events. */
export function eventSourceDetail(
  fn: FunctionSpec,
  source: EventSourceSpec,
  now = new Date(),
  running = runningScheduleTimes.get(scheduleKey(fn.id, source.name)),
  displayZone?: string,
): { description: string; tooltip: string } | undefined {
  if (source.type !== 'Schedule' && source.type !== 'ScheduleV2') return undefined;
  let schedule: ScheduleSpec;
  try {
    schedule = scheduleOf(fn, source.name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { description: 'invalid schedule', tooltip: message };
  }
  const zone = schedule.timeZone === 'UTC' ? 'UTC' : schedule.timeZone;
  const header = `${schedule.type} ${schedule.expression.text} (${zone})${schedule.enabled ? '' : ' — disabled in the template'}`;
  if (running) {
    const next = running();
    return {
      description: next ? `running · next ${formatFireTime(next, displayZone)}` : 'running · no future fire time',
      tooltip: `${header}\nRunning locally${next ? `; next fire ${next.toISOString()}` : ''}`,
    };
  }
  if (schedule.expression.kind === 'rate') {
    const every = schedule.expression.text.replace(/^rate\(\s*|\s*\)$/g, '');
    return {
      description: `every ${every} once started`,
      tooltip: `${header}\nA rate fires every ${every} from the moment it is started (Run on Schedule).`,
    };
  }
  const times = nextFireTimes(schedule.expression, now, 3, { timeZone: schedule.timeZone });
  if (!times.length)
    return { description: 'no future fire time', tooltip: `${header}\nThis schedule does not fire again.` };
  return {
    description: `next ${formatFireTime(times[0], displayZone)}`,
    tooltip: `${header}\nNext fire times:\n${times.map((t) => `  ${t.toISOString()}`).join('\n')}`,
  };
}
