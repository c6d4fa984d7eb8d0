import { join } from 'node:path';
import { AsyncInvoker } from '../../core/async/asyncInvoker';
import { cachedDestinations } from '../../core/async/eventInvokeConfig';
import { gatewayAccess } from '../../core/local/access/gatewayAccess';
import { localCredentials } from '../../core/local/access/localCredentials';
import { startApi, type ApiInfo, type RouteInfo } from '../../core/local/apiGateway/server';
import { startFunctionUrls, type ServedFunctionUrl } from '../../core/local/functionUrls/functionUrlServer';
import { startSchedules } from '../../core/local/schedule/scheduler';
import { cliRuntime } from '../cliRuntime';
import { flag, intFlag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../command';
import type { FunctionSpec } from '../../core/model';
import { openLiveFunctions } from '../liveFunctions';
import { PROFILE_FLAGS, PROFILE_FLAGS_USAGE, TEMPLATE_FLAGS, TEMPLATE_FLAGS_USAGE } from '../localSetup';

export const startApiCommand: CliCommand = {
  name: 'start-api',
  summary: 'Serve the API Gateway routes (REST, HTTP, WebSocket) of the functions on 127.0.0.1',
  usage: `Usage: lambda-workbench start-api [options]

Serves every API the templates declare (SAM Api/HttpApi with OpenAPI definitions, ApiGateway RestApi and
ApiGatewayV2 resources as CDK and the Serverless Framework emit them, nested stacks) and the Api, HttpApi and
WebSocket events of the functions found on a local API Gateway, running each request
on the local runtime (no Docker). Events and responses follow API Gateway's payload formats 1.0 and 2.0; a
function error answers 502 with the reason on stderr. A saved change to a function's code, its template or the
env vars file is picked up by the next request (only the changed functions start new instances).
WebSocket handlers find the @connections endpoint in AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI. Stops on Ctrl-C.

Function URLs (FunctionUrlConfig, AWS::Lambda::Url, serverless.yml url) are served too, each on its own free
port, listed at start-up; RESPONSE_STREAM URLs stream as the function writes (Lambda streams up to 200 MB, the
first 6 MB at full speed and the rest at up to 2 MB/s; locally there is no cap). AWS_IAM routes and URLs need a
SigV4 signature, verified against your AWS credentials (environment or profile) when they hold the key used;
ApiKeyRequired methods need an x-api-key the template declares. Start-up says what is checked.

Options:
  --template <file>    a SAM/CloudFormation template or serverless.yml; default: discover everything here
  --port <n>           the port (default 3000; 0 picks a free one)
  --env-vars <file>    a SAM-style env.json with environment overrides
${TEMPLATE_FLAGS_USAGE}
${PROFILE_FLAGS_USAGE}
  --schedules          also run the Schedule/ScheduleV2 events on their schedules (asynchronous invokes)
  --no-watch           keep warm instances and routes as they started, whatever changes on disk`,
  async run(args, io) {
    const parsed = parseArgs(
      args,
      ['port', 'env-vars', ...TEMPLATE_FLAGS, ...PROFILE_FLAGS],
      ['schedules', 'no-watch'],
    );
    if (parsed.positionals.length) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'`);
    const port = intFlag(parsed, 'port', 0, 65535) ?? 3000;
    const { target: aws, loaded, live } = await openLiveFunctions(parsed, io);
    const watch = !parsed.flags.has('no-watch');
    const runtime = cliRuntime({
      region: aws.region,
      credentials: aws.credentials,
      hostEnv: io.env,
      watchCode: watch,
      onLog: (line) => io.stderr(`${line.text}\n`),
    });
    let served = live.functions();
    /** The function as its files say now; a changed template also rebuilds the routes, for the requests after this one. */
    const latest = (fn: FunctionSpec): FunctionSpec => {
      if (!watch) return fn;
      const now = live.functions();
      if (now !== served) {
        served = now;
        void api.reload(now).catch((error: Error) => io.stderr(`the routes were not reloaded: ${error.message}\n`));
      }
      return now.find((f) => f.id === fn.id) ?? fn;
    };
    // The SDK's chain (SSO and roles included) when the user has AWS configuration, else the static keys around.
    const profile = flag(parsed, 'profile') ?? io.env.AWS_PROFILE;
    const origin =
      aws.credentials?.accessKeyId === io.env.AWS_ACCESS_KEY_ID
        ? 'environment'
        : profile
          ? `profile ${profile}`
          : "the AWS SDK's default chain";
    const credentials = aws.credentials ? { ...aws.credentials, origin } : await localCredentials(io.env);
    const access = gatewayAccess(credentials, (line) => io.stderr(`${line}\n`));
    const api = await startApi({
      functions: served,
      invoke: (fn, payload) => runtime.invoke(latest(fn), payload),
      port,
      onLog: (line) => io.stderr(`${line}\n`),
      reload: () => runtime.recycle(),
      accessChecks: [access.check],
    }).catch(async (error) => {
      await runtime.dispose();
      throw error;
    });
    const urls = await startFunctionUrls({
      functions: served,
      invoke: (fn, payload, options) => runtime.invoke(latest(fn), payload, options),
      accountId: runtime.accountId,
      credentials,
      onLog: (line) => io.stderr(`${line}\n`),
    });
    if (api.routes.length === 0 && urls.urls.length === 0)
      io.stderr('no Api, HttpApi or WebSocket events and no function URLs found; every request will get 404\n');
    for (const note of api.notes) io.stderr(`note: ${note}\n`);
    for (const line of access.summary(api.routes, served)) io.stderr(`access: ${line}\n`);
    io.stdout(`Local API on ${api.url}\n${formatApis(api.url, api.apis)}${formatRoutes(api.url, api.routes)}`);
    if (urls.urls.length) io.stdout(`Function URLs\n${formatFunctionUrls(urls.urls)}`);

    let asyncInvoker: AsyncInvoker | undefined;
    let stopSchedules = () => {};
    if (parsed.flags.has('schedules')) {
      const recordPath = join(loaded.root, '.lambda-workbench', 'async-records.jsonl');
      asyncInvoker = new AsyncInvoker({
        invoke: (fn, payload, options) => runtime.invoke(latest(fn), payload, options),
        recordPath,
        region: runtime.region,
        destinationFor: cachedDestinations(),
        onRecord: (r) =>
          io.stderr(`async ${r.requestContext.requestId}: ${r.requestContext.condition}, recorded in ${recordPath}\n`),
      });
      const running = startSchedules({
        functions: served,
        deliver: (fn, payload) => asyncInvoker!.enqueue(fn, payload),
        onFire: (f) =>
          io.stderr(`schedule ${f.schedule.fn.name}/${f.schedule.eventName} fired (${f.schedule.expression.text})\n`),
        onError: (error, s) => io.stderr(`schedule ${s.fn.name}/${s.eventName}: ${error.message}\n`),
      });
      for (const { schedule, time } of running.next()) {
        io.stdout(
          `  SCHEDULE ${schedule.expression.text}  ${schedule.fn.name}  next: ${time?.toISOString() ?? 'never'}\n`,
        );
      }
      stopSchedules = () => running.stop();
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.stderr('stopping\n');
    stopSchedules();
    await api.close();
    await urls.close();
    await asyncInvoker?.dispose();
    await runtime.dispose();
    return 0;
  },
};

/**
 * One line per API when there are several: its name, kind, stage and its own address (the main address serves them
 * all, the most specific route winning), and a base path mapping when it has one.
 */
export function formatApis(url: string, apis: ApiInfo[]): string {
  if (apis.length < 2) return '';
  const rows = apis.map((a) => [
    a.name,
    `${a.kind === 'rest' ? 'REST API' : 'HTTP API'}, stage ${a.stage}`,
    a.url + (a.basePath ? `  (also ${url}/${a.basePath})` : ''),
    a.declaredBy,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((row) => row[i].length)));
  const lines = rows.map(
    (row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  (${row[3]})\n`,
  );
  return `${apis.length} APIs, each on its own port too (on ${url} the most specific route of any API wins):\n${lines.join('')}Routes:\n`;
}

/** One line per route: method, URL (its API's own address), function and API kind. */
export function formatRoutes(url: string, routes: RouteInfo[]): string {
  const rows = routes.map((r) => {
    if (r.kind === 'websocket')
      return ['WS', `${url.replace(/^http/, 'ws')}  ${r.path}`, r.functionName, 'WebSocket API'];
    const base = r.apiUrl ?? url;
    const where = r.path === '$default' ? `${base}/*  ($default)` : `${base}${r.path}`;
    return [
      r.method,
      where,
      r.functionName,
      r.kind === 'rest' ? 'REST API, payload 1.0' : `HTTP API, payload ${r.payloadFormatVersion}`,
    ];
  });
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((row) => row[i].length)));
  return rows
    .map(
      (row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2].padEnd(widths[2])}  (${row[3]})\n`,
    )
    .join('');
}

/** One line per function URL: its local address, function, auth type and invoke mode. */
export function formatFunctionUrls(urls: ServedFunctionUrl[]): string {
  const width = Math.max(0, ...urls.map((u) => u.url.length));
  const names = Math.max(0, ...urls.map((u) => u.functionName.length));
  return urls
    .map(
      (u) =>
        `  URL  ${u.url.padEnd(width)}  ${u.functionName.padEnd(names)}  (function URL, ${u.authType}, ${u.invokeMode})\n`,
    )
    .join('');
}
