/**
 * Blanks out comments and the insides of string literals (keeping every offset and line break), so that
 * handler patterns can be matched with regular expressions without tripping over commented-out code.
 */
export function maskJavaScript(text: string): string {
  const chunks: string[] = [];
  let copied = 0;
  /** Replaces text[from, to) by spaces, keeping line breaks. */
  const blank = (from: number, to: number) => {
    const end = Math.min(to, text.length);
    if (end <= from) return;
    chunks.push(text.slice(copied, from), spaces(text.slice(from, end)));
    copied = end;
  };
  const length = text.length;
  const special = /[/"'`]/g;
  // The last character that is neither space nor inside a comment (0 at the start): it tells a regular expression
  // from a division. Plain code between special characters is skipped by the regex and looked at backwards.
  let last = 0;
  let plainFrom = 0;
  for (let m = special.exec(text); m; m = special.exec(text)) {
    const i = m.index;
    for (let k = i - 1; k >= plainFrom; k--) {
      const ch = text.charCodeAt(k);
      if (!isSpace(ch)) {
        last = ch;
        break;
      }
    }
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    let stop: number;
    if (c === SLASH && next === SLASH) {
      const end = text.indexOf('\n', i);
      stop = end < 0 ? length : end;
      blank(i, stop);
    } else if (c === SLASH && next === STAR) {
      const end = text.indexOf('*/', i + 2);
      stop = end < 0 ? length : end + 2;
      blank(i, stop);
    } else if (c !== SLASH || last === 0 || REGEX_BEFORE.includes(String.fromCharCode(last))) {
      // A string, or a regular expression literal (which may hold quotes that must not start a string).
      let k = i + 1;
      let inClass = false;
      while (k < length) {
        const d = text.charCodeAt(k);
        if (d === NEWLINE ? c !== BACKTICK : !inClass && d === c) break;
        if (c === SLASH && d === OPEN_BRACKET) inClass = true;
        else if (c === SLASH && d === CLOSE_BRACKET) inClass = false;
        k += d === BACKSLASH ? 2 : 1;
      }
      blank(i + 1, k);
      stop = k + 1;
      last = c;
    } else {
      stop = i + 1;
      last = c;
    }
    plainFrom = stop;
    special.lastIndex = stop;
  }
  chunks.push(text.slice(copied));
  return chunks.join('');
}

const [SLASH, STAR, BACKTICK, BACKSLASH, NEWLINE, OPEN_BRACKET, CLOSE_BRACKET] = [...'/*`\\\n[]'].map((ch) =>
  ch.charCodeAt(0),
);
/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_BEFORE = '(,=:[!&|?{};+-*%<>~^';

/** The text with every character but line breaks turned into a space (a regex replace per character is far slower). */
function spaces(segment: string): string {
  if (!segment.includes('\n')) return ' '.repeat(segment.length);
  return segment
    .split('\n')
    .map((line) => ' '.repeat(line.length))
    .join('\n');
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/** Blanks out Python comments and string contents (triple-quoted ones too), keeping offsets. */
export function maskPython(text: string): string {
  return maskWith(text, /#[^\n]*|"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?/g);
}

/** Blanks out Go comments and string contents, keeping offsets. */
export function maskGo(text: string): string {
  return maskWith(text, /\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|"(?:\\.|[^"\\\n])*"?|`[^`]*`?|'(?:\\.|[^'\\\n])*'?/g);
}

function maskWith(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match) => {
    const quote = /^("""|'''|["'`])/.exec(match)?.[1];
    if (!quote) return spaces(match);
    const body = match.slice(
      quote.length,
      match.endsWith(quote) && match.length >= 2 * quote.length ? -quote.length : undefined,
    );
    return quote + spaces(body) + match.slice(quote.length + body.length);
  });
}

/**
 * Maps offsets to 0-based lines and columns with one pass over the text and a binary search per offset, so that
 * locating many definitions in a large file stays linear.
 */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: offset - starts[low] };
  };
}

/** 0-based line and column of one offset (for many offsets in the same text, use lineIndex). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', lineStart)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart };
}
