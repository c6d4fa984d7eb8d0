import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseEventJson } from '../../core/events';
import { LocalRuntime } from '../../core/runtime/localRuntime';
import { flag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { applyEnvFile, formatDiagnostics, loadFunctions, pickFunction } from '../workspaceFunctions';

export const invokeCommand: CliCommand = {
  name: 'invoke',
  summary: 'Run a function once on the local runtime: response on stdout, logs on stderr',
  usage: `Usage: lambda-workbench invoke <FunctionName|handler file> [options]

Runs the function on the local Lambda runtime (no Docker) and prints its response on stdout; its logs, framed by
START/END/REPORT, go to stderr as they are written. The exit code is 1 when the function returns an error.

Options:
  --event <file|->     the event JSON (a file, or - for stdin); default {}
  --template <file>    a SAM/CloudFormation template; default: discover everything under the current folder
  --env-vars <file>    a SAM-style env.json with environment overrides
  --region <name>      the region the function believes it runs in (AWS_REGION); default from the environment`,
  async run(args, io) {
    const parsed = parseArgs(args, ['event', 'template', 'env-vars', 'region']);
    const [target, extra] = parsed.positionals;
    if (!target) throw new UsageError('name the function to invoke');
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    const eventArg = flag(parsed, 'event');
    const eventText = eventArg === undefined ? '{}' : eventArg === '-' ? await io.stdin() : await readEvent(resolve(io.cwd, eventArg));
    const event = parseEventJson(eventText);
    if (!event.ok) {
      io.stderr(`lambda-workbench invoke: the event ${eventArg === '-' ? 'on stdin' : eventArg} is not valid JSON: ${event.message} (line ${event.line + 1}, column ${event.column + 1})\n`);
      return 2;
    }
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) io.stderr(formatDiagnostics(errors));
    const fn = pickFunction(loaded, target);
    for (const warning of await applyEnvFile([fn], io.cwd, flag(parsed, 'env-vars'))) io.stderr(`warning: ${warning}\n`);
    const printed = new Set<string>();
    const runtime = new LocalRuntime({
      region: flag(parsed, 'region'),
      hostEnv: io.env,
      onLog: (line) => {
        printed.add(line.text);
        io.stderr(`${line.text}\n`);
      },
    });
    try {
      const result = await runtime.invoke(fn, JSON.stringify(event.value));
      for (const warning of result.warnings) if (!printed.has(`warning: ${warning}`) && !printed.has(warning)) io.stderr(`warning: ${warning}\n`);
      io.stdout(`${result.payload.toString('utf8')}\n`);
      return result.functionError ? 1 : 0;
    } finally {
      runtime.dispose();
    }
  },
};

async function readEvent(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the event file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
