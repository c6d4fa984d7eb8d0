import { parseEventJson } from '../events/parseEventJson';
import { parseIgnorePath } from './ignorePaths';

/**
 * What an event is expected to give, as kept in `<event>.expected.json`: either the response payload or the
 * function error's `errorType` and `errorMessage`; `ignore` lists paths of values that change every run.
 */
export type Expectation =
  { response: unknown; ignore?: string[] } | { error: { errorType: string; errorMessage: string }; ignore?: string[] };

/** Reads an expectation file's text; every mistake is one message naming the file and what is wrong. */
export function parseExpectation(text: string, path: string): Expectation {
  const parsed = parseEventJson(text);
  if (!parsed.ok) throw new Error(`${path}:${parsed.line + 1}:${parsed.column + 1}: ${parsed.message}`);
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${path}: an expectation is an object with "response" or "error"`);
  const record = value as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((k) => !['response', 'error', 'ignore'].includes(k));
  if (unknownKeys.length)
    throw new Error(
      `${path}: unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')} (an expectation has "response" or "error", and "ignore")`,
    );
  const ignore = record.ignore;
  if (ignore !== undefined) {
    if (!Array.isArray(ignore) || ignore.some((p) => typeof p !== 'string'))
      throw new Error(`${path}: "ignore" must be a list of paths such as "/headers/date" or "$.items[*].id"`);
    for (const p of ignore as string[]) {
      try {
        parseIgnorePath(p);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  const hasResponse = 'response' in record;
  if (hasResponse === 'error' in record)
    throw new Error(
      `${path}: an expectation has exactly one of "response" (what the function returns) or "error" (its errorType and errorMessage)`,
    );
  const extra = ignore === undefined ? {} : { ignore: ignore as string[] };
  if (hasResponse) return { response: record.response, ...extra };
  const error = record.error as Record<string, unknown> | null;
  if (
    !error ||
    typeof error !== 'object' ||
    typeof error.errorType !== 'string' ||
    typeof error.errorMessage !== 'string'
  ) {
    throw new Error(
      `${path}: "error" must be { "errorType": "...", "errorMessage": "..." } as the function error reports them`,
    );
  }
  return { error: { errorType: error.errorType, errorMessage: error.errorMessage }, ...extra };
}

/** The expectation file's text: pretty JSON, `ignore` first so it is seen, ending with a newline. */
export function formatExpectation(expectation: Expectation): string {
  const { ignore, ...rest } = expectation;
  return `${JSON.stringify(ignore?.length ? { ignore, ...rest } : rest, null, 2)}\n`;
}
