import { randomUUID } from 'node:crypto';
import { defaultCacheDir } from '../build/cacheDir';
import { prepareCode } from '../build/prepareCode';
import { MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec } from '../model';
import { CodeVersions } from './codeVersions';
import { missingModuleHint } from './missingModule';
import { layerEnvironment, prepareOptFolder, type LayerFetcher } from './layers/optFolder';
import { FunctionPool, type InstanceFactory, type InstanceInfo } from './functionPool';
import { Instance, type Invocation } from './instance';
import { lambdaErrors } from './lambdaErrors';
import type { LocalIdentity } from './lambdaEnvironment';
import { createLaunchers, launcherFor, type LauncherSettings } from './launchers';
import { unstartedResult } from './unstartedResult';
import { LaunchError, type DebugRequest, type InvocationResult, type InvokeOptions, type LogLine, type RuntimeLauncher } from './types';

export interface LocalRuntimeOptions extends LauncherSettings {
  /** Build output and caches; defaults to a folder under the OS temp dir. */
  cacheDir?: string;
  /** Region and account the functions believe they run in (ARNs, AWS_REGION). */
  region?: string;
  accountId?: string;
  /** Instances per function when the template sets no ReservedConcurrentExecutions. */
  maxConcurrency?: number;
  /** How long a warm instance waits for work before it is stopped. */
  idleTimeoutMs?: number;
  /** Every log line of every instance, as it arrives. */
  onLog?: (line: LogLine) => void;
  /** Credentials passed to handlers; by default the host's AWS_* variables are passed through. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The host environment (PATH, HOME, credentials); process.env by default. */
  hostEnv?: NodeJS.ProcessEnv;
  /**
   * Watch the folders instances load code from (default true): a saved change retires the warm instances that
   * loaded the old code before the next invoke. False keeps warm instances whatever changes on disk.
   */
  watchCode?: boolean;
  /**
   * Makes the fetcher of layers given by ARN (GetLayerVersionByArn into the cache folder), on first need. It is given
   * by the front end, so that the runtime never loads the AWS SDK itself (the editor keeps it out of activation);
   * without it such layers are left out, with a warning.
   */
  layerFetcher?: (cacheDir: string, credentials: LocalRuntimeOptions['credentials']) => LayerFetcher;
  /** Replaces the built-in launchers (tests, or languages added by the editor). */
  launchers?: RuntimeLauncher[];
}

/** A request the Invoke API itself refuses, before any instance sees it (Lambda's 4xx errors). */
export class InvokeRequestError extends Error {
  constructor(
    readonly code: 'RequestTooLargeException' | 'InvalidRequestContentException' | 'InvalidParameterValueException' | 'TooManyRequestsException',
    message: string,
    readonly statusCode: number,
    /** Extra members of Lambda's error body (e.g. `Reason` of a throttle). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * The local Lambda service: runs functions on instances of their runtime, with Lambda's semantics, and no Docker.
 * Every call of `invoke` resolves exactly once with an InvocationResult (or rejects with an InvokeRequestError
 * for a request Lambda itself would refuse, such as a payload over 6 MB or one that is not JSON).
 */
export class LocalRuntime {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly debugRoutes = new Map<string, Pick<InvokeOptions, 'debug' | 'onDebugReady'>>();
  private readonly launchers: RuntimeLauncher[];
  private readonly identity: LocalIdentity;
  readonly cacheDir: string;
  private readonly codeVersions: CodeVersions;
  private readonly optDirs = new Map<string, string>();

  constructor(private readonly options: LocalRuntimeOptions = {}) {
    this.launchers = options.launchers ?? createLaunchers(options);
    const host = options.hostEnv ?? process.env;
    this.identity = {
      region: options.region ?? host.AWS_REGION ?? host.AWS_DEFAULT_REGION ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
    };
    this.cacheDir = options.cacheDir ?? defaultCacheDir();
    this.codeVersions = new CodeVersions([this.cacheDir], options.watchCode !== false);
  }

  get region(): string {
    return this.identity.region;
  }

  get accountId(): string {
    return this.identity.accountId;
  }

  /** Invokes a function with a JSON payload (an empty payload is `{}`). */
  invoke(fn: FunctionSpec, payload: string | Buffer = '', options: InvokeOptions = {}): Promise<InvocationResult> {
    let body: Buffer;
    let pool: FunctionPool;
    try {
      body = checkInvokable(fn, typeof payload === 'string' ? Buffer.from(payload) : payload, options.tenantId);
      pool = this.pool(fn, options.tenantId);
      if (options.throttle && fn.reservedConcurrency !== undefined && !pool.hasRoom(options.debug !== undefined)) throw throttled(fn);
    } catch (error) {
      return Promise.reject(error);
    }
    const requestId = randomUUID();
    return this.codeVersions.settle().then(
      () =>
        new Promise((resolve) => {
          const code = this.codeVersions.stamp(fn);
          const notice = pool.update(fn, code);
          const extra = [...(notice ? [notice] : []), ...code.problems];
          const invocation: Invocation = {
            requestId,
            payload: body,
            version: options.version ?? '$LATEST',
            clientContext: options.clientContext,
            identity: options.identity,
            tenantId: options.tenantId,
            stream: options.stream,
            resolve: (result) => {
              const missing = missingModuleHint(fn, result);
              const all = [...extra, ...this.absoluteOptWarning(fn, result), ...(missing ? [missing] : []), ...result.warnings];
              resolve(all.length === result.warnings.length ? result : { ...result, warnings: all });
            },
          };
          if (notice) this.options.onLog?.({ time: Date.now(), text: notice, stream: 'platform', functionId: fn.id, requestId });
          const route = options.debug ? undefined : this.debugRoutes.get(fn.id);
          pool.invoke(invocation, route ? { ...options, ...route } : options);
        }),
    );
  }

  /**
   * While a debugger is attached to a function (an editor's debug session), its invokes that ask for no debugger run
   * on its debug instances all the same, so every caller (the local API, the Invoke API) stops at its breakpoints.
   * `route` is the debug request for those invokes and who hears of new debug instances; undefined ends the routing.
   */
  routeToDebugger(functionId: string, route: { debug: DebugRequest; onDebugReady?: InvokeOptions['onDebugReady'] } | undefined): void {
    if (route) this.debugRoutes.set(functionId, route);
    else this.debugRoutes.delete(functionId);
  }

  /** Keeps `count` instances initialised and warm (provisioned concurrency); defaults to the template's value or 1. */
  prewarm(fn: FunctionSpec, count = fn.provisionedConcurrency ?? 1): Promise<void> {
    const pool = this.pool(fn);
    pool.update(fn, this.codeVersions.stamp(fn));
    return pool.prewarm(count);
  }

  instances(functionId: string): InstanceInfo[] {
    return [...this.pools.values()].filter((pool) => pool.functionId === functionId).flatMap((pool) => pool.info());
  }

  /** New code or configuration: the next invokes start fresh instances (busy ones finish first). */
  recycle(functionId?: string, options: { debugOnly?: boolean } = {}): void {
    for (const pool of this.pools.values()) if (!functionId || pool.functionId === functionId) pool.recycle(options.debugOnly);
  }

  /** Stops every instance; queued invocations end with an error result. Resolves when every process they started has ended. */
  async dispose(): Promise<void> {
    this.codeVersions.dispose();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.dispose()));
  }

  /**
   * The function's instances; with tenant isolation, each tenant's own (Lambda never shares an environment between
   * tenants). Its spec and code stamp are brought up to date by `invoke` and `prewarm`, just before dispatch.
   */
  private pool(fn: FunctionSpec, tenantId?: string): FunctionPool {
    const key = tenantId === undefined ? fn.id : `${fn.id}\u0000tenant:${tenantId}`;
    let pool = this.pools.get(key);
    if (pool) return pool;
    pool = new FunctionPool(fn, (spec, kind, events) => this.startInstance(spec, kind, events), {
      maxConcurrency: this.options.maxConcurrency ?? 10,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 10 * 60_000,
      onLaunchError: (error, invocation) => invocation.resolve(this.launchFailure(fn, invocation, error)),
    });
    this.pools.set(key, pool);
    return pool;
  }

  private async startInstance(fn: FunctionSpec, kind: Parameters<InstanceFactory>[1], events: Parameters<InstanceFactory>[2]): Promise<Instance> {
    // What the template says to build is built first; the launcher starts the result like any code folder.
    const code = await prepareCode(fn, this.cacheDir, { debug: kind.debug !== undefined });
    const launcher = launcherFor(this.launchers, code.fn);
    const progress = (text: string) => this.options.onLog?.({ time: Date.now(), text, stream: 'platform', functionId: fn.id });
    const plan = await launcher.prepare(code.fn, { cacheDir: this.cacheDir, debug: kind.debug, onProgress: progress });
    plan.warnings.unshift(...code.warnings);
    if (code.sourceMapRoots.length) plan.sourceMapRoots = code.sourceMapRoots;
    const opt = await prepareOptFolder(fn, this.cacheDir, this.options.layerFetcher ? (arn) => this.fetchLayer(arn) : undefined);
    if (opt) {
      // Said before the invocation's own lines, so a layer left out is known before its effects are seen.
      for (const warning of opt.warnings) progress(`warning: ${warning}`);
      const host = this.options.hostEnv ?? process.env;
      Object.assign(plan.env, layerEnvironment(fn, opt.dir, { ...plan.env, PATH: plan.env.PATH ?? host.PATH ?? '', LD_LIBRARY_PATH: host.LD_LIBRARY_PATH ?? '' }));
      plan.warnings.push(...opt.warnings);
      this.optDirs.set(fn.id, opt.dir);
    }
    return Instance.start({
      fn,
      plan,
      identity: this.identity,
      initializationType: kind.initializationType,
      host: this.options.hostEnv ?? process.env,
      credentials: this.options.credentials,
      onLog: (line) => this.options.onLog?.(line),
      ...events,
      onDebugReady: kind.onDebugReady,
      debugAttachTimeoutMs: kind.debug?.attachTimeoutMs,
    });
  }

  private fetcher?: LayerFetcher;

  /** Layers given by ARN, downloaded with the SDK's credentials (the fetcher is made only when a function has one). */
  private fetchLayer(arn: string): Promise<string> {
    this.fetcher ??= this.options.layerFetcher!(this.cacheDir, this.options.credentials);
    return this.fetcher(arn);
  }

  /**
   * Layers are merged in a cache folder, not at /opt (a path only root could write here): when a result shows the
   * function reaching for /opt/... by absolute path, it says where the layers are instead.
   */
  private absoluteOptWarning(fn: FunctionSpec, result: InvocationResult): string[] {
    const dir = this.optDirs.get(fn.id);
    const text = `${result.error?.errorMessage ?? ''}\n${result.logs.join('\n')}`;
    const path = /(?<![\w.-])\/opt\/[^\s'"`,)]+/.exec(text)?.[0];
    if (!dir || !path) return [];
    return [`${fn.name} used ${path} by absolute path: locally its layers are merged in ${dir}, not in /opt (module paths, PATH and LD_LIBRARY_PATH point there; absolute /opt paths read this machine's /opt)`];
  }

  /** A function that could not even start still gets one result, with the reason in its error and logs. */
  private launchFailure(fn: FunctionSpec, invocation: Invocation, error: unknown): InvocationResult {
    const errorType = error instanceof LaunchError ? error.errorType : 'Runtime.Unknown';
    const message = error instanceof Error ? error.message : String(error);
    const body = lambdaErrors.launch(errorType, message);
    const logs = [`${errorType}: ${message}`];
    this.options.onLog?.({ time: Date.now(), text: logs[0], stream: 'platform', functionId: fn.id, requestId: invocation.requestId });
    const located = error instanceof LaunchError && error.location ? { location: error.location } : {};
    return unstartedResult(fn, invocation.requestId, { ...body, ...located }, { logs, coldStart: true });
  }
}

/**
 * What Lambda checks of every invoke, synchronous or not, before running it: the payload (size, JSON) and the
 * tenant id. Returns the payload to run (`{}` for an empty one); throws InvokeRequestError.
 */
export function checkInvokable(fn: FunctionSpec, payload: Buffer, tenantId: string | undefined): Buffer {
  const body = checkPayload(payload);
  checkTenant(fn, tenantId);
  return body;
}

/** Lambda's answer to a tenant id missing on a function with tenant isolation, or given to one without. */
function checkTenant(fn: FunctionSpec, tenantId: string | undefined): void {
  if (fn.tenantIsolation && !tenantId) {
    throw new InvokeRequestError('InvalidParameterValueException', `The function ${fn.functionName ?? fn.name} has tenant isolation enabled (TenancyConfig PER_TENANT): a tenant id is required.`, 400);
  }
  if (!fn.tenantIsolation && tenantId !== undefined) {
    throw new InvokeRequestError('InvalidParameterValueException', `The function ${fn.functionName ?? fn.name} does not have tenant isolation enabled: a tenant id must not be given.`, 400);
  }
  if (tenantId !== undefined && !/^[\x21-\x7e]{1,256}$/.test(tenantId)) {
    throw new InvokeRequestError('InvalidParameterValueException', 'The tenant id must be 1 to 256 printable ASCII characters without spaces.', 400);
  }
}

/** Lambda's throttle of a synchronous invoke over the function's reserved concurrency. */
function throttled(fn: FunctionSpec): InvokeRequestError {
  return new InvokeRequestError(
    'TooManyRequestsException',
    `Rate Exceeded. ${fn.functionName ?? fn.name} has ReservedConcurrentExecutions ${fn.reservedConcurrency} and all of it is in use.`,
    429,
    { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
  );
}

function checkPayload(body: Buffer): Buffer {
  if (body.length > MAX_SYNC_PAYLOAD_BYTES) {
    throw new InvokeRequestError(
      'RequestTooLargeException',
      `Request must be smaller than ${MAX_SYNC_PAYLOAD_BYTES} bytes for the InvokeFunction operation (this one has ${body.length}).`,
      413,
    );
  }
  if (body.length === 0) return Buffer.from('{}');
  try {
    JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new InvokeRequestError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`, 400);
  }
  return body;
}
