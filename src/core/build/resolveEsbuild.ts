import { createRequire } from 'node:module';
import { dirname } from 'node:path';

type Esbuild = typeof import('esbuild');

/** The esbuild a build uses: the project's own when it has one, as SAM does, else the one shipped with Lambda Workbench. */
export interface ResolvedEsbuild {
  esbuild: Esbuild;
  version: string;
  /** Where the project's esbuild package is, when it is the project's. */
  projectPath?: string;
  /** Why the project's esbuild could not be used, when it could not. */
  warning?: string;
}

const loaded = new Map<string, ResolvedEsbuild>();

/**
 * Finds `esbuild` the way Node resolves packages, from each folder in turn (the function's code folder, then the
 * project's), and loads it; one that cannot be loaded (no binary for this platform, a broken install) is reported in
 * `warning` and the bundled esbuild is used instead. Loaded once per package folder.
 */
export function resolveEsbuild(fromDirs: string[]): ResolvedEsbuild {
  let manifest: string | undefined;
  try {
    manifest = require.resolve('esbuild/package.json', { paths: fromDirs });
  } catch {
    // The project has no esbuild of its own: the bundled one is used.
    manifest = undefined;
  }
  const own = bundled();
  if (!manifest || dirname(manifest) === own.projectPath) return { esbuild: own.esbuild, version: own.version };
  const cached = loaded.get(manifest);
  if (cached) return cached;
  let resolved: ResolvedEsbuild;
  try {
    // createRequire: a plain require() of a computed path would be rewritten by the bundler that builds us.
    const esbuild = createRequire(manifest)(dirname(manifest)) as Esbuild;
    resolved = { esbuild, version: esbuild.version, projectPath: dirname(manifest) };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    resolved = {
      esbuild: own.esbuild,
      version: own.version,
      warning: `the project's esbuild (${dirname(manifest)}) cannot be loaded (${reason}); the bundled esbuild ${own.version} is used`,
    };
  }
  loaded.set(manifest, resolved);
  return resolved;
}

let shipped: { esbuild: Esbuild; version: string; projectPath: string } | undefined;

/** The esbuild Lambda Workbench ships (loaded on first use: only functions that are bundled pay for it). */
function bundled(): { esbuild: Esbuild; version: string; projectPath: string } {
  if (!shipped) {
    const esbuild = require('esbuild') as Esbuild;
    shipped = { esbuild, version: esbuild.version, projectPath: dirname(require.resolve('esbuild/package.json')) };
  }
  return shipped;
}
