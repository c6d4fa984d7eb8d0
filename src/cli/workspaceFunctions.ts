import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { discoverFile, discoverWorkspace, findFunction, type ResolutionOptions } from '../core/discovery';
import { environmentFor, loadEnvOverrides } from '../core/events';
import type { Diagnostic, FunctionSpec } from '../core/model';

export interface LoadedFunctions {
  functions: FunctionSpec[];
  diagnostics: Diagnostic[];
  /** The folder relative paths are resolved from. */
  root: string;
}

/**
 * The functions a CLI command works on: those of `--template` when given, otherwise everything discovery finds
 * under the working folder (templates, serverless.yml, CDK output, bare handlers).
 */
export async function loadFunctions(
  cwd: string,
  template?: string,
  resolution?: ResolutionOptions,
): Promise<LoadedFunctions> {
  if (template) {
    const path = resolve(cwd, template);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read the template ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        { cause: error },
      );
    }
    const found = discoverFile(path, text, { root: dirname(path), resolution });
    return { ...found, root: dirname(path) };
  }
  const found = await discoverWorkspace(cwd, { resolution });
  return { functions: found.functions, diagnostics: found.diagnostics, root: cwd };
}

/** Finds one function by logical id, FunctionName or handler file; the error lists what there is. */
export function pickFunction(loaded: LoadedFunctions, wanted: string): FunctionSpec {
  const fn = findFunction(loaded, wanted) ?? findFunction(loaded, resolve(loaded.root, wanted));
  if (fn) return fn;
  const known = loaded.functions.map((f) => f.name).sort();
  throw new Error(
    `no function '${wanted}' here. ${known.length ? `Known functions: ${known.join(', ')}` : 'No functions were found (is --template right?)'}`,
  );
}

/** Applies a SAM-style env.json to the functions, returning the warnings to show. */
export async function applyEnvFile(
  functions: FunctionSpec[],
  cwd: string,
  envFile: string | undefined,
): Promise<string[]> {
  if (!envFile) return [];
  const overrides = loadEnvOverrides(await readFile(resolve(cwd, envFile), 'utf8'));
  const warnings: string[] = [];
  for (const fn of functions) {
    const result = environmentFor(fn, overrides);
    fn.environment = result.environment;
    warnings.push(...result.warnings);
  }
  return warnings;
}

/**
 * What a command on one function shows before running it: every error of the workspace, and the warnings and
 * notes of the file that declares the function (an unresolved variable, a placeholder account...).
 */
export function diagnosticsFor(loaded: LoadedFunctions, fn: FunctionSpec): Diagnostic[] {
  const own = fn.templatePath ?? fn.handlerFile;
  return loaded.diagnostics.filter((d) => d.severity === 'error' || d.file === own);
}

/** Diagnostics as `file:line:col: severity: message` lines, errors first. */
export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  const order = { error: 0, warning: 1, info: 2 };
  return [...diagnostics]
    .sort((a, b) => order[a.severity] - order[b.severity])
    .map((d) => `${d.file}:${d.line + 1}:${d.column + 1}: ${d.severity}: ${d.message}\n`)
    .join('');
}
