/**
 * A value for a header of `GET /runtime/invocation/next`, valid whatever it holds. Lambda's platform writes
 * header values as raw UTF-8 bytes (a client context may hold any text, e.g. a city name in Japanese); Node
 * writes header strings as latin1, one byte per character, so the UTF-8 bytes are handed over that way. JSON is
 * written compactly (no line breaks between tokens), and control characters, which no header may carry, become
 * spaces.
 */
export function runtimeHeaderValue(text: string): string {
  let compact = text;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    // Not JSON: sent as it is, control characters aside.
  }
  // eslint-disable-next-line no-control-regex
  const printable = compact.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ');
  return Buffer.from(printable, 'utf8').toString('latin1');
}
