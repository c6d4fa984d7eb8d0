import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFile } from '../core/discovery';
import { environmentFor, loadEnvOverrides } from '../core/events';
import type { LocalTarget } from '../core/aws/localTarget';
import type { FunctionSpec } from '../core/model';
import { flag, type ParsedArgs } from './args';
import type { CliIo } from './command';
import { localSetup } from './localSetup';
import { formatDiagnostics, loadFunctions, type LoadedFunctions } from './workspaceFunctions';

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    // A file that is gone has no time: -1 differs from any real one, so the change is noticed.
    return -1;
  }
}

/**
 * The functions a long-running command (serve, start-api) serves, kept current: before every request the templates
 * they come from and the env.json file are checked (one stat each), and a changed one is read again, so a saved
 * template or env.json reaches the very next invoke. The runtime then retires the instances started from the old spec.
 */
export class LiveFunctions {
  private readonly stamps = new Map<string, number>();
  private current: FunctionSpec[];

  constructor(
    private readonly loaded: LoadedFunctions,
    private readonly envFile: string | undefined,
    private readonly report: (message: string) => void,
  ) {
    if (envFile && mtime(envFile) < 0) throw new Error(`cannot read the env vars file ${envFile}: no such file`);
    this.current = this.withEnvironment(loaded.functions);
    for (const file of this.files()) this.stamps.set(file, mtime(file));
  }

  /** The functions as the files say now; a file that no longer reads keeps what was served before, with a message. */
  functions(): FunctionSpec[] {
    const changed = this.files().filter((file) => this.stamps.get(file) !== mtime(file));
    if (changed.length === 0) return this.current;
    for (const file of changed) this.stamps.set(file, mtime(file));
    try {
      let functions = this.loaded.functions;
      for (const template of changed.filter((file) => file !== this.envFile)) {
        const found = discoverFile(template, readFileSync(template, 'utf8'), { root: this.loaded.root });
        for (const d of found.diagnostics.filter((x) => x.severity === 'error'))
          this.report(`${d.file}:${d.line + 1}:${d.column + 1}: ${d.message}`);
        functions = [...functions.filter((fn) => fn.templatePath !== template), ...found.functions];
        this.report(`${template} changed: ${found.functions.length} function(s) read again`);
      }
      this.loaded.functions = functions;
      this.current = this.withEnvironment(functions);
      if (this.envFile && changed.includes(this.envFile))
        this.report(`${this.envFile} changed: environments read again`);
    } catch (error) {
      this.report(
        `${changed.join(', ')}: ${error instanceof Error ? error.message : String(error)}; still serving what was read before`,
      );
    }
    return this.current;
  }

  /** The function as it is now (by id), or as given when its template no longer declares it. */
  latest(fn: FunctionSpec): FunctionSpec {
    return this.functions().find((f) => f.id === fn.id) ?? fn;
  }

  private files(): string[] {
    const templates = new Set(
      this.loaded.functions.map((fn) => fn.templatePath).filter((path): path is string => !!path),
    );
    return [...templates, ...(this.envFile ? [this.envFile] : [])];
  }

  private withEnvironment(functions: FunctionSpec[]): FunctionSpec[] {
    if (!this.envFile || mtime(this.envFile) < 0) return functions;
    const overrides = loadEnvOverrides(readFileSync(this.envFile, 'utf8'));
    return functions.map((fn) => {
      const result = environmentFor(fn, overrides);
      for (const warning of result.warnings) this.report(`warning: ${warning}`);
      return { ...fn, environment: result.environment };
    });
  }
}

/** The env.json path of a command's `--env-vars`, resolved from its working folder. */
export function envFilePath(cwd: string, envVars: string | undefined): string | undefined {
  return envVars ? resolve(cwd, envVars) : undefined;
}

/**
 * How serve and start-api begin: the templates read once (their problems said on stderr), the AWS target of local
 * runs, and the functions kept current from then on.
 */
export async function openLiveFunctions(
  parsed: ParsedArgs,
  io: CliIo,
): Promise<{ target: LocalTarget; loaded: LoadedFunctions; live: LiveFunctions }> {
  const { resolution, target } = await localSetup(parsed, io);
  const loaded = await loadFunctions(io.cwd, flag(parsed, 'template'), resolution);
  if (loaded.diagnostics.length) io.stderr(formatDiagnostics(loaded.diagnostics));
  const live = new LiveFunctions(loaded, envFilePath(io.cwd, flag(parsed, 'env-vars')), (message) =>
    io.stderr(`${message}\n`),
  );
  return { target, loaded, live };
}
