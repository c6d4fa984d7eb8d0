import type { FunctionSpec } from '../model';
import { Cancellation } from './cancellation';
import { invocationResult, type Outcome } from './invocationResult';
import type { InvocationResult, ResponseStreamListener } from './types';

/** What the caller asked to run: the event and the parameters of Lambda's Invoke. */
export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  version: string;
  clientContext?: string;
  identity?: string;
  /** The tenant, for a function with tenant isolation. */
  tenantId?: string;
  /** Hears the chunks of a streamed response as they arrive. */
  stream?: ResponseStreamListener;
}

/**
 * One invocation, from the moment the runtime accepts it until its one result. Whoever holds it (the pool while it
 * waits or its instance is prepared, then the instance that runs it) ends it with `settle`; only the first call
 * counts. Everything that ends it early from outside (a caller that gives up or hangs up, a debugger that stops)
 * goes through `abort`, and its holder hears it through `whenAborted` to act on it.
 */
export class Invocation {
  /** Resolves exactly once, with the result shaped by invocationResult. */
  readonly result: Promise<InvocationResult>;
  private resolveResult!: (result: InvocationResult) => void;
  private readonly abortRequest = new Cancellation();
  private ended = false;
  private unlink?: () => void;

  constructor(
    readonly fn: FunctionSpec,
    readonly request: InvocationRequest,
    /** What to tell the user with the result whatever it is (code changed under a warm instance...). */
    private readonly notes: readonly string[],
    /** The caller's own signal: aborting it aborts the invocation. */
    callerSignal?: AbortSignal,
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    if (callerSignal?.aborted) this.abort();
    else if (callerSignal) {
      const listener = () => this.abort();
      callerSignal.addEventListener('abort', listener, { once: true });
      this.unlink = () => callerSignal.removeEventListener('abort', listener);
    }
  }

  get requestId(): string {
    return this.request.requestId;
  }

  /** Whether something outside asked to end the invocation before its result. */
  get aborted(): boolean {
    return this.abortRequest.requested;
  }

  /** Hears the abort, once (its holder, the pool, acts on it where the invocation is). */
  whenAborted(listener: () => void): void {
    this.abortRequest.onCancel(listener);
  }

  /** Whether the result is known: nothing more can change it. */
  get settled(): boolean {
    return this.ended;
  }

  /** Asks to end the invocation early; does nothing once it is settled. */
  abort(): void {
    if (!this.ended) this.abortRequest.cancel();
  }

  /** Ends the invocation with its one result; false (and nothing changes) when it had already ended. */
  settle(outcome: Outcome): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.unlink?.();
    this.resolveResult(invocationResult(this.fn, this.request.requestId, outcome, this.notes));
    return true;
  }
}
