/** Lambda's X-Amz-Log-Result: the last 4 KB of an invocation's log, base64-encoded. */
export function logTail(lines: string[], limit = 4096): string {
  const text = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return text.subarray(Math.max(0, text.length - limit)).toString('base64');
}
