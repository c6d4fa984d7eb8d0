import { performance } from 'node:perf_hooks';
import type { Cancellation } from './cancellation';
import { mapErrorBody, mapStackText } from './mapStackTrace';
import type { FunctionSpec } from '../model';
import { describeExit, lambdaErrors, parseErrorBody } from './lambdaErrors';
import { functionArn, lambdaEnvironment, type LocalIdentity } from './lambdaEnvironment';
import { LogBuffer } from './logBuffer';
import { PlatformLog } from './platformLog';
import { ProcessFamily } from './processFamily';
import { DebugAttachWatch } from './debugAttachWatch';
import { MemoryWatch } from './memoryWatch';
import { RuntimeProcess } from './runtimeProcess';
import { MB } from './processMemory';
import type { Invocation } from './invocation';
import type { Outcome } from './invocationResult';
import {
  MAX_RESPONSE_BYTES,
  RuntimeApiServer,
  type InvocationDelivery,
  type RuntimeApiHandler,
} from './runtimeApiServer';
import { ResponseStreamCollector } from './streaming/responseStreamCollector';
import type { ResponseStreamSink } from './streaming/receiveStream';
import { traceId } from './traceId';
import type { DebugWatcher, FunctionErrorBody, InvocationStatus, LaunchPlan, LogLine } from './types';

export interface InstanceOptions {
  fn: FunctionSpec;
  plan: LaunchPlan;
  identity: LocalIdentity;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  host: NodeJS.ProcessEnv;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Every log line, as it arrives. */
  onLog: (line: LogLine) => void;
  onDebugReady?: (target: { port: number; adapter: 'node' | 'debugpy' | 'dlv'; pid: number }) => void;
  /** How long the debug port stays open with no debugger on it (DEFAULT_DEBUG_ATTACH_TIMEOUT_MS by default). */
  debugAttachTimeoutMs?: number;
  /** Hears this debug instance take and finish invocations, and says how long its debugger held it paused. */
  debugWatcher?: DebugWatcher;
  /** Where the function's layers are merged, when it has any (results that reach for /opt say so). */
  optDir?: string;
}

/** Lambda's limit for the init phase of an on-demand instance, before the function's own timeout applies. */
const INIT_LIMIT_MS = 10_000;

interface Active {
  invocation: Invocation;
  logs: LogBuffer;
  cold: boolean;
  deliveredAt?: number;
  /** No more answers are taken from the runtime. */
  answered: boolean;
  /** END was written: later output belongs to the next invocation. */
  finished: boolean;
  timer?: NodeJS.Timeout;
  /** Set while and after the runtime streams its response. */
  stream?: ResponseStreamCollector;
}

/**
 * One execution environment: a runtime process, its own Runtime API server, and the invocation it is running.
 * It enforces the function's timeout and memory like Lambda, frames logs with START/END/REPORT, and turns every
 * way a process can fail (error, init error, exit, kill, timeout, out of memory) into exactly one result.
 */
export class Instance implements RuntimeApiHandler {
  state: 'init' | 'idle' | 'busy' | 'dead' = 'init';
  readonly debugging: boolean;
  private process!: RuntimeProcess;
  private api!: RuntimeApiServer;
  private readonly platform: PlatformLog;
  private spawnedAt = 0;
  private initDurationMs?: number;
  private current?: Active;
  private waitingNext?: { resolve: (next: InvocationDelivery) => void; reject: (error: Error) => void };
  /** Lines that arrived outside an invocation: init output, or background work after the last END. */
  private pendingLogs = new LogBuffer();
  private family?: ProcessFamily;
  private debugWatch?: DebugAttachWatch;
  private memory?: MemoryWatch;
  private outOfMemory = false;
  private timedOut = false;
  private invocationsStarted = 0;
  private initialisedResolve!: () => void;
  private initialisedReject!: (error: Error) => void;
  /** Settles when the init phase ends: resolved on the runtime's first /next, rejected if it dies first. */
  readonly initialised = new Promise<void>((resolve, reject) => {
    this.initialisedResolve = resolve;
    this.initialisedReject = reject;
  });

  private endedResolve!: () => void;
  /** Resolves when the instance's processes have ended (by themselves, or stopped). */
  readonly ended = new Promise<void>((resolve) => (this.endedResolve = resolve));
  private orphan?: Invocation;

  private constructor(private readonly options: InstanceOptions) {
    this.initialised.catch(() => undefined);
    this.platform = new PlatformLog(options.fn.logFormat);
    this.debugging = options.plan.debug !== undefined;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /**
   * An invocation this instance was given but never delivered, because its runtime exited first (some clients exit
   * right after reporting a panic): it is not settled, and can run on another instance.
   */
  get undelivered(): Invocation | undefined {
    return this.orphan;
  }

  get functionId(): string {
    return this.options.fn.id;
  }

  /** Starts the Runtime API server and the process. The init phase runs until the runtime's first /next. */
  static async start(options: InstanceOptions): Promise<Instance> {
    const instance = new Instance(options);
    // Only the instance's own processes may talk to its Runtime API (see SECURITY.md).
    instance.api = await RuntimeApiServer.start(
      instance,
      (client, server) => instance.family?.ownsConnection(client, server) ?? Promise.resolve(false),
    );
    instance.spawn();
    return instance;
  }

  private spawn(): void {
    const { fn, plan } = this.options;
    const env = lambdaEnvironment({
      fn,
      plan,
      runtimeApi: this.api.endpoint,
      identity: this.options.identity,
      version: '$LATEST',
      initializationType: this.options.initializationType,
      host: this.options.host,
      credentials: this.options.credentials,
    });
    this.spawnedAt = performance.now();
    const initStart = this.platform.initStart(
      plan.runtimeVersion?.name ?? fn.runtime,
      plan.runtimeVersion?.matchesDeclared === false ? fn.runtime : undefined,
    );
    this.pendingLogs.push(initStart);
    this.emit(initStart, 'platform');
    this.process = new RuntimeProcess(plan, env, {
      onLine: (text, stream) => this.line(text, stream),
      onClose: (code, signal) => this.exited(code, signal),
    });
    const channel = this.process.runtimeApiChannel;
    if (channel) this.api.adopt(channel);
    if (plan.debug && plan.debug.port !== 0) {
      this.options.onDebugReady?.({ ...plan.debug, pid: this.process.pid ?? 0 });
      this.watchDebugPort(plan.debug.port);
    }
    if (this.process.pid !== undefined) {
      // The log stream name is unique to this instance: every process it starts inherits it.
      this.family = new ProcessFamily(this.process.pid, `AWS_LAMBDA_LOG_STREAM_NAME=${env.AWS_LAMBDA_LOG_STREAM_NAME}`);
      this.memory = new MemoryWatch(
        this.process.pid,
        this.debugging ? undefined : this.options.fn.memorySize,
        (usedMB) => {
          // What Lambda's cgroup does when a sandbox goes over its memory size.
          this.outOfMemory = true;
          this.line(
            `Runtime.OutOfMemory: ${usedMB} MB used, over the function's ${this.options.fn.memorySize} MB`,
            'platform',
          );
          void this.kill();
        },
      );
    }
  }

  /** Runs an invocation: the first one of an instance is its cold start. */
  invoke(invocation: Invocation): void {
    if (this.state !== 'idle' && this.state !== 'init') throw new Error(`instance is ${this.state}`);
    // Lambda reports Init Duration on the first invocation of an on-demand environment only.
    const cold = this.invocationsStarted++ === 0 && this.options.initializationType === 'on-demand';
    const active: Active = { invocation, logs: new LogBuffer(), cold, answered: false, finished: false };
    this.current = active;
    if (this.state === 'init') {
      // Init output belongs to the first invocation, before its START line, as in CloudWatch.
      active.timer = this.debugging
        ? undefined
        : setTimeout(() => this.timeout(active), INIT_LIMIT_MS + this.options.fn.timeout * 1000);
    }
    this.state = 'busy';
    this.family?.track(true);
    if (this.waitingNext) this.deliver(active);
  }

  /** Stops the instance (a running invocation ends with Runtime.ExitError); resolves when its processes are ended. */
  stop(): Promise<void> {
    return this.kill();
  }

  // ---- Runtime API callbacks -------------------------------------------------------------------------------------

  next(ended: Cancellation): Promise<InvocationDelivery> {
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.spawnedAt;
      this.initialisedResolve();
      if (this.state === 'init') this.becomeIdle();
    }
    const active = this.current;
    if (active?.deliveredAt !== undefined && !active.answered) {
      void this.complete(active, 'error', lambdaErrors.noResponse(active.invocation.requestId));
    }
    return new Promise<InvocationDelivery>((resolve, reject) => {
      this.waitingNext = { resolve, reject };
      ended.onCancel(() => {
        this.waitingNext = undefined;
        reject(new Error('cancelled'));
      });
      if (this.current && this.current.deliveredAt === undefined) this.deliver(this.current);
    });
  }

  response(requestId: string, body: Buffer): boolean {
    const active = this.answerable(requestId);
    if (!active) return false;
    void this.complete(active, 'success', body);
    return true;
  }

  responseTooLarge(requestId: string, size: number): boolean {
    const active = this.answerable(requestId);
    if (!active) return false;
    void this.complete(active, 'error', lambdaErrors.responseTooLarge(size, MAX_RESPONSE_BYTES));
    return true;
  }

  responseStream(requestId: string, contentType: string): ResponseStreamSink | undefined {
    const active = this.answerable(requestId);
    if (!active || active.stream) return undefined;
    const stream = (active.stream = new ResponseStreamCollector(
      contentType,
      active.deliveredAt!,
      active.invocation.request.stream,
    ));
    return {
      chunk: (data) => {
        if (active.answered) return;
        const tooLarge = stream.add(data);
        if (tooLarge) void this.complete(active, 'error', tooLarge);
      },
      end: (error) => {
        if (active.answered) return;
        if (error) void this.complete(active, 'error', parseErrorBody(error.body, error.errorType));
        else void this.complete(active, 'success', stream.body());
      },
    };
  }

  error(requestId: string, body: Buffer, errorType: string | undefined): boolean {
    const active = this.answerable(requestId);
    if (!active) return false;
    void this.complete(active, 'error', this.mapped(parseErrorBody(body, errorType)));
    return true;
  }

  initError(body: Buffer, errorType: string | undefined): void {
    const error = this.mapped(parseErrorBody(body, errorType));
    const active = this.current;
    if (active && !active.answered) void this.complete(active, 'error', error, { kill: true });
    else {
      // A pre-warmed instance failed its init: nobody is waiting, so say it in the logs and retire the instance.
      this.line(`INIT failed: ${error.errorType}: ${error.errorMessage}`, 'platform');
      void this.kill();
    }
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  private answerable(requestId: string): Active | undefined {
    const active = this.current;
    if (!active || active.answered || active.invocation.requestId !== requestId || active.deliveredAt === undefined)
      return undefined;
    return active;
  }

  private deliver(active: Active): void {
    const waiting = this.waitingNext!;
    this.waitingNext = undefined;
    const { fn, identity } = this.options;
    const invocation = active.invocation.request;
    active.logs.push(...this.pendingLogs.drain());
    this.record(active, this.platform.start(invocation.requestId, invocation.version), 'platform');
    active.deliveredAt = performance.now();
    this.options.debugWatcher?.invocation?.(this.pid ?? 0, invocation.requestId);
    clearTimeout(active.timer);
    active.timer = this.debugging ? undefined : setTimeout(() => this.timeout(active), fn.timeout * 1000);
    waiting.resolve({
      requestId: invocation.requestId,
      payload: invocation.payload,
      deadlineMs: Date.now() + fn.timeout * 1000,
      invokedFunctionArn: functionArn(fn, identity, invocation.version),
      traceId: traceId(),
      clientContext: invocation.clientContext,
      cognitoIdentity: invocation.identity,
      tenantId: invocation.tenantId,
    });
  }

  private timeout(active: Active): void {
    if (active.answered) return;
    this.timedOut = true;
    this.record(active, this.platform.timedOut(active.invocation.requestId, this.options.fn.timeout), 'platform');
    void this.complete(active, 'timeout', lambdaErrors.timeout(active.invocation.requestId, this.options.fn.timeout), {
      kill: true,
    });
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    this.memory?.stop();
    this.debugWatch?.stop();
    // What the runtime started ends with it, even when the runtime ended by itself.
    this.ending ??= this.family?.killAll();
    const wasDead = this.state === 'dead';
    this.initialisedReject(new Error(`the instance ended during init: ${describeExit(code, signal)}`));
    this.state = 'dead';
    this.api.close();
    this.waitingNext?.reject(new Error('exited'));
    this.waitingNext = undefined;
    const active = this.current;
    if (active && !active.answered && active.deliveredAt === undefined && this.initDurationMs !== undefined) {
      // A warm runtime that exits right after its last answer (some clients exit after reporting a panic) never
      // saw this invocation: Lambda would start a fresh environment for it, and so does the pool.
      active.answered = true;
      clearTimeout(active.timer);
      this.current = undefined;
      this.orphan = active.invocation;
    } else if (active && !active.answered) {
      const how = describeExit(code, signal);
      const { requestId } = active.invocation;
      void this.complete(
        active,
        'error',
        this.outOfMemory ? lambdaErrors.outOfMemory(requestId, how) : lambdaErrors.exit(requestId, how),
      );
    } else if (!this.timedOut && !wasDead && code !== 0) {
      this.line(`instance exited between invocations: ${describeExit(code, signal)}`, 'platform');
    }
    this.endedResolve();
  }

  private async complete(
    active: Active,
    status: InvocationStatus,
    answer: Buffer | FunctionErrorBody,
    how: { kill?: boolean } = {},
  ): Promise<void> {
    active.answered = true;
    clearTimeout(active.timer);
    const end = performance.now();
    const started = active.deliveredAt ?? end;
    const peak = await this.memory?.peak(this.state !== 'dead');
    if (how.kill) void this.kill();
    // Lines the process wrote before answering may still be in the pipe: let them arrive first.
    await (how.kill || this.state === 'dead' ? this.process.closedWithin(1000) : this.process.quiet());
    this.process.flushPartialLines();
    const { fn } = this.options;
    const durationMs = end - started;
    const initDurationMs = active.cold ? (this.initDurationMs ?? end - this.spawnedAt) : undefined;
    const error = Buffer.isBuffer(answer) ? undefined : answer;
    const { requestId } = active.invocation;
    if (active.deliveredAt === undefined) {
      // Init failed before the runtime asked for work: frame it like any invocation all the same.
      active.logs.push(...this.pendingLogs.drain());
      this.record(active, this.platform.start(requestId, active.invocation.request.version), 'platform');
    }
    active.finished = true;
    const end_ = this.platform.end(requestId);
    if (end_) this.record(active, end_, 'platform');
    // Lambda never pauses at a breakpoint: what a debugger held paused is shown, not billed.
    const pausedMs =
      this.options.debugWatcher?.pausedMs(this.pid ?? 0, active.cold ? this.spawnedAt : started, end) || undefined;
    // Since August 2025 Lambda bills the init phase of on-demand instances too.
    const billedDurationMs = Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0) - (pausedMs ?? 0)));
    // Unknown where the platform has no /proc: said so rather than guessed.
    const maxMemoryUsedMB = peak === undefined ? undefined : Math.max(1, Math.round(peak / MB));
    if (pausedMs) this.record(active, this.platform.paused(requestId, pausedMs, billedDurationMs), 'platform');
    this.record(
      active,
      this.platform.report(requestId, {
        durationMs,
        billedDurationMs,
        memorySizeMB: fn.memorySize,
        maxMemoryUsedMB,
        initDurationMs,
        status: status === 'success' ? undefined : status,
        errorType: status === 'error' && error?.errorType?.startsWith('Runtime.') ? error.errorType : undefined,
        timeoutLifted: this.debugging || undefined,
      }),
      'platform',
    );
    if (this.current === active) this.current = undefined;
    if (this.state === 'busy') this.becomeIdle();
    const outcome: Outcome = {
      status,
      body: error ? undefined : (answer as Buffer),
      error,
      logs: active.logs.lines(),
      coldStart: active.cold,
      figures: {
        durationMs,
        billedDurationMs,
        pausedMs,
        maxMemoryUsedMB,
        initDurationMs,
        timeoutLifted: this.debugging || undefined,
        streamed: active.stream?.figures(),
      },
      warnings: active.stream
        ? [...this.options.plan.warnings, ...active.stream.warnings()]
        : this.options.plan.warnings,
      optDir: this.options.optDir,
    };
    active.invocation.settle(outcome);
    this.options.debugWatcher?.invocation?.(this.pid ?? 0, undefined);
  }

  private becomeIdle(): void {
    this.state = 'idle';
    // Waiting for work costs nothing; what background work starts meanwhile is still found at the end (session, marker).
    this.family?.track(false);
  }

  /** Stack traces into built bundles, pointed back at the sources (the process runs without source-map support). */
  private mapped(error: FunctionErrorBody): FunctionErrorBody {
    return mapErrorBody(error, this.options.plan.sourceMapRoots ?? []);
  }

  private line(raw: string, stream: LogLine['stream']): void {
    const text = stream === 'platform' ? raw : mapStackText(raw, this.options.plan.sourceMapRoots ?? []);
    if (stream === 'stderr') this.watchStderr(text);
    const active = this.current;
    if (active && active.deliveredAt !== undefined && !active.finished) this.record(active, text, stream);
    else {
      this.pendingLogs.push(text);
      this.emit(text, stream, active?.invocation.requestId);
    }
  }

  private record(active: Active, text: string, stream: LogLine['stream']): void {
    active.logs.push(text);
    this.emit(text, stream, active.invocation.requestId);
  }

  private emit(text: string, stream: LogLine['stream'], requestId?: string): void {
    this.options.onLog({ time: Date.now(), text, stream, functionId: this.options.fn.id, requestId });
  }

  private watchStderr(text: string): void {
    if (/JavaScript heap out of memory|Reached heap limit|MemoryError|fatal error: runtime: out of memory/.test(text))
      this.outOfMemory = true;
    const debug = this.options.plan.debug;
    if (debug && debug.port === 0) {
      const match = /Debugger listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (match) {
        this.options.onDebugReady?.({ port: Number(match[1]), adapter: debug.adapter, pid: this.process.pid ?? 0 });
        this.watchDebugPort(Number(match[1]));
      }
    }
  }

  /** A debug port lives only while a debugger uses it: left unattached too long, the instance ends and closes it. */
  private watchDebugPort(port: number): void {
    this.debugWatch?.stop();
    const watch = new DebugAttachWatch(
      port,
      this.options.debugAttachTimeoutMs,
      () => {
        this.line(
          `no debugger attached to port ${port} for ${Math.round(watch.timeoutMs / 1000)} s: the debug instance is stopped and its port closed`,
          'platform',
        );
        void this.kill();
      },
      () => this.initDurationMs !== undefined,
    );
    this.debugWatch = watch;
  }

  private kill(): Promise<void> {
    if (this.state !== 'dead') this.state = 'dead';
    this.memory?.stop();
    this.debugWatch?.stop();
    // Without its Runtime API a runtime that escaped the kill (another process group) has nothing left to do.
    this.api.close();
    if (!this.family) {
      this.process?.kill();
      return Promise.resolve();
    }
    return (this.ending ??= this.family.killAll(() => this.process.kill()));
  }

  private ending?: Promise<void>;
}
