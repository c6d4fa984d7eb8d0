/** Why a text is not JSON, and where: 0-based line and column. */
export interface JsonSyntaxError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

export type ParseEventResult = { ok: true; value: unknown } | ({ ok: false } & JsonSyntaxError);

/**
 * Parses a test event. Lambda accepts any JSON value, so anything `JSON.parse` accepts is fine;
 * malformed text gives a specific message and the line and column of the problem.
 */
export function parseEventJson(text: string): ParseEventResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, ...locateJsonError(text, (error as Error).message) };
  }
}

/** Finds the first syntax error in `text`, using the parser's own position when its message carries one. */
export function locateJsonError(text: string, parserMessage = ''): JsonSyntaxError {
  const scanned = scanJson(text);
  const reported = /at position (\d+)/.exec(parserMessage);
  const offset = reported ? Number(reported[1]) : scanned.offset;
  const message = reported && Number(reported[1]) !== scanned.offset ? stripPosition(parserMessage) : scanned.message;
  return { message, offset, ...lineColumn(text, offset) };
}

function stripPosition(message: string): string {
  return message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '');
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start };
}

class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function describe(text: string, at: number): string {
  return at >= text.length ? 'end of input' : `'${text[at]}'`;
}

/** A strict JSON recogniser that reports what was expected where; used only to explain a failed parse. */
function scanJson(text: string): { message: string; offset: number } {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (message: string): never => {
    throw new JsonScanError(message, Math.min(i, text.length));
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20)
        fail(
          c === 10
            ? 'Unterminated string: a line break inside a string must be written \\n'
            : 'Control character in string',
        );
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u' ? !/^u[0-9a-fA-F]{4}$/.test(text.slice(i, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? 'x'))
          fail(`Bad escape sequence in string`);
      }
      i++;
    }
    if (i >= text.length) {
      i = start;
      fail('Unterminated string: missing closing "');
    }
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === "'") fail('Strings must use double quotes, not single quotes');
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (literal) {
      i += literal[0].length;
      return;
    }
    if (i >= text.length) fail('Unexpected end of input: a value was expected');
    fail(`Unexpected ${describe(text, i)}: a value was expected (object, array, string, number, true, false or null)`);
  };
  /** The members of an object or an array, read by `member`, separated by commas, with none after the last. */
  const members = (close: '}' | ']', member: () => void, what: string) => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      ws();
      if (text[i] === close) fail(`Trailing comma before '${close}' is not allowed in JSON`);
      member();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) return void i++;
      fail(`Expected ',' or '${close}' after ${what}, found ${describe(text, i)}`);
    }
  };
  const property = () => {
    if (text[i] !== '"') fail(`Expected a double-quoted property name, found ${describe(text, i)}`);
    string();
    ws();
    if (text[i] !== ':') fail(`Expected ':' after property name, found ${describe(text, i)}`);
    i++;
    value();
  };
  const object = () => members('}', property, 'property value');
  const array = () => members(']', value, 'array element');
  try {
    value();
    ws();
    if (i < text.length) fail(`Unexpected ${describe(text, i)} after the end of the JSON value`);
    return { message: 'Invalid JSON', offset: 0 };
  } catch (error) {
    if (error instanceof JsonScanError) return { message: error.message, offset: error.offset };
    throw error;
  }
}
