import { parseEventJson } from '../../core/events';
import { InvokeRequestError } from '../../core/runtime/localRuntime';
import { cliRuntime } from '../cliRuntime';
import { describeStream } from '../../core/runtime/streaming/httpIntegration';
import { streamToTerminal } from '../streamOutput';
import { flag, parseArgs } from '../args';
import { eventText } from '../eventText';
import { UsageError, type CliCommand } from '../command';
import { localSetup, PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';
import { applyEnvFile, diagnosticsFor, formatDiagnostics, loadFunctions, pickFunction } from '../workspaceFunctions';

export const invokeCommand: CliCommand = {
  name: 'invoke',
  summary: 'Run a function once on the local runtime: response on stdout, logs on stderr',
  usage: `Usage: lambda-workbench invoke <FunctionName|handler file> [options]

Runs the function on the local Lambda runtime (no Docker) and writes its response on stdout, byte for byte as the
function returned it; its logs, framed by START/END/REPORT, go to stderr as they are written. The exit code is 1
when the function returns an error.
A streaming function (awslambda.streamifyResponse) has its chunks written as they arrive, the HTTP prelude of
HttpResponseStream.from on stderr, and its time to first byte after REPORT. Lambda streams up to 200 MB, the
first 6 MB at full speed and the rest at up to 2 MB/s; the local runtime says so when a stream is over 6 MB.

Options:
  --event <file|->     the event JSON (a file, or - for stdin); default {}
  --template <file>    a SAM/CloudFormation template or serverless.yml; default: discover everything here
  --env-vars <file>    a SAM-style env.json with environment overrides
  --tenant-id <id>     the tenant, for a function with tenant isolation (TenancyConfig PER_TENANT): required by
                       such a function and refused by any other, as Lambda does
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}`,
  async run(args, io) {
    const parsed = parseArgs(args, ['event', 'env-vars', 'tenant-id', ...TEMPLATE_FLAGS, ...PROFILE_FLAGS]);
    const [target, extra] = parsed.positionals;
    if (!target) throw new UsageError('name the function to invoke');
    if (extra) throw new UsageError(`unexpected argument '${extra}'`);
    const eventArg = flag(parsed, 'event');
    const text = await eventText(eventArg, io);
    const event = parseEventJson(text);
    if (!event.ok) {
      io.stderr(
        `lambda-workbench invoke: the event ${eventArg === '-' ? 'on stdin' : eventArg} is not valid JSON: ${event.message} (line ${event.line + 1}, column ${event.column + 1})\n`,
      );
      return 2;
    }
    const { resolution, target: aws } = await localSetup(parsed, io);
    const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
    const fn = pickFunction(loaded, target);
    io.stderr(formatDiagnostics(diagnosticsFor(loaded, fn)));
    for (const warning of await applyEnvFile([fn], io.cwd, flag(parsed, 'env-vars')))
      io.stderr(`warning: ${warning}\n`);
    const printed = new Set<string>();
    const runtime = cliRuntime({
      region: aws.region,
      credentials: aws.credentials,
      hostEnv: io.env,
      onLog: (line) => {
        printed.add(line.text);
        io.stderr(`${line.text}\n`);
      },
    });
    try {
      const stream = streamToTerminal(io);
      const result = await runtime.invoke(fn, JSON.stringify(event.value), {
        tenantId: flag(parsed, 'tenant-id'),
        stream,
      });
      // Warnings already printed as log lines (a layer left out, an install) are not repeated.
      for (const warning of result.warnings)
        if (!printed.has(`warning: ${warning}`) && !printed.has(warning)) io.stderr(`warning: ${warning}\n`);
      if (result.streamed) {
        stream.end();
        if (result.functionError) io.stdout(`${result.payload.toString('utf8')}\n`);
        io.stderr(`${describeStream(result.streamed)}\n`);
        return result.functionError ? 1 : 0;
      }
      // The response exactly as the function returned it (a Python handler may return bytes that are not UTF-8).
      if (io.stdoutBytes) io.stdoutBytes(result.payload);
      else io.stdout(result.payload.toString('utf8'));
      if (io.stdoutIsTerminal) io.stdout('\n');
      return result.functionError ? 1 : 0;
    } catch (error) {
      if (!(error instanceof InvokeRequestError)) throw error;
      io.stderr(`lambda-workbench invoke: ${error.code}: ${error.message}\n`);
      return 2;
    } finally {
      await runtime.dispose();
    }
  },
};
