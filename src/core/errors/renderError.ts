import { isRefusalCode, isWorkbenchError, type ErrorCode, type ErrorDetails } from './workbenchError';

/** An error as every front end shows it: one shape, whatever was thrown. */
export interface RenderedError extends Omit<ErrorDetails, 'cause'> {
  code: ErrorCode;
  /** True when Lambda Workbench declined to start: nothing ran and nothing changed. */
  refusal: boolean;
  /** What happened. */
  message: string;
  /** The message followed by what to do next: the one line a user reads. */
  text: string;
}

/**
 * Renders anything thrown: a WorkbenchError keeps its code and details; any other Error (or thrown value) is an
 * `internal` failure with its own message.
 */
export function renderError(error: unknown): RenderedError {
  if (isWorkbenchError(error)) {
    const { code, message, next, location, setting, extension } = error;
    return {
      code,
      refusal: isRefusalCode(code),
      message,
      text: next ? `${message} ${next}` : message,
      next,
      location,
      setting,
      extension,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', refusal: false, message, text: message };
}

/**
 * The line a front end prints for an error of `action`: a refusal as it is (it already says what was not done),
 * a failure prefixed with what failed.
 */
export function errorLine(action: string, error: unknown): string {
  const rendered = renderError(error);
  return rendered.refusal ? rendered.text : `${action} failed: ${rendered.text}`;
}
