/**
 * EventBridge's six-field cron: `minutes hours day-of-month month day-of-week year`, with `?` in one of the two day
 * fields, names for months (JAN-DEC) and weekdays (SUN-SAT, 1 = Sunday), ranges, lists, steps, `L`, `W` and `#`.
 */
export interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  months: Set<number>;
  years: Set<number>;
  /** Tests a calendar day (month 1-12). */
  dayMatches(year: number, month: number, day: number): boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Parses the inside of `cron(...)`; throws naming the field that is wrong. */
export function parseCron(text: string): CronSpec {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(
      `cron(${text}) must have 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
    );
  const [min, hour, dom, month, dow, year] = fields;
  if ((dom === '?') === (dow === '?'))
    throw new Error(`cron(${text}): exactly one of day-of-month and day-of-week must be ?`);
  const spec = {
    minutes: parseField(min, 0, 59, 'minutes'),
    hours: parseField(hour, 0, 23, 'hours'),
    months: parseField(month, 1, 12, 'month', MONTHS),
    years: parseField(year, 1970, 2199, 'year'),
  };
  const dayMatches = dom === '?' ? dowMatcher(dow) : domMatcher(dom);
  return { ...spec, dayMatches };
}

function parseField(field: string, min: number, max: number, name: string, names?: string[]): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const upper = token.toUpperCase();
    const index = names?.indexOf(upper) ?? -1;
    const n = index >= 0 ? index + 1 : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!(n >= min && n <= max)) throw new Error(`cron ${name} field: '${token}' is not a value from ${min} to ${max}`);
    return n;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`cron ${name} field: step '${stepText}' must be a positive whole number`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    if (from > to) throw new Error(`cron ${name} field: range '${range}' runs backwards`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function domMatcher(field: string): CronSpec['dayMatches'] {
  if (field === '*') return () => true;
  if (field === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (field === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
  const w = /^(\d+)W$/.exec(field);
  if (w) {
    const target = Number(w[1]);
    if (target < 1 || target > 31)
      throw new Error(`cron day-of-month field: '${field}' needs a day from 1 to 31 before W`);
    return (y, m, d) => target <= daysInMonth(y, m) && d === nearestWeekday(y, m, target);
  }
  const days = parseField(field, 1, 31, 'day-of-month');
  return (_y, _m, d) => days.has(d);
}

/** The weekday nearest to a day, without leaving the month (the `W` of cron). */
function nearestWeekday(year: number, month: number, day: number): number {
  const wd = weekday(year, month, day);
  if (wd === 6) return day === 1 ? 3 : day - 1;
  if (wd === 0) return day === daysInMonth(year, month) ? day - 2 : day + 1;
  return day;
}

function dowMatcher(field: string): CronSpec['dayMatches'] {
  if (field === '*') return () => true;
  const dayNumber = (token: string) => [...parseField(token, 1, 7, 'day-of-week', DAYS)][0] - 1;
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const target = dayNumber(last[1]);
    return (y, m, d) => weekday(y, m, d) === target && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const target = dayNumber(nth[1]);
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === target && Math.ceil(d / 7) === n;
  }
  if (field.includes('#') || field.includes('L'))
    throw new Error(`cron day-of-week field: '${field}' is not valid; use e.g. 6L (last Friday) or 2#1 (first Monday)`);
  const days = new Set([...parseField(field, 1, 7, 'day-of-week', DAYS)].map((n) => n - 1));
  return (y, m, d) => days.has(weekday(y, m, d));
}
