import { StringDecoder } from 'node:string_decoder';

/** The longest line kept whole (1 MB, past CloudWatch's 256 KB event): a longer one is cut into pieces of this size. */
export const MAX_LINE_CHARS = 1024 * 1024;

/**
 * Splits a byte stream into lines. A trailing partial line is kept until the next chunk or `flush()`, so a line
 * written in two pieces is still one line, and a UTF-8 character split across two chunks is decoded whole.
 * A line never grows past MAX_LINE_CHARS: output without newlines cannot hold the host's memory.
 */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = MAX_LINE_CHARS,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
    while (this.partial.length > this.maxLine) {
      this.onLine(stripCr(this.partial.slice(0, this.maxLine)));
      this.partial = this.partial.slice(this.maxLine);
    }
  }

  flush(): void {
    const rest = this.partial + this.decoder.end();
    if (rest) this.emit(rest);
    this.partial = '';
  }

  private emit(line: string): void {
    for (let start = 0; start < line.length || start === 0; start += this.maxLine) {
      this.onLine(stripCr(line.slice(start, start + this.maxLine)));
      if (line.length === 0) break;
    }
  }
}

/**
 * Lambda's runtimes write a multi-line log message as one line with '\r' for each inner newline, so that one
 * message stays one log event. Turn those back into newlines for reading; a trailing '\r' is a CRLF ending.
 */
function stripCr(line: string): string {
  return line.replace(/\r$/, '').replace(/\r/g, '\n');
}
