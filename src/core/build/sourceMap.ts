import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A position in an original source, as a source map gives it: 0-based line and column. */
export interface OriginalPosition {
  file: string;
  line: number;
  column: number;
  name?: string;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/**
 * A version 3 source map (https://tc39.es/ecma426/) read lazily: the `mappings` string of a large bundle is only
 * split into lines, and a line's segments are decoded when a position on it is asked for. Segments carry deltas from
 * the previous segment over the whole map, so the state at the start of each line is kept once computed.
 */
export class SourceMap {
  private readonly sources: string[];
  private readonly names: string[];
  private readonly lines: string[];
  /** Decoder state [source, originalLine, originalColumn, name] at the start of each line, 4 numbers a line. */
  private readonly lineStarts: Int32Array;
  /** How many lines' start states are known (the first line starts at zeros). */
  private known = 1;
  /** Lines decoded lately: a minified bundle is one line, and every frame of a trace looks it up. */
  private readonly decoded = new Map<number, Segment[]>();

  constructor(raw: { sources: string[]; names?: string[]; mappings: string; sourceRoot?: string }, mapFile: string) {
    const root = resolve(dirname(mapFile), raw.sourceRoot ?? '');
    this.sources = raw.sources.map((s) =>
      s.startsWith('file://') ? fileURLToPath(s) : isAbsolute(s) ? s : resolve(root, s),
    );
    this.names = raw.names ?? [];
    this.lines = raw.mappings.split(';');
    this.lineStarts = new Int32Array(this.lines.length * 4);
  }

  /**
   * The original position of a generated 0-based line and column: the last segment at or before it, looking back to
   * earlier lines when this one has none before the column (as Node's own source-map support does).
   */
  originalPosition(line: number, column: number): OriginalPosition | undefined {
    if (line < 0) return undefined;
    const last = this.lines.length - 1;
    for (let l = Math.min(line, last), c = line > last ? Infinity : column; l >= 0; l--, c = Infinity) {
      const found = this.lastAtOrBefore(l, c);
      if (found !== 'none') return found;
    }
    return undefined;
  }

  /** Every segment that maps to a source, line by line: the generated 0-based line and column, and the original position. */
  *mappings(): Generator<{ line: number; column: number; original: OriginalPosition }> {
    for (let line = 0; line < this.lines.length; line++) {
      for (const segment of this.segments(line)) {
        yield {
          line,
          column: segment.column,
          original: { file: this.sources[segment.source], line: segment.line, column: segment.sourceColumn },
        };
      }
    }
  }

  /** The segment of one line at or before a column; 'none' when the line has no segment that early. */
  private lastAtOrBefore(line: number, column: number): OriginalPosition | 'none' {
    const segments = this.segments(line);
    // The last segment that starts at or before the column (segments are sorted by column).
    let low = 0;
    let high = segments.length - 1;
    let best = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (segments[mid].column <= column) {
        best = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (best < 0) return 'none';
    const segment = segments[best];
    return {
      file: this.sources[segment.source],
      line: segment.line,
      column: segment.sourceColumn,
      name: segment.name === undefined ? undefined : this.names[segment.name],
    };
  }

  private segments(line: number): Segment[] {
    let segments = this.decoded.get(line);
    if (segments) return segments;
    const state = this.lineStarts.slice((this.known - 1) * 4, this.known * 4);
    for (; this.known <= line; this.known++) {
      advance(this.lines[this.known - 1], state);
      this.lineStarts.set(state, this.known * 4);
    }
    segments = decodeLine(this.lines[line], this.lineStarts.slice(line * 4, line * 4 + 4));
    if (this.decoded.size >= 8) this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(line, segments);
    return segments;
  }
}

interface Segment {
  column: number;
  source: number;
  line: number;
  sourceColumn: number;
  name?: number;
}

/**
 * Adds up a line's deltas into `state` without keeping its segments: getting to line N of a large bundle means
 * walking every line before it, and this walk is the cost of a first lookup.
 */
function advance(text: string, state: Int32Array): void {
  let field = 0;
  let value = 0;
  let shift = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) {
      field = 0;
      continue;
    }
    const digit = DIGIT[code];
    if (digit < 0) throw new Error(`invalid character in source map mappings at ${i}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    if (field >= 1 && field <= 4) state[field - 1] += value & 1 ? -(value >>> 1) : value >>> 1;
    field++;
    value = 0;
    shift = 0;
  }
}

/** Decodes one generated line's segments, updating `state` (source, original line, original column, name) as it goes. */
function decodeLine(text: string, state: Int32Array): Segment[] {
  const segments: Segment[] = [];
  let column = 0;
  let i = 0;
  const values: number[] = [];
  while (i < text.length) {
    values.length = 0;
    while (i < text.length && text[i] !== ',') {
      let value = 0;
      let shift = 0;
      let digit: number;
      do {
        digit = DIGIT[text.charCodeAt(i++)];
        if (digit < 0) throw new Error(`invalid character in source map mappings at ${i - 1}`);
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    i++;
    if (values.length === 0) continue;
    column += values[0];
    // A segment with no source ends the previous mapping in the spec; Node's own support skips it, and so do we.
    if (values.length < 4) continue;
    state[0] += values[1];
    state[1] += values[2];
    state[2] += values[3];
    if (values.length >= 5) state[3] += values[4];
    segments.push({
      column,
      source: state[0],
      line: state[1],
      sourceColumn: state[2],
      name: values.length >= 5 ? state[3] : undefined,
    });
  }
  return segments;
}

const loaded = new Map<string, { stamp: string; map?: SourceMap }>();

/**
 * The source map of a generated file (its `<file>.map` next to it), read once and kept while the file is unchanged;
 * undefined when there is none.
 */
export function sourceMapOf(generatedFile: string): SourceMap | undefined {
  const mapFile = `${generatedFile}.map`;
  let stamp: string;
  try {
    const stat = statSync(mapFile);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // No map beside the file: frames stay as they are.
    return undefined;
  }
  const cached = loaded.get(mapFile);
  if (cached?.stamp === stamp) return cached.map;
  let map: SourceMap | undefined;
  try {
    map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')), mapFile);
  } catch {
    // A map that is not valid is cached as none, until the file changes.
    map = undefined;
  }
  loaded.set(mapFile, { stamp, map });
  return map;
}
