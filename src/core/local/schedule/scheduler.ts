import type { FunctionSpec } from '../../model';
import { nextFireTimes } from './scheduleExpression';
import { scheduledEvent, schedulesOf, type ScheduleSpec } from './schedules';

/** One firing of a schedule. */
export interface ScheduleFire {
  schedule: ScheduleSpec;
  time: Date;
  payload: string;
}

export interface StartSchedulesOptions {
  functions: FunctionSpec[];
  /**
   * Delivers a fired event. EventBridge invokes asynchronously, so pass `(fn, p) => asyncInvoker.enqueue(fn, p)`
   * to get Lambda's retries and destinations; a rejected promise or a throw is reported through onError.
   */
  deliver: (fn: FunctionSpec, payload: string) => unknown;
  onFire?: (fire: ScheduleFire) => void;
  onError?: (error: Error, schedule: ScheduleSpec) => void;
  /** Also run schedules the template disables (false by default, as on AWS). */
  includeDisabled?: boolean;
}

/** Running schedules. */
export interface RunningSchedules {
  schedules: ScheduleSpec[];
  /** The next fire time of each running schedule (undefined once an at() schedule has fired). */
  next(): Array<{ schedule: ScheduleSpec; time?: Date }>;
  stop(): void;
}

/** setTimeout's longest delay; longer waits are chained. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Fires one schedule now, with the event it would deliver at this time. */
export function fireSchedule(
  schedule: ScheduleSpec,
  deliver: StartSchedulesOptions['deliver'],
  time = new Date(),
): ScheduleFire {
  const payload = scheduledEvent(schedule, time);
  deliver(schedule.fn, payload);
  return { schedule, time, payload };
}

/** Runs the Schedule/ScheduleV2 events of the functions on their schedules until stop() is called. */
export function startSchedules(options: StartSchedulesOptions): RunningSchedules {
  const schedules = schedulesOf(options.functions).filter((s) => s.enabled || options.includeDisabled);
  const started = new Date();
  const timers = new Map<ScheduleSpec, NodeJS.Timeout>();
  const upcoming = new Map<ScheduleSpec, Date | undefined>();
  let stopped = false;

  const arm = (schedule: ScheduleSpec, after: Date) => {
    const [time] = nextFireTimes(schedule.expression, after, 1, { timeZone: schedule.timeZone, start: started });
    upcoming.set(schedule, time);
    if (time) wait(schedule, time);
  };
  const wait = (schedule: ScheduleSpec, time: Date) => {
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, time.getTime() - Date.now()));
    timers.set(
      schedule,
      setTimeout(() => {
        if (stopped) return;
        if (Date.now() < time.getTime()) return wait(schedule, time);
        fire(schedule, time);
        arm(schedule, time);
      }, delay),
    );
  };
  const fire = (schedule: ScheduleSpec, time: Date) => {
    const report = (error: unknown) =>
      options.onError?.(error instanceof Error ? error : new Error(String(error)), schedule);
    try {
      const payload = scheduledEvent(schedule, time);
      const delivered = options.deliver(schedule.fn, payload);
      if (delivered instanceof Promise) delivered.catch(report);
      options.onFire?.({ schedule, time, payload });
    } catch (error) {
      report(error);
    }
  };
  for (const schedule of schedules) arm(schedule, started);
  return {
    schedules,
    next: () => schedules.map((schedule) => ({ schedule, time: upcoming.get(schedule) })),
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
