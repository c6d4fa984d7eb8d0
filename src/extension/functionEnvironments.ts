import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { environmentFor, loadEnvOverrides, type EnvOverrides } from '../core/events';
import type { FunctionSpec } from '../core/model';
import { readSetting } from './restrictedSettings';
import type { WorkspaceFunctions } from './workspaceFunctions';

/**
 * The environment a function runs with locally (Run, Debug, local event sources): the template's, then env.json,
 * then the `lambdaWorkbench.environment` setting. env.json is read again only when it changed; a changed
 * environment reaches the runtime, whose pool then retires the warm instances started with the old one.
 */
export class FunctionEnvironments {
  private readonly files = new Map<string, { mtimeMs: number; overrides: EnvOverrides }>();
  private readonly signatures = new Map<string, string>();

  constructor(
    private readonly functions: WorkspaceFunctions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The function as it should run now; throws with the file name when env.json cannot be read. */
  apply(fn: FunctionSpec): FunctionSpec {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench');
    const folder = this.functions.folderOf(fn);
    const setting = <T>(key: string) => readSetting<T>(config, 'lambdaWorkbench', key, vscode.workspace.isTrusted);
    const overrides = folder ? this.overridesIn(join(folder, setting<string>('envVarsFile') ?? 'env.json')) : undefined;
    const { environment, warnings } = environmentFor(
      fn,
      overrides,
      setting<Record<string, string>>('environment') ?? {},
    );
    const signature = JSON.stringify(environment);
    const previous = this.signatures.get(fn.id);
    // Warnings once per environment, not on every invoke.
    if (previous !== signature) {
      for (const warning of warnings) this.log.warn(warning);
      this.signatures.set(fn.id, signature);
    }
    return { ...fn, environment };
  }

  private overridesIn(file: string): EnvOverrides | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      // No env file (or not readable): no overrides, as SAM without --env-vars.
      return undefined;
    }
    const cached = this.files.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.overrides;
    try {
      const overrides = loadEnvOverrides(readFileSync(file, 'utf8'));
      this.files.set(file, { mtimeMs, overrides });
      return overrides;
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
