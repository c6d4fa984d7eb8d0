import { randomUUID } from 'node:crypto';
import { defaultCacheDir } from '../build/cacheDir';
import { MAX_SYNC_PAYLOAD_BYTES, type FunctionSpec } from '../model';
import { CodeVersions } from './codeVersions';
import type { LayerFetcher } from './layers/optFolder';
import { FunctionPool, type InstanceInfo } from './functionPool';
import { InstanceStarter } from './instanceStarter';
import type { LocalIdentity } from './lambdaEnvironment';
import { createLaunchers, type LauncherSettings } from './launchers';
import type { DebugRequest, InvocationResult, InvokeOptions, LogLine, RuntimeLauncher } from './types';

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
    readonly code:
      | 'RequestTooLargeException'
      | 'InvalidRequestContentException'
      | 'InvalidParameterValueException'
      | 'TooManyRequestsException',
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
  private readonly identity: LocalIdentity;
  readonly cacheDir: string;
  private readonly codeVersions: CodeVersions;
  private readonly starter: InstanceStarter;

  constructor(private readonly options: LocalRuntimeOptions = {}) {
    const host = options.hostEnv ?? process.env;
    this.identity = {
      region: options.region ?? host.AWS_REGION ?? host.AWS_DEFAULT_REGION ?? 'us-east-1',
      accountId: options.accountId ?? '123456789012',
    };
    this.cacheDir = options.cacheDir ?? defaultCacheDir();
    this.codeVersions = new CodeVersions([this.cacheDir], options.watchCode !== false);
    this.starter = new InstanceStarter({
      launchers: options.launchers ?? createLaunchers(options),
      cacheDir: this.cacheDir,
      identity: this.identity,
      host,
      credentials: options.credentials,
      onLog: (line) => this.log(line),
      layerFetcher: options.layerFetcher,
    });
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
      if (options.throttle && fn.reservedConcurrency !== undefined && !pool.hasRoom(options.debug !== undefined))
        throw throttled(fn);
    } catch (error) {
      return Promise.reject(error);
    }
    const requestId = randomUUID();
    return this.codeVersions.settle().then(() => {
      const code = this.codeVersions.stamp(fn);
      const notice = pool.update(fn, code);
      if (notice) this.log({ time: Date.now(), text: notice, stream: 'platform', functionId: fn.id, requestId });
      const request = {
        requestId,
        payload: body,
        version: options.version ?? '$LATEST',
        clientContext: options.clientContext,
        identity: options.identity,
        tenantId: options.tenantId,
        stream: options.stream,
      };
      const debug = (options.debug ? undefined : this.debugRoutes.get(fn.id)) ?? options;
      const notes = notice ? [notice, ...code.problems] : code.problems;
      return pool.invoke(request, {
        signal: options.signal,
        notes,
        debug: debug.debug,
        onDebugReady: debug.onDebugReady,
      }).result;
    });
  }

  /**
   * While a debugger is attached to a function (an editor's debug session), its invokes that ask for no debugger run
   * on its debug instances all the same, so every caller (the local API, the Invoke API) stops at its breakpoints.
   * `route` is the debug request for those invokes and who hears of new debug instances; undefined ends the routing.
   */
  routeToDebugger(
    functionId: string,
    route: { debug: DebugRequest; onDebugReady?: InvokeOptions['onDebugReady'] } | undefined,
  ): void {
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
    for (const pool of this.pools.values())
      if (!functionId || pool.functionId === functionId) pool.recycle(options.debugOnly);
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
    pool = new FunctionPool(fn, this.starter, {
      maxConcurrency: this.options.maxConcurrency ?? 10,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 10 * 60_000,
      onLog: (line) => this.log(line),
    });
    this.pools.set(key, pool);
    return pool;
  }

  private log(line: LogLine): void {
    this.options.onLog?.(line);
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
    throw new InvokeRequestError(
      'InvalidParameterValueException',
      `The function ${fn.functionName ?? fn.name} has tenant isolation enabled (TenancyConfig PER_TENANT): a tenant id is required.`,
      400,
    );
  }
  if (!fn.tenantIsolation && tenantId !== undefined) {
    throw new InvokeRequestError(
      'InvalidParameterValueException',
      `The function ${fn.functionName ?? fn.name} does not have tenant isolation enabled: a tenant id must not be given.`,
      400,
    );
  }
  if (tenantId !== undefined && !/^[\x21-\x7e]{1,256}$/.test(tenantId)) {
    throw new InvokeRequestError(
      'InvalidParameterValueException',
      'The tenant id must be 1 to 256 printable ASCII characters without spaces.',
      400,
    );
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
    throw new InvokeRequestError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
      400,
    );
  }
  return body;
}
