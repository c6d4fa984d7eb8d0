import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logicalIdOf } from '../discovery/nestedStacks';
import type { FunctionSpec } from '../model';
import { splitHandler } from '../packaging/handlerPath';
import { extractedArchive } from './archiveCode';
import { runMakefile } from './makefileBuild';
import { buildNode } from './nodeBuild';
import { sourceStamp } from './sourceStamp';

/** A function's code made ready to run: the folder to start it from, and what the result mapping needs. */
export interface PreparedCode {
  /** The function with `codeDir` pointing at the code to run (an unpacked zip, ARTIFACTS_DIR, a bundle folder). */
  fn: FunctionSpec;
  /** Folders of bundles whose source maps turn stack traces back into source lines. */
  sourceMapRoots: string[];
  warnings: string[];
}

/**
 * Builds what the template says to build before a function's instance starts: a `.zip` code archive is unpacked,
 * `BuildMethod: makefile` runs `make build-<LogicalId>`, and Node.js functions with `BuildMethod: esbuild` (or a
 * TypeScript handler) are bundled by the same build deploy uses (unminified under a debugger). Anything else runs from
 * its folder as it is, and the language builds (`go`, `python`, `nodejs`) are left to the runtime's launcher.
 * Throws BuildError.
 */
export async function prepareCode(
  fn: FunctionSpec,
  cacheDir: string,
  options: { debug?: boolean } = {},
): Promise<PreparedCode> {
  if (fn.codeArchive) {
    return {
      fn: { ...fn, codeDir: extractedArchive(fn.codeArchive, cacheDir), codeArchive: undefined, build: undefined },
      sourceMapRoots: [],
      warnings: [],
    };
  }
  if (fn.build?.method === 'makefile') {
    return {
      fn: { ...fn, codeDir: await makefileArtifacts(fn, cacheDir), build: undefined },
      sourceMapRoots: [],
      warnings: [],
    };
  }
  if (needsNodeBuild(fn)) {
    // A debug instance gets the same bundle unminified, so the debugger shows the variables by their own names.
    const built = await buildNode(fn, cacheDir, options.debug ? { minify: false } : {});
    return { fn: { ...fn, codeDir: built.dir }, sourceMapRoots: [built.dir], warnings: built.warnings };
  }
  return { fn, sourceMapRoots: [], warnings: [] };
}

/** ARTIFACTS_DIR of a makefile function, built again only when a file of its folder changed. */
export async function makefileArtifacts(fn: FunctionSpec, cacheDir: string): Promise<string> {
  const key = createHash('sha256').update(fn.id).digest('hex').slice(0, 16);
  const artifactsDir = join(cacheDir, 'make', key);
  const stampFile = `${artifactsDir}.stamp`;
  const stamp = `${sourceStamp(fn.codeDir)}:${JSON.stringify(fn.build?.properties ?? {})}`;
  if (existsSync(artifactsDir) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
    return artifactsDir;
  // In a nested stack the function is named `<Stack>/<LogicalId>`; its Makefile target uses its own logical id.
  await runMakefile({ logicalId: logicalIdOf(fn), sourceDir: fn.codeDir, artifactsDir });
  writeFileSync(stampFile, stamp);
  return artifactsDir;
}

/** Node.js functions are bundled when the template asks for esbuild, or when the handler is TypeScript (no .js beside it). */
export function needsNodeBuild(fn: FunctionSpec): boolean {
  if (!fn.runtime.startsWith('nodejs')) return false;
  if (fn.build) return fn.build.method === 'esbuild';
  let module: string;
  try {
    module = splitHandler(fn.handler).modulePath;
  } catch {
    // A malformed handler is reported by the launcher, with its own message.
    return false;
  }
  const base = join(fn.codeDir, module);
  if (['.js', '.mjs', '.cjs'].some((ext) => existsSync(base + ext))) return false;
  return ['.ts', '.mts', '.cts', '.tsx'].some((ext) => existsSync(base + ext));
}
