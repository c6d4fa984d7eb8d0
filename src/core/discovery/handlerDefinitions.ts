import { extname } from 'node:path';
import { lineAndColumn, maskGo, maskJavaScript, maskPython } from './maskSource';

export type HandlerLanguage = 'javascript' | 'typescript' | 'python' | 'go';

/** Where a source file defines something Lambda can call. Positions are 0-based; offset counts UTF-16 units. */
export interface HandlerDefinition {
  /** The exported name (JS/TS), the function name (Python, Go), or the enclosing function of an inline Go handler. */
  exportName: string;
  line: number;
  column: number;
  offset: number;
  language: HandlerLanguage;
}

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
 * Finds where handlers are defined in one source file, for code lenses. Pure: reads nothing but `text`.
 * - JS/TS: `exports.x =`, `module.exports.x =`, `module.exports = { x, y: ... }`, `export const|let|var x`,
 *   `export [async] function x`, `export { local as x }` (at the local definition when the file has it).
 * - Python: top-level `def name(event, context)`.
 * - Go: the function passed to `lambda.Start(...)`/`lambda.StartWithOptions(...)`, or the call itself when the
 *   handler is an inline function literal or is defined in another file of the package.
 */
export function findHandlerDefinitions(fileName: string, text: string): HandlerDefinition[] {
  const language = languageOf(fileName);
  if (!language) return [];
  const found =
    language === 'python' ? pythonDefinitions(text) : language === 'go' ? goDefinitions(text) : jsDefinitions(text);
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.offset - b.offset)
    .filter((d) => !seen.has(d.name) && seen.add(d.name))
    .map((d) => ({ exportName: d.name, offset: d.offset, ...lineAndColumn(text, d.offset), language }));
}

interface Found {
  name: string;
  offset: number;
}

function matches(masked: string, pattern: RegExp, group = 1): Found[] {
  return [...masked.matchAll(pattern)].map((m) => ({
    name: m[group],
    offset: (m.index ?? 0) + m[0].lastIndexOf(m[group]),
  }));
}

/** Where `name` is defined locally (const/let/var/function/class), if anywhere. */
function localDefinition(masked: string, name: string): number | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  const pattern = new RegExp(
    `^[ \\t]*(?:export\\s+)?(?:(?:const|let|var)\\s+|(?:async\\s+)?function\\s*\\*?\\s*|class\\s+)(${escaped})\\b`,
    'm',
  );
  const m = pattern.exec(masked);
  return m ? m.index + m[0].length - name.length : undefined;
}

function jsDefinitions(text: string): Found[] {
  const masked = maskJavaScript(text);
  const id = '[A-Za-z_$][\\w$]*';
  const found: Found[] = [];
  // `exports.handler = handler;` points at a local definition: that is where the code (and the lens) belongs.
  for (const m of masked.matchAll(new RegExp(`^[ \\t]*(?:module\\.)?exports\\.(${id})\\s*=(?!=)[ \\t]*(?:(${id})[ \\t]*;?[ \\t]*$)?`, 'gm'))) {
    const local = m[2] ? localDefinition(masked, m[2]) : undefined;
    found.push({ name: m[1], offset: local ?? (m.index ?? 0) + m[0].indexOf(m[1], m[0].indexOf('exports.') + 8) });
  }
  found.push(
    ...matches(masked, new RegExp(`^[ \\t]*export\\s+(?:declare\\s+)?(?:const|let|var)\\s+(${id})`, 'gm')),
    ...matches(masked, new RegExp(`^[ \\t]*export\\s+(?:async\\s+)?function\\s*\\*?\\s*(${id})`, 'gm')),
  );
  for (const clause of masked.matchAll(/^[ \t]*export\s*\{([^}]*)\}(\s*from\b)?/gm)) {
    const bodyStart = (clause.index ?? 0) + clause[0].indexOf('{') + 1;
    for (const spec of clause[1].matchAll(new RegExp(`(${id})(?:\\s+as\\s+(${id}))?`, 'g'))) {
      const [, local, alias] = spec;
      if (local === 'type') continue;
      const at = clause[2] ? undefined : localDefinition(masked, local);
      found.push({ name: alias ?? local, offset: at ?? bodyStart + (spec.index ?? 0) });
    }
  }
  for (const object of masked.matchAll(/^[ \t]*module\.exports\s*=\s*\{/gm)) {
    found.push(...objectKeys(masked, (object.index ?? 0) + object[0].length));
  }
  return found;
}

/** The keys of an object literal starting after `{`: shorthand names at their local definition, others in place. */
function objectKeys(masked: string, from: number): Found[] {
  const found: Found[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = from; i < masked.length; i++) {
    const c = masked[i];
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && c === ',') expectKey = true;
    else if (depth === 0 && expectKey && /[A-Za-z_$]/.test(c)) {
      const name = /^[\w$]+/.exec(masked.slice(i))![0];
      const after = masked.slice(i + name.length).trimStart()[0];
      const shorthand = after === ',' || after === '}';
      found.push({ name, offset: (shorthand ? localDefinition(masked, name) : undefined) ?? i });
      expectKey = false;
      i += name.length - 1;
    } else if (!/\s/.test(c)) expectKey = false;
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

/** The Go handler passed to lambda.Start, as an identifier path (`handler`, `h.Handle`) or undefined for literals. */
export function goStartCalls(masked: string): Array<{ offset: number; target?: string }> {
  return [...masked.matchAll(/\blambda\.(?:Start|StartWithOptions|StartHandler|StartHandlerFunc)\s*\(\s*([\w.]+\s*[,)]|func\b)?/g)].map(
    (m) => ({ offset: (m.index ?? 0), target: m[1] && m[1] !== 'func' ? m[1].replace(/[\s,)]/g, '') : undefined }),
  );
}

/** Offset of `func name(` (or a method `func (r T) name(`) at top level of a Go file. */
export function goFunctionOffset(masked: string, name: string): number | undefined {
  const m = new RegExp(`^func\\s+(?:\\([^)]*\\)\\s*)?(${name})\\s*[(\\[]`, 'm').exec(masked);
  return m ? (m.index ?? 0) + m[0].lastIndexOf(name) : undefined;
}

function goDefinitions(text: string): Found[] {
  const masked = maskGo(text);
  return goStartCalls(masked).map((call) => {
    const simple = call.target?.split('.').pop();
    const at = simple ? goFunctionOffset(masked, simple) : undefined;
    if (at !== undefined && simple) return { name: simple, offset: at };
    const enclosing = [...masked.slice(0, call.offset).matchAll(/^func\s+(?:\([^)]*\)\s*)?(\w+)/gm)].pop()?.[1];
    return { name: call.target ?? enclosing ?? 'main', offset: call.offset };
  });
}
