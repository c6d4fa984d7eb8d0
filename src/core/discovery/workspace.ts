import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Diagnostic, FunctionSpec } from '../model';
import { isBuiltBy, possibleBuilds } from './builtCopies';
import { classifyFile, discoverFile, type FileDiscovery } from './discoverFile';
import { findHandlerDefinitions, MAX_BARE_SCAN_LENGTH } from './handlerDefinitions';
import type { ResolutionOptions } from './resolution';
import { DEFAULT_MAX_FILES, walkWorkspace } from './walkWorkspace';

/** Everything discovery found in a workspace. */
export interface DiscoveryResult {
  functions: FunctionSpec[];
  diagnostics: Diagnostic[];
  /** Every file discovery read, for the editor to watch. */
  files: string[];
}

export interface DiscoveryOptions {
  /** Folder names, or paths relative to the root, not to search. */
  ignore?: string[];
  /** The most files to read (default 20000); past it, discovery stops with a warning. */
  maxFiles?: number;
  /** Parameter overrides, region, account and Serverless options templates are resolved with. */
  resolution?: ResolutionOptions;
}

const READ_BATCH = 64;
/**
 * The longest stretch of work discovery does without letting the event loop turn: the editor's extension host runs
 * it, and every other extension waits while it works.
 */
const SLICE_MS = 15;

/**
 * Finds every Lambda function under `root`: SAM/CloudFormation templates, serverless.yml, CDK `cdk.out`
 * templates and bare handlers that no template mentions. A broken file yields diagnostics; the rest still loads.
 */
export async function discoverWorkspace(root: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const absoluteRoot = resolve(root);
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const walk = await walkWorkspace(absoluteRoot, options.ignore, maxFiles);
  const perFile = new Map<string, FileDiscovery>();
  const tooLarge: string[] = [];
  for (let i = 0; i < walk.files.length; i += READ_BATCH) {
    const batch = walk.files.slice(i, i + READ_BATCH);
    const texts = await Promise.all(batch.map((file) => readFile(file, 'utf8').catch(() => undefined)));
    // The await above let the event loop turn: a new slice starts.
    let sliceStart = performance.now();
    for (let k = 0; k < batch.length; k++) {
      const file = batch[k];
      const text = texts[k];
      if (text === undefined) continue;
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
      if (text.length > MAX_BARE_SCAN_LENGTH && classifyFile(file) === 'source') tooLarge.push(file);
      else perFile.set(file, discoverFile(file, text, { root: absoluteRoot, resolution: options.resolution }));
    }
  }
  const result = combine(perFile, walk.files);
  result.diagnostics.push(...walk.diagnostics);
  if (tooLarge.length > 0) {
    const examples = tooLarge
      .slice(0, 3)
      .map((file) => relative(absoluteRoot, file))
      .join(', ');
    result.diagnostics.push({
      file: absoluteRoot,
      line: 0,
      column: 0,
      severity: 'info',
      message: `${tooLarge.length} source file(s) over ${MAX_BARE_SCAN_LENGTH / 1024} KB were not searched for handlers (${examples}${tooLarge.length > 3 ? ', ...' : ''}); a template that names one still finds it`,
    });
  }
  if (walk.truncated) {
    result.diagnostics.push({
      file: absoluteRoot,
      line: 0,
      column: 0,
      severity: 'warning',
      message: `Discovery stopped after reading ${maxFiles} files; add large folders to the ignore list or raise maxFiles`,
    });
  }
  return result;
}

/**
 * Joins per-file results: bare handlers that a template already points at, or whose build output it declares
 * (a CDK asset, a Go binary), are dropped, and bare handler names are made unique.
 */
export function combine(perFile: Map<string, FileDiscovery>, files: string[]): DiscoveryResult {
  const all = [...perFile.values()];
  const declared = all.flatMap((r) => r.functions.filter((f) => f.source !== 'handler'));
  const claimed = new Set(declared.map((f) => f.handlerFile).filter((f): f is string => !!f));
  const taken = new Set(declared.map((f) => f.name));
  const builds = possibleBuilds(declared);
  const bare: FunctionSpec[] = [];
  for (const fn of all.flatMap((r) => r.functions.filter((f) => f.source === 'handler'))) {
    if ((fn.handlerFile && claimed.has(fn.handlerFile)) || isBuiltBy(fn, builds)) continue;
    let name = fn.name;
    for (let n = 2; taken.has(name); n++) name = `${fn.name}-${n}`;
    taken.add(name);
    bare.push(name === fn.name ? fn : { ...fn, name });
  }
  return {
    functions: [...declared, ...bare],
    diagnostics: all.flatMap((r) => r.diagnostics),
    files: [...files],
  };
}

/**
 * Updates a result after one file changed (new `text`) or was deleted (`text` undefined), re-reading only that
 * file: its own functions and diagnostics are replaced, and functions whose handler lives in it get their
 * handlerLine recomputed.
 */
export function applyFileChange(
  result: DiscoveryResult,
  root: string,
  path: string,
  text: string | undefined,
  resolution?: ResolutionOptions,
): DiscoveryResult {
  const perFile = new Map<string, FileDiscovery>();
  const own = (f: FunctionSpec) => (f.templatePath ?? f.id) === path;
  for (const fn of result.functions) {
    const key = fn.templatePath ?? fn.id;
    if (!perFile.has(key)) perFile.set(key, { functions: [], diagnostics: [] });
    if (!own(fn)) perFile.get(key)!.functions.push(relocate(fn, path, text));
  }
  const others = result.diagnostics.filter((d) => d.file !== path);
  perFile.set('\0diagnostics', { functions: [], diagnostics: others });
  const files = new Set(result.files);
  if (text === undefined) {
    perFile.delete(path);
    files.delete(path);
  } else {
    perFile.set(path, discoverFile(path, text, { root: resolve(root), resolution }));
    files.add(path);
  }
  return combine(perFile, [...files].sort());
}

function relocate(fn: FunctionSpec, path: string, text: string | undefined): FunctionSpec {
  if (fn.handlerFile !== path || text === undefined || fn.source === 'handler') return fn;
  const definitions = findHandlerDefinitions(path, text);
  const exportName =
    definitions[0]?.language === 'python' ? fn.handler.split('.').pop() : /\.([^./]+)[^/]*$/.exec(fn.handler)?.[1];
  const definition = definitions.find((d) => d.language === 'go' || d.exportName === exportName);
  return definition ? { ...fn, handlerLine: definition.line } : fn;
}
