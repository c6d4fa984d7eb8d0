import { join } from 'node:path';
import { AsyncInvoker } from '../../core/async/asyncInvoker';
import { destinationsFor } from '../../core/async/eventInvokeConfig';
import { startInvokeApi } from '../../core/invokeApi/invokeApiServer';
import { deployedName } from '../../core/runtime/lambdaEnvironment';
import { cliRuntime } from '../cliRuntime';
import { intFlag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import { openLiveFunctions } from '../liveFunctions';
import { PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the Lambda Invoke API on 127.0.0.1 (like sam local start-lambda)',
  usage: `Usage: lambda-workbench serve [options]

Serves the Lambda Invoke API for the functions found (POST /2015-03-31/functions/<name>/invocations), so the AWS
SDK and 'aws lambda invoke --endpoint-url http://127.0.0.1:<port>' work against the local runtime.
InvokeWithResponseStream (POST /2021-11-15/functions/<name>/response-streaming-invocations) answers in the
event-stream encoding the SDK reads, one PayloadChunk per chunk as a streaming function writes it (Lambda streams
up to 200 MB, the first 6 MB at full speed and the rest at up to 2 MB/s; locally there is no cap). Logs of every
instance go to stderr. A saved change to a function's code, its template or the env vars file reaches the next
invoke (instances started from the old code are retired). Event invocations are queued and retried twice; their outcome is recorded in
.lambda-workbench/async-records.jsonl. Stops on Ctrl-C.

Options:
  --template <file>    a SAM/CloudFormation template; default: discover everything under the current folder
  --port <n>           the port (default 3001; 0 picks a free one)
  --env-vars <file>    a SAM-style env.json with environment overrides
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}
  --max-concurrency <n>  instances per function when the template sets no ReservedConcurrentExecutions (default 10)
  --warm <n>           keep n instances of every function initialised before serving (provisioned concurrency);
                       functions with ProvisionedConcurrencyConfig get their own count`,
  async run(args, io) {
    const parsed = parseArgs(args, [
      'port',
      'env-vars',
      'max-concurrency',
      'warm',
      ...TEMPLATE_FLAGS,
      ...PROFILE_FLAGS,
    ]);
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const port = intFlag(parsed, 'port', 0, 65535) ?? 3001;
    const { target: aws, loaded, live } = await openLiveFunctions(parsed, io);
    if (loaded.functions.length === 0) {
      io.stderr('lambda-workbench serve: no functions found\n');
      return 1;
    }
    const maxConcurrency = intFlag(parsed, 'max-concurrency', 1, 1000);
    const warm = intFlag(parsed, 'warm', 0, 100);
    const runtime = cliRuntime({
      region: aws.region,
      credentials: aws.credentials,
      maxConcurrency,
      hostEnv: io.env,
      onLog: (line) => io.stderr(`${line.text}\n`),
    });
    const prewarmed = live.functions().filter((fn) => (fn.provisionedConcurrency ?? warm ?? 0) > 0);
    for (const fn of prewarmed) {
      try {
        await runtime.prewarm(fn, fn.provisionedConcurrency ?? warm);
      } catch (error) {
        io.stderr(
          `warning: could not pre-warm ${fn.name}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      }
    }
    const recordPath = join(loaded.root, '.lambda-workbench', 'async-records.jsonl');
    const asyncInvoker = new AsyncInvoker({
      invoke: (fn, payload) => runtime.invoke(live.latest(fn), payload),
      recordPath,
      region: runtime.region,
      destinationFor: destinationsFor,
      onRecord: (record) =>
        io.stderr(
          `async ${record.requestContext.requestId}: ${record.requestContext.condition} after ${record.requestContext.approximateInvokeCount} attempt(s), recorded in ${recordPath}\n`,
        ),
    });
    const api = await startInvokeApi({ runtime, functions: () => live.functions(), asyncInvoker, port });
    io.stdout(`Lambda Invoke API on ${api.url}\n`);
    for (const fn of live.functions()) {
      const ready = runtime.instances(fn.id).filter((i) => i.state === 'idle').length;
      io.stdout(`  ${deployedName(fn)}  (${fn.runtime}, ${fn.handler})${ready ? `, ${ready} warm` : ''}\n`);
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stderr('stopping\n');
    await api.close();
    await asyncInvoker.dispose();
    // Every process the handlers started ends before serve does.
    await runtime.dispose();
    return 0;
  },
};
