import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Diagnostic, EventSourceSpec, FunctionSpec } from '../model';
import {
  DiagnosticSink,
  readArchitectures,
  readEnvironment,
  readLogFormat,
  readMemory,
  readOptionalInteger,
  readRuntime,
  readTimeout,
  scalarString,
  type EnvVariable,
  type Located,
} from './functionFields';
import { serverlessBuild } from './buildMetadata';
import { applyHandlerLookup } from './handlerDiagnostics';
import { serverlessLayerSources } from './layerSources';
import { serverlessFunctionUrl } from './functionUrls';
import { liftFunctions, stepFunctionTasks } from './serverlessPlugins';
import type { DocPath, ParsedSource } from './parsedSource';
import type { ResolutionOptions } from './resolution';
import { ServerlessVariables, UnresolvedVariable } from './serverlessVariables';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Serverless event keys and the SAM event types they correspond to. */
const EVENT_TYPES: Record<string, string> = {
  http: 'Api',
  httpApi: 'HttpApi',
  s3: 'S3',
  sqs: 'SQS',
  sns: 'SNS',
  schedule: 'Schedule',
  eventBridge: 'EventBridgeRule',
  cloudwatchEvent: 'CloudWatchEvent',
  cloudwatchLog: 'CloudWatchLogs',
  websocket: 'WebSocket',
  alb: 'ALB',
  cognitoUserPool: 'Cognito',
  iot: 'IoTRule',
  kafka: 'SelfManagedKafka',
  msk: 'MSK',
  activemq: 'MQ',
  rabbitmq: 'MQ',
};

function routeProperties(value: unknown): Obj {
  if (typeof value === 'string') {
    if (value === '*') return { Path: '$default', Method: 'any' };
    const [method, ...path] = value.trim().split(/\s+/);
    return { Method: method.toLowerCase(), Path: path.join(' ') };
  }
  if (!isObj(value)) return {};
  const { path, method, ...rest } = value;
  return {
    ...rest,
    ...(path !== undefined ? { Path: path } : {}),
    ...(method !== undefined ? { Method: String(method).toLowerCase() } : {}),
  };
}

/** Maps one entry of `functions.<name>.events` to the SAM-style event source model. */
export function serverlessEvent(
  entry: unknown,
  index: number,
  position: EventSourceSpec['position'],
): EventSourceSpec | undefined {
  if (!isObj(entry)) return undefined;
  const key = Object.keys(entry)[0];
  if (key === undefined) return undefined;
  const value = entry[key];
  const props = isObj(value) ? value : {};
  let type = EVENT_TYPES[key] ?? key;
  let properties: Obj;
  switch (key) {
    case 'http':
    case 'httpApi':
      properties = routeProperties(value);
      break;
    case 's3':
      properties = isObj(value)
        ? { ...props, Bucket: props.bucket, Events: props.event ?? 's3:ObjectCreated:*' }
        : { Bucket: value, Events: 's3:ObjectCreated:*' };
      break;
    case 'sqs':
      properties = isObj(value)
        ? { ...props, Queue: props.arn, ...(props.batchSize !== undefined ? { BatchSize: props.batchSize } : {}) }
        : { Queue: value };
      break;
    case 'sns':
      properties = isObj(value) ? { ...props, Topic: props.arn ?? props.topicName } : { Topic: value };
      break;
    case 'schedule':
      properties = isObj(value)
        ? { ...props, Schedule: Array.isArray(props.rate) ? props.rate[0] : props.rate }
        : { Schedule: value };
      break;
    case 'stream': {
      const arn = isObj(value) ? props.arn : value;
      const kind =
        isObj(value) && typeof props.type === 'string'
          ? props.type
          : JSON.stringify(arn ?? '').includes(':kinesis:')
            ? 'kinesis'
            : 'dynamodb';
      type = kind === 'kinesis' ? 'Kinesis' : 'DynamoDB';
      properties = {
        ...props,
        Stream: arn,
        ...(props.startingPosition ? { StartingPosition: props.startingPosition } : {}),
      };
      break;
    }
    default:
      properties = isObj(value) ? props : { value };
  }
  return { name: `${type}${index}`, type, properties, position };
}

/**
 * The functions of a `serverless.yml`: provider defaults (runtime, memorySize, timeout, environment,
 * architecture, logs.lambda.logFormat) with per-function overrides, events mapped to SAM types, variables
 * resolved where they can be (the rest keep their text, with a warning).
 */
export function functionsFromServerless(
  source: ParsedSource,
  options: { resolution?: ResolutionOptions } = {},
): { functions: FunctionSpec[]; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(source);
  const root = source.value;
  if (!isObj(root)) return { functions: [], diagnostics: [] };
  const pluginFunctions = liftFunctions(root, source);
  if (!isObj(root.functions)) {
    if (root.functions !== undefined)
      sink.add(['functions'], 'warning', 'functions must be a map of function names to settings');
    if (!pluginFunctions.length) return { functions: [], diagnostics: sink.list };
  }
  const declared = [
    ...Object.entries(isObj(root.functions) ? root.functions : {}).map(([key, def]) => ({
      key,
      def,
      base: ['functions', key] as DocPath,
      events: [] as EventSourceSpec[],
    })),
    ...pluginFunctions,
  ];
  const vars = new ServerlessVariables(root, { dir: dirname(source.file), resolution: options.resolution });
  const resolve = (value: unknown, path: DocPath): unknown => {
    try {
      return vars.resolve(value);
    } catch (error) {
      if (!(error instanceof UnresolvedVariable)) throw error;
      sink.add(path, 'warning', `${error.message}; the text is kept as written`);
      return value;
    }
  };
  const provider = isObj(root.provider) ? root.provider : {};
  const serviceRaw = isObj(root.service) ? root.service.name : root.service;
  const service = scalarString(resolve(serviceRaw, ['service'])) ?? 'service';
  const build = serverlessBuild(source, root, sink);
  const servicePackage = isObj(root.package) ? root.package : {};
  const functions: FunctionSpec[] = [];
  for (const { key, def, base, events: pluginEvents } of declared) {
    if (!isObj(def)) continue;
    const pick = (name: string, providerName = name): Located | undefined => {
      if (def[name] !== undefined) return { value: resolve(def[name], [...base, name]), path: [...base, name] };
      if (provider[providerName] !== undefined) {
        return { value: resolve(provider[providerName], ['provider', providerName]), path: ['provider', providerName] };
      }
      return undefined;
    };
    if (def.image !== undefined) {
      sink.add(base, 'info', `${key}: container image functions are not run locally; it is skipped`);
      continue;
    }
    const handlerAt = pick('handler', '\0');
    const handler = scalarString(handlerAt?.value);
    if (!handler) sink.add(handlerAt?.path ?? base, 'error', `${key}: handler is missing or not a string`);
    const runtimeAt = pick('runtime') ?? { value: 'nodejs20.x', path: base };
    const variables: EnvVariable[] = [];
    for (const [owner, env] of [
      [['provider'], provider.environment],
      [base, def.environment],
    ] as const) {
      if (!isObj(env)) continue;
      for (const [name, value] of Object.entries(env)) {
        variables.push({
          name,
          value,
          path: [...owner, 'environment', name],
          owner: owner[0] === 'provider' ? 'provider' : undefined,
        });
      }
    }
    const logs = isObj(provider.logs) && isObj(provider.logs.lambda) ? provider.logs.lambda : {};
    const events = Array.isArray(def.events) ? def.events : [];
    const fn: FunctionSpec = {
      id: `${source.file}#${key}`,
      name: key,
      functionName: scalarString(pick('name', '\0')?.value) ?? `${service}-${vars.stage}-${key}`,
      source: 'serverless',
      templatePath: source.file,
      templatePosition: source.position(base),
      runtime: readRuntime(runtimeAt, sink, label(runtimeAt, key)),
      handler: handler ?? '',
      codeDir: dirname(source.file),
      memorySize: readMemory(pick('memorySize'), sink, label(pick('memorySize'), key)),
      timeout: readTimeout(pick('timeout'), sink, label(pick('timeout'), key)),
      environment: readEnvironment(variables, (v) => envValue(vars, v), sink, key),
      architectures: readArchitectures(pick('architecture'), sink, label(pick('architecture'), key)),
      layers: (Array.isArray(def.layers) ? def.layers : []).map((l, i) => {
        const value = resolve(l, [...base, 'layers', i]);
        return typeof value === 'string' ? value : JSON.stringify(value);
      }),
      logFormat: readLogFormat(
        logs.logFormat === undefined
          ? undefined
          : { value: logs.logFormat, path: ['provider', 'logs', 'lambda', 'logFormat'] },
        sink,
        'provider',
      ),
      events: events
        .map((e, i) => serverlessEvent(resolve(e, [...base, 'events', i]), i, source.position([...base, 'events', i])))
        .filter((e): e is EventSourceSpec => e !== undefined)
        .concat(pluginEvents),
    };
    const url = serverlessFunctionUrl(resolve(def.url, [...base, 'url']), [...base, 'url'], key, source, sink);
    if (url) fn.url = url;
    const description = scalarString(pick('description', '\0')?.value);
    if (description) fn.description = description;
    const role = scalarString(pick('role', '\0')?.value);
    if (role?.startsWith('arn:')) fn.role = role;
    const reserved = readOptionalInteger(pick('reservedConcurrency', '\0'), sink, key, 'reservedConcurrency');
    if (reserved !== undefined) fn.reservedConcurrency = reserved;
    const provisioned = readOptionalInteger(pick('provisionedConcurrency', '\0'), sink, key, 'provisionedConcurrency');
    if (provisioned !== undefined) fn.provisionedConcurrency = provisioned;
    const layerList = def.layers !== undefined ? def.layers : provider.layers;
    const layerBase: DocPath = def.layers !== undefined ? [...base, 'layers'] : ['provider', 'layers'];
    const entries = Array.isArray(layerList)
      ? layerList.map((value, i) => ({ value: resolve(value, [...layerBase, i]), path: [...layerBase, i] }))
      : [];
    const local = serverlessLayerSources(entries, isObj(root.layers) ? root.layers : {}, dirname(source.file));
    if (local.layers.length) fn.layerSources = local.layers;
    for (const problem of local.problems) sink.add(problem.path, 'warning', `${key}: ${problem.message}`);
    if (build && fn.runtime.startsWith('nodejs')) fn.build = build;
    // A prebuilt package (`package.artifact`, the function's own or the service's) is what runs, as on deploy.
    const ownPackage = isObj(def.package) ? def.package : {};
    const artifact = scalarString(
      resolve(ownPackage.artifact ?? servicePackage.artifact, [...base, 'package', 'artifact']),
    );
    if (artifact) fn.codeArchive = isAbsolute(artifact) ? artifact : resolvePath(dirname(source.file), artifact);
    else if (handler && fn.runtime) applyHandlerLookup(fn, {}, sink, handlerAt!.path);
    functions.push(fn);
  }
  const tasks = stepFunctionTasks(root, new Map(functions.map((fn) => [fn.name, fn.functionName ?? fn.name])), source);
  for (const fn of functions) fn.events.push(...(tasks.get(fn.name) ?? []));
  return { functions, diagnostics: sink.list };
}

/** Who a diagnostic is about: the function, or the provider when the value is a provider default. */
function label(at: Located | undefined, key: string): string {
  return at?.path[0] === 'provider' ? 'provider' : key;
}

function envValue(vars: ServerlessVariables, value: unknown): { value?: unknown; reason?: string } {
  try {
    return { value: vars.resolve(value) };
  } catch (error) {
    if (error instanceof UnresolvedVariable) return { reason: error.message };
    throw error;
  }
}
