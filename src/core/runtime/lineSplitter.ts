/**
 * Splits a byte stream into lines. A trailing partial line is kept until the next chunk or `flush()`, so a line
 * written in two pieces is still one line, and nothing is lost when the stream ends without a newline.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(stripCr(line));
  }

  flush(): void {
    if (this.partial) this.onLine(stripCr(this.partial));
    this.partial = '';
  }
}

/**
 * Lambda's runtimes write a multi-line log message as one line with '\r' for each inner newline, so that one
 * message stays one log event. Turn those back into newlines for reading; a trailing '\r' is a CRLF ending.
 */
function stripCr(line: string): string {
  return line.replace(/\r$/, '').replace(/\r/g, '\n');
}
