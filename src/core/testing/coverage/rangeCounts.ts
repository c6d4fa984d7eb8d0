/** A V8 coverage range: character offsets into the script's source, and how often it ran. */
export interface CountRange {
  start: number;
  end: number;
  count: number;
}

/**
 * The count of the innermost range holding each offset (0 where no range holds it). V8's ranges nest (a function in
 * a script, a block in a function), and a block is only listed when its count differs from what holds it, so the
 * innermost range is what ran at that offset. One sweep over both sorted lists.
 */
export function countsAt(ranges: CountRange[], offsets: number[]): number[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const order = offsets.map((offset, index) => ({ offset, index })).sort((a, b) => a.offset - b.offset);
  const counts = new Array<number>(offsets.length).fill(0);
  const open: CountRange[] = [];
  let next = 0;
  for (const { offset, index } of order) {
    while (next < sorted.length && sorted[next].start <= offset) {
      while (open.length && open[open.length - 1].end <= sorted[next].start) open.pop();
      open.push(sorted[next++]);
    }
    while (open.length && open[open.length - 1].end <= offset) open.pop();
    counts[index] = open.length ? open[open.length - 1].count : 0;
  }
  return counts;
}

/** Start offsets of the lines of a text, so that offsets and 0-based line/column convert both ways. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetOf(line: number, column: number): number {
    return (this.starts[line] ?? this.text.length) + column;
  }

  /** The 0-based line and column of an offset. */
  positionOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: offset - this.starts[low] };
  }

  /**
   * The offset of the first character of code on each line that has some: blank lines and lines that hold only a
   * comment are left out, as they never run.
   */
  codeLines(): { line: number; offset: number }[] {
    const lines: { line: number; offset: number }[] = [];
    let inBlockComment = false;
    for (let line = 0; line < this.starts.length; line++) {
      const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
      const text = this.text.slice(this.starts[line], end);
      const trimmed = text.trim();
      if (inBlockComment) {
        if (trimmed.includes('*/')) inBlockComment = false;
        continue;
      }
      if (!trimmed || trimmed.startsWith('//') || trimmed.startsWith('#!')) continue;
      if (trimmed.startsWith('/*')) {
        inBlockComment = !trimmed.includes('*/');
        if (inBlockComment || trimmed.endsWith('*/')) continue;
      }
      lines.push({ line, offset: this.starts[line] + (text.length - text.trimStart().length) });
    }
    return lines;
  }
}
