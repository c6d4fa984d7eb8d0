import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionSpec } from '../../model';
import { LaunchError } from '../../errors';
import type { LaunchPlan, RuntimeLauncher } from '../types';

/**
 * OS-only runtimes (provided.al2023, provided.al2) with a ready `bootstrap` executable in the code folder:
 * the bootstrap is the runtime, started as Lambda starts it, with the Runtime API in its environment.
 */
export class ProvidedLauncher implements RuntimeLauncher {
  readonly name = 'provided';

  matches(fn: FunctionSpec): boolean {
    return fn.runtime.startsWith('provided');
  }

  async prepare(fn: FunctionSpec): Promise<LaunchPlan> {
    const bootstrap = join(fn.codeDir, 'bootstrap');
    if (!existsSync(bootstrap)) {
      throw new LaunchError(
        `Couldn't find valid bootstrap(s): [${bootstrap}]. A ${fn.runtime} function needs an executable named 'bootstrap' in ${fn.codeDir}.`,
      );
    }
    try {
      await access(bootstrap, constants.X_OK);
    } catch {
      throw new LaunchError(
        `${bootstrap} is not executable: run 'chmod +x ${bootstrap}'.`,
        'Runtime.InvalidEntrypoint',
      );
    }
    return {
      command: bootstrap,
      args: [],
      cwd: fn.codeDir,
      taskRoot: fn.codeDir,
      handler: fn.handler,
      env: {},
      warnings: [],
    };
  }
}
