import { createInterface } from 'node:readline/promises';
import type { AwsSession, AwsSessionOptions, Step } from '../../core/aws';
import { flag, type ParsedArgs } from '../args';
import { UsageError, type CliIo } from '../command';

/** The flags every command that talks to AWS takes. */
export const AWS_FLAGS = ['profile', 'region'];

export const AWS_FLAGS_USAGE = `  --profile <name>     an AWS profile (~/.aws/config); default: AWS_PROFILE or the default chain
  --region <name>      the region; default: AWS_REGION or the profile's`;

/** The session options from --profile and --region; the endpoint always comes from AWS_ENDPOINT_URL, as in the SDK. */
export function sessionOptions(parsed: ParsedArgs): AwsSessionOptions {
  return { profile: flag(parsed, 'profile'), region: flag(parsed, 'region') };
}

/**
 * Loads the AWS module on first use, so commands that never talk to AWS do not pay for the SDK, runs `work` with a
 * session, and closes it.
 */
export async function withSession<T>(parsed: ParsedArgs, work: (session: AwsSession) => Promise<T>): Promise<T> {
  const { createAwsSession } = await import('../../core/aws');
  const session = createAwsSession(sessionOptions(parsed));
  try {
    return await work(session);
  } finally {
    session.dispose();
  }
}

/** Prints a deploy step to stderr: `→ title` when it starts, `  ✓ title: detail` when done or skipped. */
export function printStep(io: CliIo, step: Step): void {
  const detail = step.detail ? `: ${step.detail}` : '';
  if (step.status === 'done') io.stderr(`  ✓ ${step.title}${detail}\n`);
  else if (step.status === 'skipped') io.stderr(`  - ${step.title}${detail}\n`);
  else io.stderr(`→ ${step.title}${detail}\n`);
}

/** The lines of a piped stdin not yet used as answers, per CLI run (stdin can be read only once). */
const pipedAnswers = new WeakMap<CliIo, Promise<string[]>>();

/**
 * Asks a yes/no question on stderr. In a terminal the answer is one line; otherwise (a pipe) the next unused line of
 * stdin, so several questions can be answered by several lines. Anything but y or yes is no.
 */
export async function ask(io: CliIo, question: string): Promise<boolean> {
  io.stderr(`${question} [y/N] `);
  let answer: string;
  if (process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
    answer = await rl.question('');
    rl.close();
  } else {
    if (!pipedAnswers.has(io))
      pipedAnswers.set(
        io,
        io.stdin().then((text) => text.split(/\r?\n/)),
      );
    answer = (await pipedAnswers.get(io)!).shift() ?? '';
    io.stderr('\n');
  }
  return /^y(es)?$/i.test(answer.trim());
}

/** `10m`, `2h`, `1d`, `30s` ago, or an ISO date, as ms since epoch. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative)
    return (
      now -
      Number(relative[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd']
    );
  const date = Date.parse(value);
  if (Number.isNaN(date)) throw new UsageError(`--since must be like 10m, 2h, 1d or an ISO date, not '${value}'`);
  return date;
}
