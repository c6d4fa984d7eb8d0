/**
 * Blanks out comments and the insides of string literals (keeping every offset and line break), so that
 * handler patterns can be matched with regular expressions without tripping over commented-out code.
 */
export function maskJavaScript(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  let lastSignificant = '';
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < text.length && text[i] !== c && !(c !== '`' && text[i] === '\n')) i += text[i] === '\\' ? 2 : 1;
      blank(start + 1, i);
      i++;
      lastSignificant = c;
    } else if (c === '/' && (lastSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(lastSignificant))) {
      // A regular expression literal: it may hold quotes that must not start a string.
      const start = i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n' && (inClass || text[i] !== '/')) {
        if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        i += text[i] === '\\' ? 2 : 1;
      }
      blank(start + 1, i);
      i++;
      lastSignificant = '/';
    } else {
      if (!/\s/.test(c)) lastSignificant = /[\w$)\]]/.test(c) ? 'x' : c;
      i++;
    }
  }
  return out.join('');
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
    if (!quote) return match.replace(/[^\n]/g, ' ');
    const body = match.slice(quote.length, match.endsWith(quote) && match.length >= 2 * quote.length ? -quote.length : undefined);
    return quote + body.replace(/[^\n]/g, ' ') + match.slice(quote.length + body.length);
  });
}

/** 0-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  let at = text.indexOf('\n');
  while (at >= 0 && at < offset) {
    line++;
    lineStart = at + 1;
    at = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart };
}
