import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize } from 'node:path';
import type { FunctionSpec } from '../model';
import {
  findHandlerDefinitions,
  goFunctions,
  goStartCalls,
  MAX_SCAN_LENGTH,
  pythonTopLevelNames,
  starReexports,
} from './handlerDefinitions';
import { maskGo, maskPython, lineAndColumn } from './maskSource';

/** Extensions tried for a Node module, TypeScript source first so that breakpoints land in what people edit. */
export const NODE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Where a handler string leads, or why it leads nowhere. */
export interface HandlerLookup {
  file?: string;
  line?: number;
  /** Set when the file or the definition was not found: a sentence for a diagnostic. */
  problem?: string;
  /**
   * A missing folder or file is an error (nothing to run); a missing definition a warning (exports can be built
   * dynamically); a file too large to search a note.
   */
  kind?: 'missing-folder' | 'missing-file' | 'missing-definition' | 'too-large';
}

/** Extra knowledge a template gives beyond the handler string (SAM esbuild `Metadata.BuildProperties.EntryPoints`). */
export interface HandlerHints {
  entryPoints?: string[];
  /** The template declares a Go build (`Metadata.BuildMethod: go1.x`). */
  go?: boolean;
}

export type RuntimeFamily = 'node' | 'python' | 'go' | 'custom' | 'other';

export function runtimeFamily(runtime: string): RuntimeFamily {
  if (runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('python')) return 'python';
  if (runtime === 'go1.x') return 'go';
  if (runtime.startsWith('provided')) return 'custom';
  return 'other';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    // Nothing there: not a file.
    return false;
  }
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function nodeLookup(fn: Pick<FunctionSpec, 'handler' | 'codeDir'>, hints: HandlerHints): HandlerLookup {
  const base = basename(fn.handler);
  const match = /^([^.]*)\.(.+)$/.exec(base);
  if (!match)
    return {
      kind: 'missing-file',
      problem: `Handler "${fn.handler}" must look like "file.export" (e.g. index.handler)`,
    };
  const modulePath = normalize(join(dirname(fn.handler), match[1]));
  const exportName = match[2].split('.')[0];
  const fromEntry = (hints.entryPoints ?? []).find((entry) => {
    const withoutExt = normalize(entry.slice(0, entry.length - extname(entry).length));
    return withoutExt === modulePath || basename(withoutExt) === basename(modulePath);
  });
  const candidates = [
    ...(fromEntry ? [join(fn.codeDir, fromEntry)] : []),
    ...NODE_EXTENSIONS.map((ext) => join(fn.codeDir, modulePath + ext)),
  ];
  const file = candidates.find(isFile);
  if (!file) {
    return {
      kind: 'missing-file',
      problem: `Handler "${fn.handler}" points nowhere: no ${modulePath}{${NODE_EXTENSIONS.join(',')}} in ${fn.codeDir}`,
    };
  }
  return definitionIn(file, exportName);
}

/** How many `export ... from` hops are followed before giving up (re-export chains are short; cycles are not). */
const MAX_REEXPORT_HOPS = 8;

function tooLarge(file: string, text: string): HandlerLookup | undefined {
  if (text.length <= MAX_SCAN_LENGTH) return undefined;
  const size = `${Math.round(text.length / 1024)} KB`;
  return {
    file,
    line: 0,
    kind: 'too-large',
    problem: `${basename(file)} (${size}) is too large to search for the handler; it opens at line 1`,
  };
}

/** The module file a relative import specifier names, as Node and TypeScript resolve it (extensions, index files). */
function moduleFile(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(from), specifier);
  const stem = base.replace(/\.[cm]?js$/, '');
  const candidates = [
    base,
    ...NODE_EXTENSIONS.map((ext) => stem + ext),
    ...NODE_EXTENSIONS.map((ext) => join(base, `index${ext}`)),
  ];
  return candidates.find(isFile);
}

/**
 * The definition of export `name` in `file`, following `export { x } from './m'` and `export * from './m'` to the
 * module that really defines it (so a lens and a breakpoint land on the code, not on the re-export line).
 */
function definitionIn(file: string, name: string): HandlerLookup {
  const visited = new Set<string>();
  const search = (current: string, wanted: string, hops: number): HandlerLookup | undefined => {
    if (visited.has(`${current}#${wanted}`) || hops > MAX_REEXPORT_HOPS) return undefined;
    visited.add(`${current}#${wanted}`);
    const text = read(current);
    const large = tooLarge(current, text);
    if (large) return large;
    const definition = findHandlerDefinitions(current, text).find((d) => d.exportName === wanted);
    if (definition) {
      const target = definition.reexport && moduleFile(current, definition.reexport.module);
      return (
        (target ? search(target, definition.reexport!.name, hops + 1) : undefined) ?? {
          file: current,
          line: definition.line,
        }
      );
    }
    for (const specifier of starReexports(current, text)) {
      const target = moduleFile(current, specifier);
      const found = target && search(target, wanted, hops + 1);
      if (found && !found.problem) return found;
    }
    return undefined;
  };
  return (
    search(file, name, 0) ?? {
      file,
      line: 0,
      kind: 'missing-definition',
      problem: `${basename(file)} has no visible definition of "${name}"`,
    }
  );
}

function pythonLookup(fn: Pick<FunctionSpec, 'handler' | 'codeDir'>): HandlerLookup {
  const dot = fn.handler.lastIndexOf('.');
  if (dot <= 0)
    return {
      kind: 'missing-file',
      problem: `Handler "${fn.handler}" must look like "module.function" (e.g. app.lambda_handler)`,
    };
  const modulePath = fn.handler.slice(0, dot).replace(/\./g, '/');
  const name = fn.handler.slice(dot + 1);
  const file = [join(fn.codeDir, `${modulePath}.py`), join(fn.codeDir, modulePath, '__init__.py')].find(isFile);
  if (!file)
    return {
      kind: 'missing-file',
      problem: `Handler "${fn.handler}" points nowhere: no ${modulePath}.py in ${fn.codeDir}`,
    };
  const text = read(file);
  const large = tooLarge(file, text);
  if (large) return large;
  const at = pythonTopLevelNames(maskPython(text)).get(name);
  if (at === undefined)
    return { file, line: 0, kind: 'missing-definition', problem: `${basename(file)} has no top-level "${name}"` };
  return { file, line: lineAndColumn(text, at).line };
}

function goFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    // An unreadable folder has no Go files to look for the handler in.
    return [];
  }
}

/** The main-package file of `dir` that calls lambda.Start, and the line of the handler it starts. */
export function goLookup(dir: string): HandlerLookup | undefined {
  const files = goFiles(dir).map((file) => ({ file, text: read(file) }));
  const mains = files.filter((f) => /^package\s+main\b/m.test(maskGo(f.text)));
  for (const main of mains) {
    const call = goStartCalls(maskGo(main.text))[0];
    if (!call) continue;
    const simple = call.target?.split('.').pop();
    if (simple) {
      for (const other of [main, ...mains.filter((m) => m !== main)]) {
        const def = goFunctions(maskGo(other.text)).find((f) => f.name === simple);
        if (def) return { file: other.file, line: lineAndColumn(other.text, def.offset).line };
      }
    }
    return { file: main.file, line: lineAndColumn(main.text, call.offset).line };
  }
  return undefined;
}

function customLookup(fn: Pick<FunctionSpec, 'handler' | 'codeDir'>): HandlerLookup {
  const go = goLookup(fn.codeDir);
  if (go) return go;
  const bootstrap = join(fn.codeDir, 'bootstrap');
  if (isFile(bootstrap)) return { file: bootstrap, line: 0 };
  return {
    kind: 'missing-file',
    problem: `No handler source in ${fn.codeDir}: neither a Go main package calling lambda.Start nor a bootstrap file`,
  };
}

/** Synchronous lookup used by discovery; reads only the files the handler string can name. */
export function lookupHandler(
  fn: Pick<FunctionSpec, 'handler' | 'codeDir' | 'runtime'>,
  hints: HandlerHints = {},
): HandlerLookup {
  if (!existsSync(fn.codeDir)) return { kind: 'missing-folder', problem: `Code folder ${fn.codeDir} does not exist` };
  const family = hints.go ? 'custom' : runtimeFamily(fn.runtime);
  if (family === 'node') return nodeLookup(fn, hints);
  if (family === 'python') return pythonLookup(fn);
  if (family === 'go' || family === 'custom') return customLookup(fn);
  return {};
}

/**
 * Maps a function's handler string to the source file and 0-based line that define it:
 * Node `dir/module.export` → `<codeDir>/dir/module.{ts,mts,cts,js,mjs,cjs}` (TypeScript first), Python
 * `pkg/module.function` → `.py`, Go and `provided.*` → the main-package file calling `lambda.Start` or `bootstrap`.
 * Undefined when the handler leads to no file.
 */
export async function resolveHandlerSource(
  fn: FunctionSpec,
  hints: HandlerHints = {},
): Promise<{ file: string; line: number } | undefined> {
  const found = lookupHandler(fn, hints);
  return found.file ? { file: found.file, line: found.line ?? 0 } : undefined;
}
