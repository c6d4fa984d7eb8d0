import type { FunctionErrorBody } from './types';

/** The error bodies Lambda's service produces itself (not the runtime), as the caller of Invoke receives them. */
export const lambdaErrors = {
  timeout(requestId: string, timeoutSeconds: number): FunctionErrorBody {
    return {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
    };
  },

  /** The process exited (or was killed) while an invocation or its init was running. */
  exit(requestId: string, how: string): FunctionErrorBody {
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${how}`,
    };
  },

  outOfMemory(requestId: string, how: string): FunctionErrorBody {
    return {
      errorType: 'Runtime.OutOfMemory',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${how}`,
    };
  },

  responseTooLarge(size: number, limit: number): FunctionErrorBody {
    return {
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${limit} bytes).`,
    };
  },

  /** The instance could not be started at all (missing interpreter, build error...). */
  launch(errorType: string, message: string): FunctionErrorBody {
    return { errorType, errorMessage: message };
  },

  /** The runtime asked for new work before answering the invocation it had. */
  noResponse(requestId: string): FunctionErrorBody {
    return {
      errorType: 'Runtime.NoResponse',
      errorMessage: `RequestId: ${requestId} Error: the runtime asked for the next invocation without answering this one`,
    };
  },
};

/** How Go's os/exec (which Lambda's platform is written in) describes a process's end: Lambda's messages use it. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) {
    const names: Partial<Record<NodeJS.Signals, string>> = {
      SIGKILL: 'killed',
      SIGABRT: 'aborted',
      SIGSEGV: 'segmentation fault',
      SIGTERM: 'terminated',
    };
    return `signal: ${names[signal] ?? signal}`;
  }
  return `exit status ${code ?? 0}`;
}

/** Parses an error body the runtime posted; a body that is not a JSON object is wrapped the way Lambda wraps it. */
export function parseErrorBody(body: Buffer, errorType: string | undefined): FunctionErrorBody {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as FunctionErrorBody;
  } catch {
    // Not JSON: reported as its text below.
  }
  return {
    errorType: errorType ?? 'Runtime.Unknown',
    errorMessage: text || 'The runtime reported an error with no body',
  };
}
