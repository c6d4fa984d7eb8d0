import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './buildError';
import { defaultCacheDir } from './cacheDir';
import type { NodeBuildOverrides } from './esbuildOptions';
import { buildNode } from './nodeBuild';
import type { FunctionSpec } from '../model';
import { PackagingError } from '../packaging/errors';
import type { ZipEntry } from '../packaging/zipWriter';

/** How a Node.js function is bundled for deploy, on top of what its template says. */
export type NodeBundleOptions = NodeBuildOverrides;

export interface NodeBundle {
  entries: ZipEntry[];
  /** The file the bundle was built from. */
  entryPoint: string;
  warnings: string[];
}

const SOURCE_MAP_COMMENT = /\n?\/\/# sourceMappingURL=[^\n]*\n?$/;

/**
 * The deployment files of a Node.js function: the very build local runs start from (core/build/nodeBuild), each
 * bundle at the path its handler names (`src/app.handler` gives `src/app.js`, `.mjs` for ES modules) or where SAM's
 * `EntryPoints` put it. The source maps local runs use are left out, with their `sourceMappingURL` line, unless the
 * template (Sourcemap) or the options ask to ship them. Throws PackagingError.
 */
export async function bundleNode(
  fn: FunctionSpec,
  options: NodeBundleOptions = {},
  cacheDir = defaultCacheDir(),
): Promise<NodeBundle> {
  let build;
  try {
    build = await buildNode(fn, cacheDir, options);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    const message = error.buildText !== undefined ? `${fn.name}: the bundle failed: ${error.buildText}` : error.message;
    throw new PackagingError(message, error.location);
  }
  const entries: ZipEntry[] = [];
  for (const path of build.files) {
    if (path.endsWith('.map') && !build.shipSourceMaps) continue;
    let data = readFileSync(join(build.dir, path));
    if (!build.shipSourceMaps && /\.[cm]?js$/.test(path))
      data = Buffer.from(data.toString('utf8').replace(SOURCE_MAP_COMMENT, '\n'));
    entries.push({ path, data });
  }
  return { entries, entryPoint: build.entryPoints[0], warnings: build.warnings };
}
