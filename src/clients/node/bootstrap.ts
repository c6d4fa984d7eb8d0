import { createContext } from './context';
import { toErrorBody, type ErrorBody } from './errors';
import { loadHandler, type Handler } from './handlerLoader';
import { installLambdaConsole } from './logging';
import { NextInvocationError, RuntimeApiClient, type NextInvocation } from './runtimeApiClient';
import type { ResponseStream } from './responseStream';
import { installAwsLambdaGlobal, responseStreamFor } from './streaming';

/**
 * The Node.js runtime client started in every local instance: loads the handler once (init), then loops on
 * `next` → handler → `response`/`error`, with the semantics of Lambda's Node.js runtime (async and callback
 * handlers, callbackWaitsForEmptyEventLoop, the legacy context.done/succeed/fail, uncaught errors).
 */
type Outcome =
  { ok: true; value: unknown; stream?: ResponseStream } | { ok: false; error: unknown; stream?: ResponseStream };

const endpoint = process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001';
const api = new RuntimeApiClient(endpoint, runtimeApiDescriptor());
installAwsLambdaGlobal();
const log = installLambdaConsole();
let current: NextInvocation | undefined;

async function main(): Promise<void> {
  api.open();
  const debugPort = process.env.LAMBDA_WORKBENCH_DEBUG_PORT;
  if (debugPort !== undefined) {
    // Waiting, the handler loads only once a debugger has attached, so that its breakpoints bind.
    // Required here: only a debug instance pays for loading worker_threads.
    const { openDebugPort } = require('./debugPort') as typeof import('./debugPort');
    await openDebugPort(
      Number(debugPort),
      `Lambda ${process.env._HANDLER ?? ''}`,
      !!process.env.LAMBDA_WORKBENCH_WAIT_FOR_DEBUGGER,
    );
  }
  let handler: Handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
  } catch (error) {
    takeCoverage();
    const body = toErrorBody(error);
    log.error(
      `Init Error \t${JSON.stringify({ errorType: body.errorType, errorMessage: body.errorMessage, stack: body.trace })}`,
    );
    await api.initError(body);
    process.exit(1);
  }
  for (;;) {
    current = await api.next();
    process.env._X_AMZN_TRACE_ID = current.traceId ?? '';
    log.setRequestId(current.requestId);
    const outcome = await run(handler, current);
    takeCoverage();
    await report(current, outcome);
    current = undefined;
    // The runtime would have exited: the next invocation gets a fresh environment, as after Runtime.NodeJsExit in Lambda.
    if (!outcome.ok && (outcome.error as Error)?.name === 'Runtime.NodeJsExit') process.exit(0);
  }
}

/**
 * The descriptor the host opened to the Runtime API, if it did. Its variable is taken out of the environment: the
 * handler and the processes it starts do not see it.
 */
function runtimeApiDescriptor(): number | undefined {
  const fd = process.env.LAMBDA_WORKBENCH_RUNTIME_API_FD;
  delete process.env.LAMBDA_WORKBENCH_RUNTIME_API_FD;
  return fd ? Number(fd) : undefined;
}

/**
 * Under a test run with coverage (NODE_V8_COVERAGE set), V8's counts are written out before the result is reported,
 * so they are on disk when the caller hears of it; instances are stopped with SIGKILL, when Node writes nothing.
 */
function takeCoverage(): void {
  if (process.env.NODE_V8_COVERAGE) (require('node:v8') as typeof import('node:v8')).takeCoverage();
}

function run(handler: Handler, invocation: NextInvocation): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    let emptyLoop: (() => void) | undefined;
    const onEmptyLoop = (then: () => void) => {
      emptyLoop = then;
      process.once('beforeExit', then);
    };
    const settle = (outcome: Outcome, afterEmptyLoop: boolean) => {
      if (settled) return;
      settled = true;
      if (emptyLoop) process.removeListener('beforeExit', emptyLoop);
      if (afterEmptyLoop && context.callbackWaitsForEmptyEventLoop) onEmptyLoop(() => resolve(outcome));
      else resolve(outcome);
    };
    const finishNow = (error: unknown, result: unknown) =>
      settle(error ? { ok: false, error } : { ok: true, value: result }, false);
    const context = createContext(invocation, finishNow);
    const callback = (error: unknown, result?: unknown) =>
      settle(error ? { ok: false, error } : { ok: true, value: result }, true);
    let event: unknown;
    try {
      event = invocation.body.length ? JSON.parse(invocation.body.toString('utf8')) : {};
    } catch (error) {
      settle(
        {
          ok: false,
          error: Object.assign(new Error(`Could not parse the event: ${(error as Error).message}`), {
            name: 'Runtime.UnmarshalError',
          }),
        },
        false,
      );
      return;
    }
    const stream = responseStreamFor(handler, endpoint, invocation.requestId);
    if (stream) {
      // A streaming handler is `async (event, responseStream, context)`: its promise ends the stream.
      Promise.resolve()
        .then(callFromQueue(handler, [event, stream, context]))
        .then(([returned]) => returned)
        .then(
          (value) => settle({ ok: true, value, stream }, false),
          (error) => settle({ ok: false, error: error ?? new Error('rejected'), stream }, false),
        );
      return;
    }
    Promise.resolve()
      .then(callFromQueue(handler, [event, context, callback]))
      .then(
        ([returned]) => {
          if (returned && typeof (returned as Promise<unknown>).then === 'function') {
            (returned as Promise<unknown>).then(
              (value) => settle({ ok: true, value }, false),
              (error) => settle({ ok: false, error: error ?? new Error('rejected') }, false),
            );
            // A promise that can no longer settle (nothing left in the event loop) ends the runtime, as in Lambda.
            if (!settled) onEmptyLoop(() => settle({ ok: false, error: nodeJsExit() }, false));
          } else if (!settled) {
            // Neither a promise nor a callback yet: like Lambda, answer null once the event loop is empty,
            // unless the callback is called first.
            onEmptyLoop(() => settle({ ok: true, value: null }, false));
          }
        },
        (error) => settle({ ok: false, error }, false),
      );
  });
}

/**
 * A function for the microtask queue that calls the handler with `args` and returns what it returned inside an
 * array, so that a promise it returned is seen as one rather than adopted. It is made of two builtins
 * (Array.prototype.map over one element, Reflect.apply), which are not frames a debugger lists: paused in the handler,
 * it has no frame of the runtime under it to describe, where each frame and closure scope costs every pause tens of
 * microseconds (measured: a warm breakpoint re-hit took about a fifth longer with the handler called from inside
 * `run`, a few percent longer from a function of this module). Error stacks show it as `Array.map`, where Lambda's
 * show its runtime's own frames.
 */
function callFromQueue(handler: Handler, args: unknown[]): () => [unknown] {
  const call = Reflect.apply.bind(undefined, handler as (...args: unknown[]) => unknown, undefined, args);
  return Array.prototype.map.bind([undefined], call) as () => [unknown];
}

/** What Lambda's Node.js runtime reports when the process would exit while the handler's promise is pending. */
function nodeJsExit(): Error {
  return Object.assign(new Error('Error: Runtime exited without providing a reason'), {
    name: 'Runtime.NodeJsExit',
    stack: undefined,
  });
}

async function report(invocation: NextInvocation, outcome: Outcome): Promise<void> {
  if (outcome.stream) return reportStream(invocation, outcome.stream, outcome);
  if (outcome.ok) {
    let body: string;
    try {
      body = JSON.stringify(outcome.value === undefined ? null : outcome.value);
    } catch (error) {
      return fail(invocation, {
        errorType: 'Runtime.MarshalError',
        errorMessage: `Unable to stringify response body: ${(error as Error).message}`,
        trace: [],
      });
    }
    await api.respond(invocation.requestId, body ?? 'null');
    return;
  }
  return fail(invocation, toErrorBody(outcome.error));
}

/** A stream the Runtime API has not seen yet fails like any invocation; one already open fails in its trailers. */
async function reportStream(invocation: NextInvocation, stream: ResponseStream, outcome: Outcome): Promise<void> {
  if (outcome.ok) return stream.finish();
  const body = toErrorBody(outcome.error);
  if (!stream.opened) return fail(invocation, body);
  log.error(
    `Invoke Error \t${JSON.stringify({ errorType: body.errorType, errorMessage: body.errorMessage, stack: body.trace })}`,
  );
  await stream.fail(body);
}

async function fail(invocation: NextInvocation, body: ErrorBody): Promise<void> {
  log.error(
    `Invoke Error \t${JSON.stringify({ errorType: body.errorType, errorMessage: body.errorMessage, stack: body.trace })}`,
  );
  await api.fail(invocation.requestId, body);
}

/** An error thrown outside the handler's promise chain ends the process, after reporting it, as in Lambda. */
async function fatal(errorType: string | undefined, error: unknown, exitCode: number): Promise<never> {
  const body = toErrorBody(error);
  if (errorType) body.errorType = errorType;
  try {
    if (current) await fail(current, body);
    else await api.initError(body);
  } finally {
    process.exit(exitCode);
  }
}

process.on('uncaughtException', (error) => void fatal(undefined, error, 129));
process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  void fatal(
    'Runtime.UnhandledPromiseRejection',
    Object.assign(error, { message: `${error.name}: ${error.message}` }),
    128,
  );
});

main().catch((error) => {
  if (error instanceof NextInvocationError) {
    // Nothing to report it to: the Runtime API itself refused. Lambda's clients end the runtime the same way.
    log.error(`${error.name}: ${error.message}`);
    process.exit(1);
  }
  void fatal(undefined, error, 1);
});
