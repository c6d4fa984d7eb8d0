import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionSpec } from '../model';
import { collectFiles } from './collectFiles';
import { PackagingError } from './errors';
import { goPackageEntries, type GoBuildOptions } from './goPackage';
import { checkPackageLimits, codeSha256 } from './limits';
import { bundleNode, type NodeBundleOptions } from './nodeBundle';
import { pythonPackageEntries, type PythonPackageOptions } from './pythonPackage';
import { writeZip, type ZipEntry } from './zipWriter';

/** How a function's code became a zip. */
export type PackageKind = 'node-bundle' | 'folder' | 'go';

export interface PackageOptions {
  node?: NodeBundleOptions;
  go?: GoBuildOptions;
  python?: PythonPackageOptions;
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
 * Builds the zip Lambda runs for a function: an esbuild bundle for Node.js, the code folder for Python (over the packages of its requirements) and Ruby, a
 * cross-compiled `bootstrap` for Go on provided.* runtimes, or the folder as is for a custom runtime that already has
 * its `bootstrap`. Throws PackagingError on build problems and PackageLimitError when Lambda would refuse the zip.
 */
export async function packageFunction(fn: FunctionSpec, options: PackageOptions = {}): Promise<FunctionPackage> {
  if (!existsSync(fn.codeDir)) throw new PackagingError(`${fn.name}: the code folder ${fn.codeDir} does not exist.`);
  const warnings: string[] = [];
  let kind: PackageKind;
  let entries: ZipEntry[];
  if (fn.runtime.startsWith('nodejs')) {
    const bundle = await bundleNode(fn, options.node);
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
      throw new PackagingError(`${fn.name}: a ${fn.runtime} function needs a Go module (go.mod) or an executable named bootstrap in ${fn.codeDir}.`);
    }
    kind = 'folder';
    entries = collectFiles(fn.codeDir);
  } else {
    throw new PackagingError(`${fn.name}: packaging ${fn.runtime} functions is not supported; build the zip with the language's own tools.`);
  }
  if (entries.length === 0) throw new PackagingError(`${fn.name}: there is nothing to package in ${fn.codeDir}.`);
  const unzippedBytes = entries.reduce((sum, e) => sum + e.data.length, 0);
  const zip = writeZip(entries);
  checkPackageLimits(zip.length, unzippedBytes, `The package of ${fn.name}`);
  return {
    zip,
    codeSha256: codeSha256(zip),
    kind,
    files: entries.map((e) => ({ path: e.path, size: e.data.length })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    unzippedBytes,
    warnings,
  };
}

function isGoModule(dir: string): boolean {
  return existsSync(join(dir, 'go.mod')) || readdirSync(dir).some((name) => name.endsWith('.go'));
}
