import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionSpec } from '../../model';
import type { LaunchOptions, LaunchPlan, RuntimeLauncher } from '../types';
import { buildGo, goBuildSource } from '../../packaging/goBuild';
import { PackagingError } from '../../packaging/errors';
import { LaunchError } from '../../errors';
import { findDlv, findGo } from '../../toolchains/goToolchain';
import { debugPort } from './freePort';

export interface GoLauncherOptions {
  /** The go binary (else LAMBDA_WORKBENCH_GO, else `go` on PATH). */
  go?: string;
  /** The dlv binary (else LAMBDA_WORKBENCH_DLV, `dlv` on PATH, or GOPATH/bin/dlv). */
  dlv?: string;
}

/** Whether a code folder holds Go sources (a go.mod or a .go file at its top). */
export function hasGoSources(codeDir: string): boolean {
  if (existsSync(join(codeDir, 'go.mod'))) return true;
  try {
    return readdirSync(codeDir).some((name) => name.endsWith('.go'));
  } catch {
    // An unreadable folder holds no Go sources the launcher could build.
    return false;
  }
}

/**
 * Builds Go functions for this machine (the same build as deploy's, for the host's OS and architecture) and runs the binary as Lambda's `provided` runtimes do: `go1.x`, and
 * `provided.al2023` / `provided.al2` when the code folder holds Go sources (a prebuilt `bootstrap` alone is the
 * `provided` launcher's). Debugging builds without optimisations and starts the binary under Delve's headless
 * server, which speaks both its JSON-RPC API and the Debug Adapter Protocol: VS Code's Go extension attaches with
 * `{ "type": "go", "request": "attach", "mode": "remote", "host": "127.0.0.1", "port": <port> }`.
 */
export class GoLauncher implements RuntimeLauncher {
  readonly name = 'go';

  constructor(private readonly options: GoLauncherOptions = {}) {}

  matches(fn: FunctionSpec): boolean {
    if (fn.runtime === 'go1.x') return true;
    return fn.runtime.startsWith('provided') && hasGoSources(fn.codeDir);
  }

  async prepare(fn: FunctionSpec, options: LaunchOptions): Promise<LaunchPlan> {
    const toolchain = await findGo(this.options.go);
    const debug = options.debug;
    // Delve is looked up before a long debug build, so a missing one is reported at once.
    const dlv = debug ? await findDlv(this.options.dlv) : undefined;
    const { binary } = await buildGo({
      ...goBuildSource(fn),
      toolchain,
      target: 'host',
      debug: Boolean(debug),
      cacheDir: options.cacheDir,
    }).catch((error: unknown) => {
      throw error instanceof PackagingError
        ? new LaunchError(error.message, 'Runtime.BuildError', error.location)
        : error;
    });
    const taskRoot = join(binary, '..');
    const plan: LaunchPlan = {
      command: binary,
      args: [],
      // The code folder stays the working directory, so files read by relative path are found as in the package.
      cwd: fn.codeDir,
      taskRoot,
      handler: fn.handler,
      env: {},
      warnings: [],
    };
    if (!debug || !dlv) return plan;

    const port = await debugPort(debug.port);
    const args = [
      'exec',
      binary,
      '--headless',
      `--listen=127.0.0.1:${port}`,
      '--api-version=2',
      '--accept-multiclient',
    ];
    // Without --continue the program waits, stopped before main, until a debugger attaches and resumes it.
    if (debug.waitForAttach === false) args.push('--continue');
    return { ...plan, command: dlv, args, debug: { port, adapter: 'dlv' } };
  }
}
