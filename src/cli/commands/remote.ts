import { resolve } from 'node:path';
import type { AwsSession } from '../../core/aws';
import { parseEventJson } from '../../core/events';
import { flag, parseArgs, type ParsedArgs } from '../args';
import { eventText } from '../eventText';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { AWS_FLAGS, AWS_FLAGS_USAGE, parseSince, withSession } from './awsCli';

type Action = (session: AwsSession, name: string, parsed: ParsedArgs, io: CliIo) => Promise<number>;

export const remoteCommand: CliCommand = {
  name: 'remote',
  summary: 'Work with deployed functions: list, get, versions, aliases, invoke, logs, download, delete, whoami',
  usage: `Usage: lambda-workbench remote <action> [FunctionName] [options]

Actions:
  list                         every function of the region: name, runtime, memory, last modified
  get <name>                   the function's configuration as JSON
  versions <name>              its published versions
  aliases <name>               its aliases and the versions they point at
  invoke <name>                invoke it: the response on stdout, the log tail on stderr (exit 1 on a function error)
  logs <name>                  its CloudWatch Logs events (the last 10 minutes by default)
  download <name>              download its deployment package and unzip it into a folder
  delete <name> --yes          delete it (or one version with --qualifier)
  whoami                       the account and identity the credentials belong to

Options:
${AWS_FLAGS_USAGE}
  --qualifier <v>      a version or alias (get, invoke, download, delete)
  --event <file|->     the event for invoke (a file, or - for stdin); default {}
  --since <time>       logs from 10m, 2h, 1d ago or an ISO date
  --filter <pattern>   a CloudWatch Logs filter pattern
  --follow             keep printing new log events until Ctrl-C
  --to <folder>        where download unzips (default: ./<name>)
  --overwrite          let download replace existing files
  --yes                confirm delete

Credentials, region and AWS_ENDPOINT_URL come from the AWS SDK's default chain.`,
  async run(args, io) {
    const parsed = parseArgs(
      args,
      ['qualifier', 'event', 'since', 'filter', 'to', ...AWS_FLAGS],
      ['follow', 'overwrite', 'yes'],
    );
    const [action, name, extra] = parsed.positionals;
    if (!action) throw new UsageError('name an action');
    const run = ACTIONS[action];
    if (!run) throw new UsageError(`unknown action '${action}'`);
    const needsName = action !== 'list' && action !== 'whoami';
    if (needsName && !name) throw new UsageError(`${action} needs a function name`);
    if ((needsName ? extra : name) !== undefined)
      throw new UsageError(`unexpected argument '${needsName ? extra : name}'`);
    if (action === 'delete' && !parsed.flags.has('yes'))
      throw new UsageError(`deleting ${name} cannot be undone: add --yes to confirm`);
    return withSession(parsed, (session) => run(session, name ?? '', parsed, io));
  },
};

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const ACTIONS: Record<string, Action> = {
  async list(session, _name, _parsed, io) {
    const functions = (await session.list()).sort((a, b) => (a.FunctionName ?? '').localeCompare(b.FunctionName ?? ''));
    const rows = functions.map((f) => [
      f.FunctionName ?? '',
      f.Runtime ?? f.PackageType ?? '',
      `${f.MemorySize ?? ''} MB`,
      f.LastModified ?? '',
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((r) => r[i].length)));
    for (const row of rows) io.stdout(`${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell)).join('  ')}\n`);
    if (!rows.length) io.stderr(`no functions in ${(await session.region()) ?? 'this region'}\n`);
    return 0;
  },
  async get(session, name, parsed, io) {
    io.stdout(json(await session.getConfiguration(name, flag(parsed, 'qualifier'))));
    return 0;
  },
  async versions(session, name, _parsed, io) {
    for (const v of await session.listVersions(name))
      io.stdout(`${v.Version}\t${v.LastModified ?? ''}\t${v.CodeSha256 ?? ''}\t${v.Description ?? ''}\n`);
    return 0;
  },
  async aliases(session, name, _parsed, io) {
    for (const a of await session.listAliases(name))
      io.stdout(`${a.Name}\t${a.FunctionVersion}\t${a.AliasArn ?? ''}\n`);
    return 0;
  },
  async invoke(session, name, parsed, io) {
    const eventArg = flag(parsed, 'event');
    const text = await eventText(eventArg, io);
    const event = parseEventJson(text);
    if (!event.ok)
      throw new UsageError(
        `the event is not valid JSON: ${event.message} (line ${event.line + 1}, column ${event.column + 1})`,
      );
    const result = await session.invoke(name, JSON.stringify(event.value), { qualifier: flag(parsed, 'qualifier') });
    for (const line of result.logs) io.stderr(`${line}\n`);
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(`${result.payload.toString('utf8')}\n`);
    return result.functionError ? 1 : 0;
  },
  async logs(session, name, parsed, io) {
    const since = flag(parsed, 'since');
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const lines = session.logs(name, {
        startTime: since ? parseSince(since) : undefined,
        filterPattern: flag(parsed, 'filter'),
        follow: parsed.flags.has('follow'),
        signal: controller.signal,
      });
      for await (const line of lines) io.stdout(`${new Date(line.time).toISOString()} ${line.text}\n`);
    } finally {
      process.removeListener('SIGINT', stop);
    }
    return 0;
  },
  async download(session, name, parsed, io) {
    const destination = resolve(io.cwd, flag(parsed, 'to') ?? name);
    const result = await session.download(name, destination, {
      qualifier: flag(parsed, 'qualifier'),
      overwrite: parsed.flags.has('overwrite'),
    });
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(`Downloaded ${result.files.length} file(s) of ${name} into ${destination}\n`);
    return 0;
  },
  async delete(session, name, parsed, io) {
    const qualifier = flag(parsed, 'qualifier');
    await session.delete(name, qualifier);
    io.stdout(`Deleted ${name}${qualifier ? `:${qualifier}` : ''}\n`);
    return 0;
  },
  async whoami(session, _name, _parsed, io) {
    const identity = await session.whoAmI();
    io.stdout(`account ${identity.account}\nidentity ${identity.arn}\nregion ${identity.region ?? '(none)'}\n`);
    return 0;
  },
};
