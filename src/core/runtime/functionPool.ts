import type { FunctionSpec } from '../model';
import type { CodeStamp } from './codeVersions';
import type { Instance } from './instance';
import type { InstanceKind, InstanceStarter } from './instanceStarter';
import { Invocation, type InvocationRequest } from './invocation';
import { cancelledOutcome, launchFailureOutcome } from './invocationResult';
import type { DebugRequest, InvokeOptions, LogLine } from './types';

/** A snapshot of one instance, for the editor and tests. */
export interface InstanceInfo {
  pid?: number;
  state: Instance['state'];
  debugging: boolean;
}

/** What the pool asks of an invoke besides the request itself. */
export interface PoolInvokeOptions extends Pick<InvokeOptions, 'debug' | 'onDebugReady' | 'signal'> {
  /** Said with the result, whatever it is. */
  notes?: readonly string[];
}

/** An invocation as the pool holds it: where it is, so that an abort acts on the right thing. */
interface Ticket {
  invocation: Invocation;
  debug?: DebugRequest;
  onDebugReady?: InvokeOptions['onDebugReady'];
  place: 'queued' | 'starting' | Instance;
}

/** One instance of the pool, with what it was started as and what it is doing. */
interface Member {
  kind: InstanceKind;
  ticket?: Ticket;
  idleTimer?: NodeJS.Timeout;
}

/**
 * The instances of one function: reuses warm ones, starts new ones up to the concurrency limit, queues beyond it,
 * and retires instances left idle too long. Debug invocations run on instances of their own, so an attached
 * debugger sees every debug invoke and plain invokes are never paused by a breakpoint. The pool hears from its
 * instances only through what they return: an invocation's result, `initialised` and `ended`.
 */
export class FunctionPool {
  private readonly members = new Map<Instance, Member>();
  private readonly starting = new Set<Promise<Instance>>();
  /** Invocations whose instance is being prepared or built for them. */
  private readonly preparing = new Set<Ticket>();
  private readonly queue: Ticket[] = [];
  private readonly retireAfterUse = new Set<Instance>();
  private codeVersion?: string;

  constructor(
    private fn: FunctionSpec,
    private readonly starter: InstanceStarter,
    private readonly options: { maxConcurrency: number; idleTimeoutMs: number; onLog: (line: LogLine) => void },
  ) {}

  /**
   * The spec and the code stamp are refreshed before every dispatch. When what an instance is started from changed
   * (a saved file it loads, code folder, handler, memory, timeout, environment...), the warm instances are retired
   * (busy ones after their invocation), so the next invoke runs the new code, as after an UpdateFunctionCode in
   * Lambda. Returns what to tell the user when instances were retired.
   */
  update(fn: FunctionSpec, code?: CodeStamp): string | undefined {
    const specChanged = fn !== this.fn && launchKey(fn) !== launchKey(this.fn);
    const codeChanged = code !== undefined && this.codeVersion !== undefined && code.version !== this.codeVersion;
    this.fn = fn;
    if (code) this.codeVersion = code.version;
    if (!specChanged && !codeChanged) return undefined;
    const live = [...this.members.keys()].filter((i) => i.state !== 'dead');
    this.recycle();
    if (live.length === 0) return undefined;
    const why = codeChanged ? `${code?.changed ?? 'its code'} changed` : 'its configuration changed';
    const debug = live.some((i) => i.debugging)
      ? '; the debug instance restarts with the new code and the debugger attaches again'
      : '';
    return `${fn.name}: ${why} since its warm instance${live.length > 1 ? 's' : ''} started: retired, this invoke starts a new one${debug}`;
  }

  get limit(): number {
    return this.fn.reservedConcurrency ?? this.options.maxConcurrency;
  }

  get functionId(): string {
    return this.fn.id;
  }

  /** Whether an invoke would start at once (an idle instance, or room for a new one) rather than wait in the queue. */
  hasRoom(debug: boolean): boolean {
    const live = [...this.members.keys()].filter((instance) => instance.state !== 'dead');
    const idle = live.filter((instance) => instance.state === 'idle' && instance.debugging === debug).length;
    const free = idle + Math.max(0, this.limit - live.length - this.starting.size);
    return this.queue.length < free;
  }

  /**
   * Takes an invocation: it runs on an idle instance, on a new one, or waits its turn. Aborting it while it waits
   * or while its instance is being prepared ends it at once with Workbench.Cancelled (an instance started for it
   * alone is stopped as soon as it exists); while it runs, its instance is stopped and Runtime.ExitError is its result.
   */
  invoke(request: InvocationRequest, options: PoolInvokeOptions = {}): Invocation {
    const invocation = new Invocation(this.fn, request, options.notes ?? [], options.signal);
    if (invocation.aborted) {
      invocation.settle(cancelledOutcome(request.requestId));
      return invocation;
    }
    const ticket: Ticket = { invocation, debug: options.debug, onDebugReady: options.onDebugReady, place: 'queued' };
    invocation.whenAborted(() => this.abandon(ticket));
    this.queue.push(ticket);
    this.dispatch();
    return invocation;
  }

  /** Starts instances until `count` are warm (provisioned concurrency); resolves when their init is done. */
  async prewarm(count: number): Promise<void> {
    const warm = [...this.members.keys()].filter((i) => !i.debugging && i.state !== 'dead').length;
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
    return [...this.members.keys()].map((i) => ({ pid: i.pid, state: i.state, debugging: i.debugging }));
  }

  /**
   * Stops idle instances now and busy ones after their invocation; with `debugOnly`, only debug instances, busy ones
   * at once (their debugger is gone, and one paused at a breakpoint would never finish): that invoke is aborted and
   * gets Runtime.ExitError.
   */
  recycle(debugOnly = false): void {
    for (const [instance, member] of this.members) {
      if (debugOnly && !instance.debugging) continue;
      if (instance.state === 'busy' && !debugOnly) this.retireAfterUse.add(instance);
      else if (member.ticket && instance.state === 'busy')
        // The debug session ended.
        member.ticket.invocation.abort();
      else void instance.stop();
    }
  }

  /**
   * Stops everything; invocations not yet running (queued, or waiting for their instance) end with Workbench.Cancelled.
   * Resolves when every process has ended.
   */
  async dispose(): Promise<void> {
    for (const ticket of [...this.queue, ...this.preparing]) ticket.invocation.abort();
    for (const member of this.members.values()) clearTimeout(member.idleTimer);
    // Instances still starting are stopped as soon as they exist.
    const starting = [...this.starting].map((promise) =>
      promise.then(
        (instance) => instance.stop(),
        () => undefined,
      ),
    );
    await Promise.all([...[...this.members.keys()].map((instance) => instance.stop()), ...starting]);
  }

  /** An abort: what it does depends on where the invocation is. */
  private abandon(ticket: Ticket): void {
    const { invocation, place } = ticket;
    if (place === 'queued') this.queue.splice(this.queue.indexOf(ticket), 1);
    if (place === 'queued' || place === 'starting') invocation.settle(cancelledOutcome(invocation.requestId));
    // Running: stopping its instance ends it with Runtime.ExitError, its one result.
    else void place.stop();
  }

  private dispatch(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const ticket = this.queue[i];
      const idle = this.idleInstance(ticket.debug !== undefined);
      if (idle) {
        this.queue.splice(i--, 1);
        this.run(ticket, idle);
        continue;
      }
      if (this.liveCount() + this.starting.size >= this.limit) continue;
      this.queue.splice(i--, 1);
      ticket.place = 'starting';
      this.preparing.add(ticket);
      void this.startInstance({
        initializationType: 'on-demand',
        debug: ticket.debug,
        onDebugReady: ticket.onDebugReady,
      }).then(
        (instance) => {
          this.preparing.delete(ticket);
          // Aborted while its instance was being prepared: that instance was started for it alone.
          if (ticket.invocation.settled) void instance.stop();
          else if (instance.state !== 'dead') this.run(ticket, instance);
          else {
            this.requeue(ticket);
            this.dispatch();
          }
        },
        (error) => {
          this.preparing.delete(ticket);
          const outcome = launchFailureOutcome(error, this.starter.optDir(this.fn.id));
          const { requestId } = ticket.invocation;
          this.options.onLog({
            time: Date.now(),
            text: outcome.logs[0],
            stream: 'platform',
            functionId: this.fn.id,
            requestId,
          });
          ticket.invocation.settle(outcome);
          this.dispatch();
        },
      );
    }
  }

  /** An idle instance of the wanted kind; one waiting to be retired is stopped on the way. */
  private idleInstance(debug: boolean): Instance | undefined {
    for (const instance of this.members.keys()) {
      if (instance.state !== 'idle' || instance.debugging !== debug) continue;
      if (!this.retireAfterUse.delete(instance)) return instance;
      void instance.stop();
    }
    return undefined;
  }

  private liveCount(): number {
    let live = 0;
    for (const instance of this.members.keys()) if (instance.state !== 'dead') live++;
    return live;
  }

  private run(ticket: Ticket, instance: Instance): void {
    const member = this.members.get(instance)!;
    clearTimeout(member.idleTimer);
    member.ticket = ticket;
    ticket.place = instance;
    instance.invoke(ticket.invocation);
    void ticket.invocation.result.then(() => this.released(instance));
  }

  private startInstance(kind: InstanceKind): Promise<Instance> {
    // The spec as it is now: a template or environment change since the pool was made applies to new instances.
    const promise = this.starter.start(this.fn, kind);
    this.starting.add(promise);
    return promise.then(
      (instance) => {
        this.starting.delete(promise);
        this.members.set(instance, { kind });
        void instance.initialised.then(
          () => this.released(instance),
          () => undefined,
        );
        void instance.ended.then(() => this.ended(instance));
        return instance;
      },
      (error) => {
        this.starting.delete(promise);
        throw error;
      },
    );
  }

  /** The instance is done with its init or its invocation: it takes queued work, idles, or retires. */
  private released(instance: Instance): void {
    const member = this.members.get(instance);
    if (!member) return;
    if (instance.state === 'dead') {
      // Ended by its invocation (timeout, out of memory, init error); `ended` still hands on one it never delivered.
      if (!member.ticket || member.ticket.invocation.settled) this.forget(instance);
    } else if (instance.state === 'idle') {
      member.ticket = undefined;
      if (this.retireAfterUse.delete(instance)) {
        void instance.stop();
        return;
      }
      clearTimeout(member.idleTimer);
      member.idleTimer = setTimeout(() => {
        if (instance.state === 'idle') void instance.stop();
      }, this.options.idleTimeoutMs);
      member.idleTimer.unref();
    }
    this.dispatch();
  }

  /** The instance's processes have ended: an invocation it was given but never delivered runs elsewhere. */
  private ended(instance: Instance): void {
    const member = this.members.get(instance);
    this.forget(instance);
    const ticket = member?.ticket;
    if (ticket && instance.undelivered === ticket.invocation && !ticket.invocation.settled) {
      // A warm runtime that exits right after its last answer never saw this invocation: Lambda would start a
      // fresh environment for it, and so does the pool.
      ticket.debug = member.kind.debug;
      ticket.onDebugReady = member.kind.onDebugReady;
      this.requeue(ticket);
    }
    this.dispatch();
  }

  /** Back at the head of the queue: the instance it was given is gone before the handler saw it (retired meanwhile). */
  private requeue(ticket: Ticket): void {
    ticket.place = 'queued';
    this.queue.unshift(ticket);
  }

  private forget(instance: Instance): void {
    clearTimeout(this.members.get(instance)?.idleTimer);
    this.members.delete(instance);
    this.retireAfterUse.delete(instance);
  }
}

/** What instances are started from: a change in any of it makes warm instances outdated (events do not). */
const LAUNCH_FIELDS = [
  'runtime',
  'handler',
  'codeDir',
  'memorySize',
  'timeout',
  'environment',
  'logFormat',
  'architectures',
  'layers',
  'layerSources',
  'functionName',
] as const satisfies ReadonlyArray<keyof FunctionSpec>;

function launchKey(fn: FunctionSpec): string {
  return JSON.stringify(LAUNCH_FIELDS.map((field) => fn[field]));
}
