// How a function's log line reads in the Lambda output channel. No 'vscode' here, so it is unit-tested as text.

/** Lambda's text log prefixes carry an ISO time: Node.js `<time>\t<request id>\t<LEVEL>\t`, Python `[LEVEL]\t<time>\t<request id>\t`. */
const LEADING_TIME = /^(\[[A-Z]+\]\t)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\t/;

/**
 * The channel's text for one log line: the function's name, then the line without the time Lambda's text format
 * puts in front of it, because the log output channel already stamps every line with its own time.
 */
export function channelText(label: string, text: string): string {
  return `[${label}] ${text.replace(LEADING_TIME, '$1')}`;
}

/** The channel level a line is written at, from the level its text shows (text and JSON log formats). */
export function channelLevel(text: string, fallback: 'info' | 'warn' = 'info'): 'info' | 'warn' | 'error' {
  if (/\t(ERROR|FATAL)\t|^\[ERROR\]|"level":"(ERROR|FATAL)"/.test(text)) return 'error';
  if (/\tWARN\t|^\[WARNING\]|"level":"WARN"/.test(text)) return 'warn';
  return fallback;
}
