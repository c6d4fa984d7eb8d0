import type { FunctionSpec } from '../model';

/** How a debugger attaches to an instance. */
export interface DebugRequest {
  /** Loopback port the debug server of the instance listens on (inspector, debugpy or dlv). 0 picks a free one. */
  port: number;
  /** Wait for the debugger before the handler module loads (true by default), so first-line breakpoints hit. */
  waitForAttach?: boolean;
  /** The instance ends (and its debug port closes) when no debugger has been attached for this long; 60 s by default. */
  attachTimeoutMs?: number;
  /** Who follows the debug instances' invocations and knows how long their debugger held them paused (an editor). */
  watcher?: DebugWatcher;
}

/** Follows what debug instances do, for the front end that shows their debug sessions. */
export interface DebugWatcher {
  /** Instance `pid` took the invocation `requestId`, or finished its invocation and waits for the next (undefined). */
  invocation?(pid: number, requestId: string | undefined): void;
  /** How long the debugger held instance `pid` paused between two `performance.now()` readings of this process. */
  pausedMs(pid: number, from: number, to: number): number;
}

/** What a runtime launcher needs to start one instance of a function. */
export interface LaunchOptions {
  /** Folder for build output and caches (TypeScript bundles, Go binaries). */
  cacheDir: string;
  debug?: DebugRequest;
  /** Tells the user about slow one-time work before it starts (installing what the Lambda runtime itself includes). */
  onProgress?: (text: string) => void;
}

/** How to start one instance process: argument arrays, never a command string. */
export interface LaunchPlan {
  command: string;
  args: string[];
  cwd: string;
  /** LAMBDA_TASK_ROOT for the instance (a build folder for compiled languages). */
  taskRoot: string;
  /** _HANDLER for the instance. */
  handler: string;
  /** Variables this launcher adds on top of Lambda's (e.g. NODE_OPTIONS, PYTHONPATH). */
  env: Record<string, string>;
  /** Things the user should know (e.g. "python3.12 not found, using python3 3.11"). */
  warnings: string[];
  /**
   * A descriptor number on which the runtime gets a connection of its own to its Runtime API, besides the TCP
   * endpoint (see clients/node/descriptorChannel.ts); its processes are the only ones that hold it.
   */
  runtimeApiFd?: number;
  /** Set when the instance starts under a debug server: where to attach and with what. */
  debug?: { port: number; adapter: 'node' | 'debugpy' | 'dlv' };
  /**
   * The runtime the instance really runs, when the launcher knows it (e.g. `python:3.11.9` from the interpreter it
   * chose), for INIT_START; `matchesDeclared` is false when it is not the version the function declares.
   */
  runtimeVersion?: { name: string; matchesDeclared: boolean };
  /** Folders of built bundles: locations into them in errors and logs are mapped to the sources by their .map files. */
  sourceMapRoots?: string[];
}

/** Turns a function into a way of starting its instances. One per language family. */
export interface RuntimeLauncher {
  /** e.g. 'node', 'python', 'go', 'provided'. */
  readonly name: string;
  /** Whether this launcher starts this function (by runtime, and for `provided.*` by what the code folder holds). */
  matches(fn: FunctionSpec): boolean;
  /** Builds what needs building and says how to start the process. Throws LaunchError with a clear message. */
  prepare(fn: FunctionSpec, options: LaunchOptions): Promise<LaunchPlan>;
}

/** The error body a runtime reports, as Lambda passes it through. */
export interface FunctionErrorBody {
  errorType?: string;
  errorMessage?: string;
  /** Node.js runtimes send `trace`, Python and others `stackTrace`. */
  trace?: string[];
  stackTrace?: unknown;
  [key: string]: unknown;
}

export type InvocationStatus =
  | 'success'
  /** The handler reported an error (or init failed, or the process exited, or memory ran out). */
  | 'error'
  | 'timeout';

/** One log line of an instance, as the user sees it. */
export interface LogLine {
  /** ms since epoch when the line was received. */
  time: number;
  text: string;
  stream: 'stdout' | 'stderr' | 'platform';
  functionId: string;
  /** The invocation the line belongs to, when one was running. */
  requestId?: string;
}

/**
 * How local event sources run a function: `LocalRuntime.invoke` in the product, a plain function in tests.
 * Every call resolves exactly once (errors and timeouts are results, not rejections).
 */
export type InvokeFn = (
  fn: FunctionSpec,
  payload: string | Buffer,
  options?: InvokeOptions,
) => Promise<InvocationResult>;

export interface InvokeOptions {
  /** Lambda's client context (base64 JSON in the SDK; here the decoded JSON string). */
  clientContext?: string;
  /** The tenant id: required by, and only accepted by, a function with tenant isolation (TenancyConfig). */
  tenantId?: string;
  /**
   * Refuse with TooManyRequestsException instead of queueing when the function's ReservedConcurrentExecutions are
   * all busy, as Lambda answers synchronous invokes (the Invoke API sets it; the editor's Run queues).
   */
  throttle?: boolean;
  /** Cognito identity as JSON. */
  identity?: string;
  /** Start a new instance under a debugger for this invoke (or reuse one that is already attached). */
  debug?: DebugRequest;
  /** Called once when a debuggable instance has started, with where to attach. */
  onDebugReady?: (target: { port: number; adapter: 'node' | 'debugpy' | 'dlv'; pid: number }) => void;
  /** The version reported in START lines and X-Amz-Executed-Version. */
  version?: string;
  /**
   * Aborting while queued, or while its instance is being prepared or built, ends the invoke at once with
   * Workbench.Cancelled; while running, its instance is stopped (Runtime.ExitError).
   */
  signal?: AbortSignal;
  /** Hears a streamed response (a handler wrapped in awslambda.streamifyResponse) as the runtime writes it. */
  stream?: ResponseStreamListener;
}

/** Who hears a response stream while it is written; the whole body still comes in the result. */
export interface ResponseStreamListener {
  /** The runtime opened the stream, with its content type (before any chunk). */
  onStart?(contentType: string): void;
  onChunk(chunk: Buffer): void;
}

/** What a streamed response measured: shown with the other figures of an invocation. */
export interface StreamFigures {
  contentType: string;
  bytes: number;
  chunks: number;
  /** ms from the invocation's delivery to the runtime until the first byte of the body. */
  firstByteMs?: number;
}

/** The one result every invocation gets. */
export interface InvocationResult {
  requestId: string;
  functionId: string;
  status: InvocationStatus;
  /** The response payload, or the error body (as the caller of Invoke receives it). */
  payload: Buffer;
  /** Set for errors: Lambda's X-Amz-Function-Error. */
  functionError?: 'Unhandled' | 'Handled';
  error?: FunctionErrorBody;
  /**
   * The log lines of this invocation, START/END/REPORT included, in order: the last 1 MB of them (every line was
   * also streamed as it arrived); when earlier lines were left out, the first line says how many.
   */
  logs: string[];
  durationMs: number;
  /** Lambda's billed duration: the duration (and the init phase of a cold start), less any time paused by a debugger. */
  billedDurationMs: number;
  /** Time a debugger held this invocation paused (breakpoints, steps): in durationMs, left out of billedDurationMs. */
  pausedMs?: number;
  memorySizeMB: number;
  /** Undefined where the platform does not say (no /proc): REPORT then says the memory used is unknown. */
  maxMemoryUsedMB?: number;
  /** Present on cold starts. */
  initDurationMs?: number;
  coldStart: boolean;
  /** True when the timeout was lifted because a debugger was attached. */
  timeoutLifted?: boolean;
  /**
   * False when Lambda sent no REPORT line (a remote invoke of an emulator, say): durationMs is then the caller's
   * round trip, and the billed duration, memory and cost are not known.
   */
  reported?: false;
  /** Things the user should know that are not errors of the function (e.g. an interpreter fallback). */
  warnings: string[];
  /** Set when the function streamed its response (payload then holds the whole stream). */
  streamed?: StreamFigures;
}
