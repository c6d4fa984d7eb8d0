import { parseCron, type CronSpec } from './cron';

/** A parsed `rate(...)`, `cron(...)` or `at(...)` schedule expression. */
export type ScheduleExpression =
  | { kind: 'rate'; intervalMs: number; text: string }
  | { kind: 'cron'; cron: CronSpec; text: string }
  | {
      kind: 'at';
      time: { year: number; month: number; day: number; hour: number; minute: number; second: number };
      text: string;
    };

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Parses an EventBridge schedule expression; throws with the rule that was broken. */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const trimmed = text.trim();
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(trimmed);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2].replace(/s$/, '');
    if (value < 1) throw new Error(`${trimmed}: the rate must be a positive whole number`);
    if ((value === 1) !== (rate[2] === unit))
      throw new Error(
        `${trimmed}: write rate(1 ${unit}) for one and rate(${value === 1 ? 2 : value} ${unit}s) for more`,
      );
    return { kind: 'rate', intervalMs: value * UNITS[unit], text: trimmed };
  }
  const cron = /^cron\((.*)\)$/.exec(trimmed);
  if (cron) return { kind: 'cron', cron: parseCron(cron[1]), text: trimmed };
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(trimmed);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
    return { kind: 'at', time: { year, month, day, hour, minute, second }, text: trimmed };
  }
  throw new Error(
    `'${text}' is not a schedule expression; use rate(5 minutes), cron(0 3 * * ? *) or at(2030-01-01T09:00:00)`,
  );
}

/** The UTC offset of a time zone at an instant, in ms (local = UTC + offset). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time in a zone names, or undefined when it does not exist (skipped by a DST change). */
function wallClockToInstant(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone: string,
): number | undefined {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let instant = guess - zoneOffsetMs(guess, timeZone);
  instant = guess - zoneOffsetMs(instant, timeZone);
  return zoneOffsetMs(instant, timeZone) === guess - instant ? instant : undefined;
}

/**
 * The next `count` fire times strictly after `after`. Cron and at() are read in `timeZone` (UTC by default, as
 * EventBridge rules; ScheduleV2 may set ScheduleExpressionTimezone). A rate fires every interval from `start`
 * (when the schedule began, `after` by default), as a rule fires from its creation.
 */
export function nextFireTimes(
  expression: ScheduleExpression | string,
  after: Date,
  count = 1,
  options: { timeZone?: string; start?: Date } = {},
): Date[] {
  const expr = typeof expression === 'string' ? parseScheduleExpression(expression) : expression;
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  const from = after.getTime();
  if (expr.kind === 'rate') {
    const start = (options.start ?? after).getTime();
    const k = Math.max(1, Math.floor((from - start) / expr.intervalMs) + 1);
    return Array.from({ length: count }, (_, i) => new Date(start + (k + i) * expr.intervalMs));
  }
  if (expr.kind === 'at') {
    const t = expr.time;
    const instant = wallClockToInstant(t.year, t.month, t.day, t.hour, t.minute, t.second, timeZone);
    return instant !== undefined && instant > from ? [new Date(instant)] : [];
  }
  return cronTimes(expr.cron, from, count, timeZone);
}

function cronTimes(cron: CronSpec, from: number, count: number, timeZone: string): Date[] {
  const result: Date[] = [];
  const startLocal = new Date(from + zoneOffsetMs(from, timeZone));
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  const hours = [...cron.hours].sort((a, b) => a - b);
  const lastYear = Math.min(2199, startLocal.getUTCFullYear() + 30);
  const day = new Date(Date.UTC(startLocal.getUTCFullYear(), startLocal.getUTCMonth(), startLocal.getUTCDate() - 1));
  while (result.length < count && day.getUTCFullYear() <= lastYear) {
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (cron.years.has(y) && cron.months.has(m) && cron.dayMatches(y, m, d)) {
      for (const h of hours) {
        for (const mi of minutes) {
          const instant = wallClockToInstant(y, m, d, h, mi, 0, timeZone);
          if (
            instant !== undefined &&
            instant > from &&
            result.length < count &&
            !result.some((r) => r.getTime() === instant)
          )
            result.push(new Date(instant));
        }
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return result.sort((a, b) => a.getTime() - b.getTime());
}

/** Throws a clear error for a time zone Intl does not know. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`unknown time zone '${timeZone}'; use an IANA name such as Europe/Paris or America/New_York`);
  }
}
