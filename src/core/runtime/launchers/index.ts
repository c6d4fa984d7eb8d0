import type { FunctionSpec } from '../../model';
import { LaunchError } from '../../errors';
import type { RuntimeLauncher } from '../types';
import { NodeLauncher } from './nodeLauncher';
import { ProvidedLauncher } from './providedLauncher';
import { PythonLauncher } from './python';
import { GoLauncher } from './go';

/** Settings the launchers take from the editor or the CLI. */
export interface LauncherSettings {
  nodePath?: string;
  pythonPath?: string;
}

/** Every launcher, most specific first: the first whose `matches` accepts a function starts it. */
export function createLaunchers(settings: LauncherSettings = {}): RuntimeLauncher[] {
  return [
    new NodeLauncher({ nodePath: settings.nodePath }),
    new PythonLauncher({ python: settings.pythonPath }),
    new GoLauncher(),
    new ProvidedLauncher(),
  ];
}

export function launcherFor(launchers: RuntimeLauncher[], fn: FunctionSpec): RuntimeLauncher {
  const launcher = launchers.find((l) => l.matches(fn));
  if (!launcher) {
    throw new LaunchError(
      `The runtime '${fn.runtime}' of ${fn.name} cannot run locally (supported: nodejs*, python3.*, go1.x, provided.*).`,
      'Runtime.InvalidRuntime',
    );
  }
  return launcher;
}
