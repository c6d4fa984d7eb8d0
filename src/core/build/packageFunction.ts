import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from './buildError';
import { defaultCacheDir } from './cacheDir';
import { makefileArtifacts } from './prepareCode';
import type { FunctionSpec } from '../model';
import { collectFiles } from '../packaging/collectFiles';
import { PackagingError } from '../packaging/errors';
import { goPackageEntries, type GoBuildOptions } from '../packaging/goPackage';
import { checkPackageLimits, codeSha256 } from '../packaging/limits';
import { bundleNode, type NodeBundleOptions } from './nodeBundle';
import { pythonPackageEntries, type PythonPackageOptions } from '../packaging/pythonPackage';
import { readZip } from '../packaging/zipReader';
import { writeZip, type ZipEntry } from '../packaging/zipWriter';

/** How a function's code became a zip. */
export type PackageKind = 'node-bundle' | 'folder' | 'go' | 'archive' | 'makefile';

export interface PackageOptions {
  node?: NodeBundleOptions;
  go?: GoBuildOptions;
  python?: PythonPackageOptions;
  /** Where builds are kept (the local runtime's cache folder, so deploy reuses the build local runs made). */
  cacheDir?: string;
}

/** A function's deployment package, ready to upload. */
export interface FunctionPackage {
  zip: Buffer;
  /** What Lambda will report as CodeSha256 for this zip. */
  codeSha256: string;
  kind: PackageKind;
  files: { path: string; size: number }[];
  unzippedBytes: number;
  warnings: string[];
}

/**
 * Builds the zip Lambda runs for a function: the files of a `.zip` code archive as they are, ARTIFACTS_DIR of a
 * `BuildMethod: makefile` function, an esbuild bundle for Node.js (the build local runs use), the code folder for
 * Python (over the packages of its requirements) and Ruby, a cross-compiled `bootstrap` for Go on provided.* runtimes,
 * or the folder as is for a custom runtime that already has its `bootstrap`. Throws PackagingError on build problems
 * and PackageLimitError when Lambda would refuse the zip.
 */
export async function packageFunction(fn: FunctionSpec, options: PackageOptions = {}): Promise<FunctionPackage> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const warnings: string[] = [];
  let kind: PackageKind;
  let entries: ZipEntry[];
  if (fn.codeArchive) {
    if (!existsSync(fn.codeArchive))
      throw new PackagingError(`${fn.name}: the code archive ${fn.codeArchive} does not exist.`);
    kind = 'archive';
    entries = readZip(readFileSync(fn.codeArchive))
      .filter((e) => !e.directory)
      .map((e) => ({ path: e.path, data: e.data, mode: e.mode !== undefined && e.mode & 0o111 ? 0o755 : 0o644 }));
    return finish(fn, kind, entries, warnings);
  }
  if (!existsSync(fn.codeDir)) throw new PackagingError(`${fn.name}: the code folder ${fn.codeDir} does not exist.`);
  if (fn.build?.method === 'makefile') {
    kind = 'makefile';
    try {
      entries = collectFiles(await makefileArtifacts(fn, cacheDir));
    } catch (error) {
      if (error instanceof BuildError) throw new PackagingError(error.message);
      throw error;
    }
  } else if (fn.source === 'cdk' && !fn.build) {
    // A CDK asset folder is already what `cdk deploy` uploads (NodejsFunction bundled it): it is shipped as it is.
    kind = 'folder';
    entries = collectFiles(fn.codeDir);
  } else if (fn.runtime.startsWith('nodejs')) {
    const bundle = await bundleNode(fn, options.node, cacheDir);
    kind = 'node-bundle';
    entries = bundle.entries;
    warnings.push(...bundle.warnings);
  } else if (fn.runtime.startsWith('python')) {
    kind = 'folder';
    const python = await pythonPackageEntries(fn, options.python);
    entries = python.entries;
    warnings.push(...python.warnings);
  } else if (fn.runtime.startsWith('ruby')) {
    kind = 'folder';
    entries = collectFiles(fn.codeDir);
  } else if (fn.runtime === 'go1.x' || (fn.runtime.startsWith('provided') && isGoModule(fn.codeDir))) {
    kind = 'go';
    entries = await goPackageEntries(fn, options.go);
  } else if (fn.runtime.startsWith('provided')) {
    if (!existsSync(join(fn.codeDir, 'bootstrap'))) {
      throw new PackagingError(
        `${fn.name}: a ${fn.runtime} function needs a Go module (go.mod) or an executable named bootstrap in ${fn.codeDir}.`,
      );
    }
    kind = 'folder';
    entries = collectFiles(fn.codeDir);
  } else {
    throw new PackagingError(
      `${fn.name}: packaging ${fn.runtime} functions is not supported; build the zip with the language's own tools.`,
    );
  }
  return finish(fn, kind, entries, warnings);
}

function finish(fn: FunctionSpec, kind: PackageKind, entries: ZipEntry[], warnings: string[]): FunctionPackage {
  if (entries.length === 0)
    throw new PackagingError(`${fn.name}: there is nothing to package in ${fn.codeArchive ?? fn.codeDir}.`);
  const unzippedBytes = entries.reduce((sum, e) => sum + e.data.length, 0);
  const zip = writeZip(entries);
  checkPackageLimits(zip.length, unzippedBytes, `The package of ${fn.name}`);
  return {
    zip,
    codeSha256: codeSha256(zip),
    kind,
    files: entries
      .map((e) => ({ path: e.path, size: e.data.length }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    unzippedBytes,
    warnings,
  };
}

function isGoModule(dir: string): boolean {
  return existsSync(join(dir, 'go.mod')) || readdirSync(dir).some((name) => name.endsWith('.go'));
}
