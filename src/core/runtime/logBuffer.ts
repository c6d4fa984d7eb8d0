/** How much of an invocation's log its result keeps: the rest was streamed to onLog as it arrived. */
export const KEPT_LOG_BYTES = 1024 * 1024;

/**
 * The tail of an invocation's log, bounded in bytes, so a chatty function running for 15 minutes costs the host
 * a fixed amount of memory. Every line still goes out as it arrives (onLog); the result keeps the last ones
 * (`--log-type Tail` needs only the last 4 KB), headed by a line that says how many were left out.
 */
export class LogBuffer {
  private kept: string[] = [];
  private keptBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;

  constructor(private readonly limit = KEPT_LOG_BYTES) {}

  push(...lines: string[]): void {
    for (const line of lines) {
      this.kept.push(line);
      this.keptBytes += line.length + 1;
    }
    let drop = 0;
    while (this.keptBytes > this.limit && drop < this.kept.length - 1) {
      this.keptBytes -= this.kept[drop].length + 1;
      this.droppedBytes += this.kept[drop].length + 1;
      drop++;
    }
    if (drop) {
      this.kept = this.kept.slice(drop);
      this.droppedLines += drop;
    }
  }

  /** Takes every line out (for lines that move to the next invocation). */
  drain(): string[] {
    const lines = this.lines();
    this.kept = [];
    this.keptBytes = this.droppedLines = this.droppedBytes = 0;
    return lines;
  }

  get length(): number {
    return this.kept.length;
  }

  lines(): string[] {
    if (!this.droppedLines) return [...this.kept];
    const notice = `[${this.droppedLines} earlier log lines (${this.droppedBytes} characters) are not kept in this result; they were streamed as they arrived]`;
    return [notice, ...this.kept];
  }
}
