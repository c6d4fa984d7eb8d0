/** A JSON object or array, the values compacted below (a client context, a Cognito identity). */
const STRUCTURED = /^\s*[{[]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * A value for a header of `GET /runtime/invocation/next`, valid whatever it holds. Lambda's platform writes
 * header values as raw UTF-8 bytes (a client context may hold any text, e.g. a city name in Japanese); Node
 * writes header strings as latin1, one byte per character, so the UTF-8 bytes are handed over that way. JSON
 * objects and arrays are written compactly (no line breaks between tokens), and control characters, which no
 * header may carry, become spaces.
 */
export function runtimeHeaderValue(text: string): string {
  const structured = STRUCTURED.test(text);
  // Printable ASCII that is not JSON to compact (a function ARN, on every invocation) goes as it is.
  if (!structured && PRINTABLE_ASCII.test(text)) return text;
  let compact = text;
  if (structured) {
    try {
      compact = JSON.stringify(JSON.parse(text));
    } catch {
      // Not JSON: sent as it is, control characters aside.
    }
  }
  return Buffer.from(compact.replace(CONTROL, ' '), 'utf8').toString('latin1');
}
