import type { FunctionSpec } from '../model';
import type { CodeStamp } from './codeVersions';
import { Instance, type Invocation } from './instance';
import { unstartedResult } from './unstartedResult';
import type { DebugRequest, InvocationResult, InvokeOptions } from './types';

/** Starts an instance of the pool's function; rejects with a LaunchError when it cannot. */
export type InstanceFactory = (
  fn: FunctionSpec,
  kind: { debug?: DebugRequest; initializationType: 'on-demand' | 'provisioned-concurrency'; onDebugReady?: InvokeOptions['onDebugReady'] },
  events: { onStateChange: (instance: Instance) => void; onOrphan: (invocation: Invocation) => void },
) => Promise<Instance>;

interface Queued {
  invocation: Invocation;
  debug?: DebugRequest;
  onDebugReady?: InvokeOptions['onDebugReady'];
}

/** A snapshot of one instance, for the editor and tests. */
export interface InstanceInfo {
  pid?: number;
  state: Instance['state'];
  debugging: boolean;
}

/**
 * The instances of one function: reuses warm ones, starts new ones up to the concurrency limit, queues beyond it,
 * and retires instances left idle too long. Debug invocations run on instances of their own, so an attached
 * debugger sees every debug invoke and plain invokes are never paused by a breakpoint.
 */
export class FunctionPool {
  private readonly instances = new Set<Instance>();
  private readonly starting = new Set<Promise<unknown>>();
  private readonly queue: Queued[] = [];
  private readonly idleTimers = new Map<Instance, NodeJS.Timeout>();

  constructor(
    private fn: FunctionSpec,
    private readonly create: InstanceFactory,
    private readonly options: { maxConcurrency: number; idleTimeoutMs: number; onLaunchError: (error: unknown, invocation: Invocation) => void },
  ) {}

  /**
   * The spec and the code stamp are refreshed before every dispatch. When what an instance is started from changed
   * (a saved file it loads, code folder, handler, memory, timeout, environment...), the warm instances are retired
   * (busy ones after their invocation), so the next invoke runs the new code, as after an UpdateFunctionCode in
   * Lambda. Returns what to tell the user when instances were retired.
   */
  update(fn: FunctionSpec, code?: CodeStamp): string | undefined {
    const specChanged = launchKey(fn) !== launchKey(this.fn);
    const codeChanged = code !== undefined && this.codeVersion !== undefined && code.version !== this.codeVersion;
    this.fn = fn;
    if (code) this.codeVersion = code.version;
    if (!specChanged && !codeChanged) return undefined;
    const live = [...this.instances].filter((i) => i.state !== 'dead');
    this.recycle();
    if (live.length === 0) return undefined;
    const why = codeChanged ? `${code?.changed ?? 'its code'} changed` : 'its configuration changed';
    const debug = live.some((i) => i.debugging) ? '; the debug instance restarts with the new code and the debugger attaches again' : '';
    return `${fn.name}: ${why} since its warm instance${live.length > 1 ? 's' : ''} started: retired, this invoke starts a new one${debug}`;
  }

  private codeVersion?: string;

  get limit(): number {
    return this.fn.reservedConcurrency ?? this.options.maxConcurrency;
  }

  get functionId(): string {
    return this.fn.id;
  }

  /** Whether an invoke would start at once (an idle instance, or room for a new one) rather than wait in the queue. */
  hasRoom(debug: boolean): boolean {
    const live = [...this.instances].filter((instance) => instance.state !== 'dead');
    const idle = live.filter((instance) => instance.state === 'idle' && instance.debugging === debug).length;
    const free = idle + Math.max(0, this.limit - live.length - this.starting.size);
    return this.queue.length < free;
  }

  invoke(invocation: Invocation, options: InvokeOptions = {}): void {
    const queued: Queued = { invocation, debug: options.debug, onDebugReady: options.onDebugReady };
    if (options.signal?.aborted) {
      invocation.resolve(cancelledResult(this.fn, invocation));
      return;
    }
    if (options.signal) {
      options.signal.addEventListener('abort', () => {
        const index = this.queue.indexOf(queued);
        if (index >= 0) {
          this.queue.splice(index, 1);
          invocation.resolve(cancelledResult(this.fn, invocation));
          return;
        }
        // Already running: stopping its instance ends it with Runtime.ExitError, its one result.
        for (const instance of this.instances) if (instance.currentRequestId === invocation.requestId) instance.stop();
      });
    }
    this.queue.push(queued);
    this.dispatch();
  }

  /** Starts instances until `count` are warm (provisioned concurrency); resolves when their init is done. */
  async prewarm(count: number): Promise<void> {
    const warm = [...this.instances].filter((i) => !i.debugging && i.state !== 'dead').length;
    const wanted = Math.min(count, this.limit) - warm;
    const started: Promise<void>[] = [];
    for (let i = 0; i < wanted; i++) {
      started.push(
        this.startInstance({ initializationType: 'provisioned-concurrency' }).then((instance) => instance.initialised),
      );
    }
    await Promise.all(started);
  }

  info(): InstanceInfo[] {
    return [...this.instances].map((i) => ({ pid: i.pid, state: i.state, debugging: i.debugging }));
  }

  /**
   * Stops idle instances now and busy ones after their invocation; with `debugOnly`, only debug instances, busy ones
   * at once (their debugger is gone, and one paused at a breakpoint would never finish): that invoke gets Runtime.ExitError.
   */
  recycle(debugOnly = false): void {
    for (const instance of this.instances) {
      if (debugOnly && !instance.debugging) continue;
      if (instance.state === 'busy' && !debugOnly) this.retireAfterUse.add(instance);
      else instance.stop();
    }
  }

  private readonly retireAfterUse = new Set<Instance>();

  /** Stops everything; queued invocations end with an error result. Resolves when every process has ended. */
  async dispose(): Promise<void> {
    for (const queued of this.queue.splice(0)) queued.invocation.resolve(cancelledResult(this.fn, queued.invocation));
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    // Instances still starting are stopped as soon as they exist.
    const starting = [...this.starting].map((promise) => promise.then((instance) => (instance as Instance).stop(), () => undefined));
    await Promise.all([...[...this.instances].map((instance) => instance.stop()), ...starting]);
  }

  private dispatch(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const queued = this.queue[i];
      const wantDebug = queued.debug !== undefined;
      const idle = [...this.instances].find((instance) => instance.state === 'idle' && instance.debugging === wantDebug);
      if (idle) {
        this.queue.splice(i--, 1);
        this.clearIdleTimer(idle);
        idle.invoke(queued.invocation);
        continue;
      }
      const running = [...this.instances].filter((instance) => instance.state !== 'dead').length + this.starting.size;
      if (running >= this.limit) continue;
      this.queue.splice(i--, 1);
      this.startInstance({ initializationType: 'on-demand', debug: queued.debug, onDebugReady: queued.onDebugReady }).then(
        (instance) => instance.invoke(queued.invocation),
        (error) => {
          this.options.onLaunchError(error, queued.invocation);
          this.dispatch();
        },
      );
    }
  }

  private startInstance(kind: Parameters<InstanceFactory>[1]): Promise<Instance> {
    // The spec as it is now: a template or environment change since the pool was made applies to new instances.
    const promise = this.create(this.fn, kind, {
      onStateChange: (instance) => this.stateChanged(instance),
      onOrphan: (invocation) => {
        this.queue.unshift({ invocation, debug: kind.debug, onDebugReady: kind.onDebugReady });
        queueMicrotask(() => this.dispatch());
      },
    });
    this.starting.add(promise);
    return promise.then(
      (instance) => {
        this.starting.delete(promise);
        this.instances.add(instance);
        return instance;
      },
      (error) => {
        this.starting.delete(promise);
        throw error;
      },
    );
  }

  private stateChanged(instance: Instance): void {
    if (instance.state === 'dead') {
      this.instances.delete(instance);
      this.retireAfterUse.delete(instance);
      this.clearIdleTimer(instance);
    } else if (instance.state === 'idle') {
      if (this.retireAfterUse.delete(instance)) {
        instance.stop();
        return;
      }
      this.clearIdleTimer(instance);
      const timer = setTimeout(() => instance.state === 'idle' && instance.stop(), this.options.idleTimeoutMs);
      timer.unref();
      this.idleTimers.set(instance, timer);
    }
    // Run after the caller's own bookkeeping (an instance reports idle from inside its completion).
    queueMicrotask(() => this.dispatch());
  }

  private clearIdleTimer(instance: Instance): void {
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
  }
}

/** What instances are started from: a change in any of it makes warm instances outdated (events do not). */
function launchKey(fn: FunctionSpec): string {
  const { runtime, handler, codeDir, memorySize, timeout, environment, logFormat, architectures, layers, layerSources, functionName } = fn;
  return JSON.stringify([runtime, handler, codeDir, memorySize, timeout, environment, logFormat, architectures, layers, layerSources, functionName]);
}

function cancelledResult(fn: FunctionSpec, invocation: Invocation): InvocationResult {
  const error = { errorType: 'Workbench.Cancelled', errorMessage: `RequestId: ${invocation.requestId} Error: the invocation was cancelled before it started` };
  return unstartedResult(fn, invocation.requestId, error, { coldStart: false });
}
