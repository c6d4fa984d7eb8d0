/** The error body the Node.js runtime posts to the Runtime API and returns to the caller. */
export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Errors of the runtime itself, with Lambda's error types. */
export class RuntimeError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** Shapes anything thrown (or passed to a callback) the way Lambda's Node.js runtime does. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RuntimeError) {
    return { errorType: error.errorType, errorMessage: error.message, trace: stackLines(error) };
  }
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: stackLines(error) };
  }
  if (error !== null && typeof error === 'object') {
    const o = error as Record<string, unknown>;
    return {
      errorType: String(o.name ?? o.errorType ?? 'object'),
      errorMessage: String(o.message ?? o.errorMessage ?? JSON.stringify(error)),
      trace: [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function stackLines(error: Error): string[] {
  return typeof error.stack === 'string' ? error.stack.split('\n') : [];
}
