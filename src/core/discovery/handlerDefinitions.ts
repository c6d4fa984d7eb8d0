import { extname } from 'node:path';
import { lineIndex, maskGo, maskJavaScript, maskPython } from './maskSource';

export type HandlerLanguage = 'javascript' | 'typescript' | 'python' | 'go';

/** Where a source file defines something Lambda can call. Positions are 0-based; offset counts UTF-16 units. */
export interface HandlerDefinition {
  /** The exported name (JS/TS), the function name (Python, Go), or the enclosing function of an inline Go handler. */
  exportName: string;
  line: number;
  column: number;
  offset: number;
  language: HandlerLanguage;
  /** For `export { name as exportName } from './module'`: where the definition really lives. */
  reexport?: { module: string; name: string };
}

/** Source files longer than this (in UTF-16 units, ~1 MB of ASCII) are not searched for handlers: bundles, generated code. */
export const MAX_SCAN_LENGTH = 1024 * 1024;

/**
 * Workspace discovery looks for bare handlers only in source files up to this length (~256 KB of ASCII, searched in
 * about 30 ms): a longer file that holds a handler is a bundle a template names, which is still found through it.
 */
export const MAX_BARE_SCAN_LENGTH = 256 * 1024;

const JS_EXTENSIONS: Record<string, HandlerLanguage> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
};

/** The language of a source file by its extension, or undefined when it is none of the four. */
export function languageOf(fileName: string): HandlerLanguage | undefined {
  const ext = extname(fileName).toLowerCase();
  if (fileName.toLowerCase().endsWith('.d.ts')) return undefined;
  if (ext === '.py') return 'python';
  if (ext === '.go') return 'go';
  return JS_EXTENSIONS[ext];
}

/**
 * Finds where handlers are defined in one source file, for code lenses. Pure: reads nothing but `text`, in time
 * linear in its length; a file longer than MAX_SCAN_LENGTH yields nothing.
 * - JS/TS: `exports.x =`, `module.exports.x =`, `module.exports = { x, y: ... }`, `export const|let|var x`,
 *   `export [async] function x`, `export { local as x }` (at the local definition when the file has it), and
 *   `export { x } from './m'` (marked as a re-export, to be followed to `./m`).
 * - Python: top-level `def name(event, context)`.
 * - Go: the function passed to `lambda.Start(...)`/`lambda.StartWithOptions(...)`, or the call itself when the
 *   handler is an inline function literal or is defined in another file of the package.
 */
export function findHandlerDefinitions(fileName: string, text: string): HandlerDefinition[] {
  const language = languageOf(fileName);
  if (!language || text.length > MAX_SCAN_LENGTH) return [];
  const found =
    language === 'python' ? pythonDefinitions(text) : language === 'go' ? goDefinitions(text) : jsDefinitions(text);
  const seen = new Set<string>();
  const position = lineIndex(text);
  return found
    .sort((a, b) => a.offset - b.offset)
    .filter((d) => !seen.has(d.name) && seen.add(d.name))
    .map((d) => ({
      exportName: d.name,
      offset: d.offset,
      ...position(d.offset),
      language,
      ...(d.reexport ? { reexport: d.reexport } : {}),
    }));
}

/** The modules a JS/TS file re-exports wholesale (`export * from './m'`; not `export * as ns from`). */
export function starReexports(fileName: string, text: string): string[] {
  const language = languageOf(fileName);
  if ((language !== 'javascript' && language !== 'typescript') || text.length > MAX_SCAN_LENGTH) return [];
  const masked = maskJavaScript(text);
  return [...masked.matchAll(/^[ \t]*export\s*\*\s*from\s*(['"])/gm)].map((m) =>
    quoted(text, masked, (m.index ?? 0) + m[0].length - 1),
  );
}

interface Found {
  name: string;
  offset: number;
  reexport?: { module: string; name: string };
}

const ID = '[A-Za-z_$][\\w$]*';

/** The text of the string literal whose opening quote is at `quoteAt` (the mask keeps quotes, blanks contents). */
function quoted(text: string, masked: string, quoteAt: number): string {
  const end = masked.indexOf(masked[quoteAt], quoteAt + 1);
  return text.slice(quoteAt + 1, end < 0 ? undefined : end);
}

function matches(masked: string, pattern: RegExp, group = 1): Found[] {
  return [...masked.matchAll(pattern)].map((m) => ({
    name: m[group],
    offset: (m.index ?? 0) + m[0].lastIndexOf(m[group]),
  }));
}

/** Every top-level-looking local definition (const/let/var/function/class) by name, first one wins; built once. */
function localDefinitions(masked: string): (name: string) => number | undefined {
  let table: Map<string, number> | undefined;
  return (name) => {
    if (!table) {
      table = new Map();
      const pattern = new RegExp(
        `^[ \\t]*(?:export\\s+)?(?:(?:const|let|var)\\s+|(?:async\\s+)?function\\s*\\*?\\s*|class\\s+)(${ID})`,
        'gm',
      );
      for (const m of masked.matchAll(pattern)) {
        if (!table.has(m[1])) table.set(m[1], (m.index ?? 0) + m[0].length - m[1].length);
      }
    }
    return table.get(name);
  };
}

function jsDefinitions(text: string): Found[] {
  const masked = maskJavaScript(text);
  const local = localDefinitions(masked);
  const found: Found[] = [];
  // `exports.handler = handler;` points at a local definition: that is where the code (and the lens) belongs.
  for (const m of masked.matchAll(
    new RegExp(`^[ \\t]*(?:module\\.)?exports\\.(${ID})\\s*=(?!=)[ \\t]*(?:(${ID})[ \\t]*;?[ \\t]*$)?`, 'gm'),
  )) {
    const at = m[2] ? local(m[2]) : undefined;
    found.push({ name: m[1], offset: at ?? (m.index ?? 0) + m[0].indexOf(m[1], m[0].indexOf('exports.') + 8) });
  }
  found.push(
    ...matches(masked, new RegExp(`^[ \\t]*export\\s+(?:declare\\s+)?(?:const|let|var)\\s+(${ID})`, 'gm')),
    ...matches(masked, new RegExp(`^[ \\t]*export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${ID})`, 'gm')),
  );
  for (const clause of masked.matchAll(/^[ \t]*export\s*\{([^}]*)\}(?:\s*from\s*(['"]))?/gm)) {
    const bodyStart = (clause.index ?? 0) + clause[0].indexOf('{') + 1;
    const module = clause[2] ? quoted(text, masked, (clause.index ?? 0) + clause[0].length - 1) : undefined;
    for (const spec of clause[1].matchAll(new RegExp(`(${ID})(?:\\s+as\\s+(${ID}))?`, 'g'))) {
      const [, name, alias] = spec;
      if (name === 'type') continue;
      const offset = (module === undefined ? local(name) : undefined) ?? bodyStart + (spec.index ?? 0);
      found.push({ name: alias ?? name, offset, ...(module !== undefined ? { reexport: { module, name } } : {}) });
    }
  }
  for (const object of masked.matchAll(/^[ \t]*module\.exports\s*=\s*\{/gm)) {
    found.push(...objectKeys(masked, (object.index ?? 0) + object[0].length, local));
  }
  return found;
}

/** The keys of an object literal starting after `{`: shorthand names at their local definition, others in place. */
function objectKeys(masked: string, from: number, local: (name: string) => number | undefined): Found[] {
  const found: Found[] = [];
  const key = /[A-Za-z_$][\w$]*/y;
  const nextSignificant = /\S/g;
  let depth = 0;
  let expectKey = true;
  for (let i = from; i < masked.length; i++) {
    const c = masked[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && c === ',') expectKey = true;
    else if (depth === 0 && expectKey && /[A-Za-z_$]/.test(c)) {
      key.lastIndex = i;
      const name = key.exec(masked)![0];
      nextSignificant.lastIndex = i + name.length;
      const after = nextSignificant.exec(masked)?.[0];
      const shorthand = after === ',' || after === '}';
      found.push({ name, offset: (shorthand ? local(name) : undefined) ?? i });
      expectKey = false;
      i += name.length - 1;
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') expectKey = false;
  }
  return found;
}

function splitTopLevel(params: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of params) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function pythonDefinitions(text: string): Found[] {
  const masked = maskPython(text);
  return [...masked.matchAll(/^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(([^)]*(?:\([^)]*\)[^)]*)*)\)/gm)]
    .filter((m) => {
      const params = splitTopLevel(m[2]).map((p) => p.split(/[:=]/)[0].trim());
      return params.length === 2 && /^_*(context|ctx|lambda_context)$/.test(params[1]);
    })
    .map((m) => ({ name: m[1], offset: (m.index ?? 0) + m[0].indexOf(m[1], m[0].indexOf('def') + 3) }));
}

/** Every top-level Python `def name` / `name =`, by name (first wins), for matching a handler string literally. */
export function pythonTopLevelNames(masked: string): Map<string, number> {
  const names = new Map<string, number>();
  for (const m of masked.matchAll(/^(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)|^([A-Za-z_]\w*)[ \t]*=(?!=)/gm)) {
    const name = m[1] ?? m[2];
    if (!names.has(name)) names.set(name, (m.index ?? 0) + m[0].indexOf(name));
  }
  return names;
}

/** The Go handler passed to lambda.Start, as an identifier path (`handler`, `h.Handle`) or undefined for literals. */
export function goStartCalls(masked: string): Array<{ offset: number; target?: string }> {
  return [
    ...masked.matchAll(
      /\blambda\.(?:Start|StartWithOptions|StartHandler|StartHandlerFunc)\s*\(\s*([\w.]+\s*[,)]|func\b)?/g,
    ),
  ].map((m) => ({ offset: m.index ?? 0, target: m[1] && m[1] !== 'func' ? m[1].replace(/[\s,)]/g, '') : undefined }));
}

/** Top-level Go functions and methods (`func name(`, `func (r T) name(`) in file order, with the offset of the name. */
export function goFunctions(masked: string): Array<{ name: string; offset: number }> {
  return [...masked.matchAll(/^func\s+(?:\([^)]*\)\s*)?(\w+)\s*[([]/gm)].map((m) => ({
    name: m[1],
    offset: (m.index ?? 0) + m[0].lastIndexOf(m[1]),
  }));
}

function goDefinitions(text: string): Found[] {
  const masked = maskGo(text);
  const functions = goFunctions(masked);
  return goStartCalls(masked).map((call) => {
    const simple = call.target?.split('.').pop();
    const defined = simple ? functions.find((f) => f.name === simple) : undefined;
    if (defined) return { name: defined.name, offset: defined.offset };
    const enclosing = functions.filter((f) => f.offset < call.offset).pop()?.name;
    return { name: call.target ?? enclosing ?? 'main', offset: call.offset };
  });
}
