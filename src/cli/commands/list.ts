import { relative } from 'node:path';
import type { FunctionSpec } from '../../core/model';
import { flag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { localSetup, PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';
import { formatDiagnostics, loadFunctions } from '../workspaceFunctions';

/** One function as `list --json` prints it: paths relative to the working folder, lines 1-based. */
interface ListedFunction {
  name: string;
  functionName?: string;
  source: FunctionSpec['source'];
  runtime: string;
  handler: string;
  handlerFile?: string;
  handlerLine?: number;
  template?: string;
  events: Array<{ name: string; type: string }>;
}

function listed(fn: FunctionSpec, cwd: string): ListedFunction {
  return {
    name: fn.name,
    ...(fn.functionName ? { functionName: fn.functionName } : {}),
    source: fn.source,
    runtime: fn.runtime,
    handler: fn.handler,
    ...(fn.handlerFile ? { handlerFile: relative(cwd, fn.handlerFile), handlerLine: (fn.handlerLine ?? 0) + 1 } : {}),
    ...(fn.templatePath ? { template: relative(cwd, fn.templatePath) } : {}),
    events: fn.events.map((e) => ({ name: e.name, type: e.type })),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}\n`)
    .join('');
}

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'List the functions found: runtime, handler file:line, events',
  usage: `Usage: lambda-workbench list [options]

Lists every function discovery finds here (SAM/CloudFormation templates, serverless.yml, CDK output, bare
handlers) with its runtime, where its handler is defined (file:line) and its events. Problems found on the way go
to stderr.

Options:
  --json               print a JSON array instead of a table
  --template <file>    a SAM/CloudFormation template or serverless.yml; default: discover everything here
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}`,
  async run(args, io) {
    const parsed = parseArgs(args, [...TEMPLATE_FLAGS, ...PROFILE_FLAGS], ['json']);
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const { resolution } = await localSetup(parsed, io);
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
    io.stderr(formatDiagnostics(loaded.diagnostics));
    const functions = loaded.functions.map((fn) => listed(fn, io.cwd));
    if (parsed.flags.has('json')) {
      io.stdout(`${JSON.stringify(functions, null, 2)}\n`);
      return 0;
    }
    if (functions.length === 0) {
      io.stdout('no functions found\n');
      return 0;
    }
    const rows = functions.map((fn) => [
      fn.name,
      fn.runtime || '?',
      fn.handlerFile ? `${fn.handlerFile}:${fn.handlerLine}` : `${fn.handler} (not found)`,
      fn.events.map((e) => `${e.name} (${e.type})`).join(', ') || '-',
    ]);
    io.stdout(table([['FUNCTION', 'RUNTIME', 'HANDLER', 'EVENTS'], ...rows]));
    return 0;
  },
};
