import { nextFireTimes } from '../../core/local/schedule/scheduleExpression';
import { schedulesOf, type ScheduleSpec } from '../../core/local/schedule/schedules';
import { fireSchedule } from '../../core/local/schedule/scheduler';
import { cliRuntime } from '../cliRuntime';
import type { InvocationResult } from '../../core/runtime/types';
import { flag, intFlag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { localSetup, PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';
import { formatDiagnostics, loadFunctions } from '../workspaceFunctions';

export const scheduleCommand: CliCommand = {
  name: 'schedule',
  summary: 'List Schedule/ScheduleV2 events with their next fire times, or fire one now',
  usage: `Usage: lambda-workbench schedule [<Function>[/<Event>]] [options]

Without --fire, prints every Schedule and ScheduleV2 event (of the function named, or of all) with its next fire
times (cron and at() in UTC, or in ScheduleExpressionTimezone). With --fire, runs the function once on the local
runtime with the event the schedule delivers (its Input, or the "Scheduled Event"); the response goes to stdout,
logs to stderr, and the exit code is 1 when the function fails.

Options:
  --template <file>    a SAM/CloudFormation template or serverless.yml; default: discover everything here
  --next <n>           how many fire times to list (default 3)
  --fire               fire the named schedule once now
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}`,
  async run(args, io) {
    const parsed = parseArgs(args, ['next', ...TEMPLATE_FLAGS, ...PROFILE_FLAGS], ['fire']);
    const [target, extra] = parsed.positionals;
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    const count = intFlag(parsed, 'next', 1, 100) ?? 3;
    const { resolution, target: aws } = await localSetup(parsed, io);
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
    io.stderr(formatDiagnostics(loaded.diagnostics.filter((d) => d.severity !== 'info')));
    const all = schedulesOf(loaded.functions);
    const [fnName, eventName] = target ? target.split('/') : [];
    const chosen = all.filter(
      (s) =>
        (!fnName || s.fn.name === fnName || s.fn.functionName === fnName) && (!eventName || s.eventName === eventName),
    );
    if (target && chosen.length === 0) {
      const known = all.map((s) => `${s.fn.name}/${s.eventName}`);
      throw new Error(
        `no schedule '${target}'. ${known.length ? `Known schedules: ${known.join(', ')}` : 'No Schedule or ScheduleV2 events were found.'}`,
      );
    }
    if (!parsed.flags.has('fire')) {
      if (chosen.length === 0) io.stdout('no Schedule or ScheduleV2 events found\n');
      for (const s of chosen) io.stdout(describe(s, count));
      return 0;
    }
    if (chosen.length !== 1)
      throw new UsageError(
        `--fire needs one schedule; name it as <Function>/<Event> among: ${chosen.map((s) => `${s.fn.name}/${s.eventName}`).join(', ')}`,
      );
    const runtime = cliRuntime({
      region: aws.region,
      credentials: aws.credentials,
      hostEnv: io.env,
      onLog: (line) => io.stderr(`${line.text}\n`),
    });
    try {
      let pending: Promise<InvocationResult> | undefined;
      fireSchedule(chosen[0], (fn, payload) => (pending = runtime.invoke(fn, payload)));
      const result = await pending!;
      io.stdout(`${result.payload.toString('utf8')}\n`);
      return result.status === 'success' ? 0 : 1;
    } finally {
      await runtime.dispose();
    }
  },
};

function describe(s: ScheduleSpec, count: number): string {
  const times = nextFireTimes(s.expression, new Date(), count, { timeZone: s.timeZone });
  const zone = s.timeZone === 'UTC' ? '' : ` (${s.timeZone})`;
  const state = s.enabled ? '' : '  [disabled]';
  const next = times.length ? times.map((t) => `    ${t.toISOString()}\n`).join('') : '    (no future fire time)\n';
  return `${s.fn.name}/${s.eventName}  ${s.type}  ${s.expression.text}${zone}${state}\n${next}`;
}
