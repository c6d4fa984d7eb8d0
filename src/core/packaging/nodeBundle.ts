import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { BuildFailure, BuildOptions, Message } from 'esbuild';
import type { FunctionSpec } from '../model';
import { PackagingError } from './errors';
import { nodeMajor, splitHandler } from './handlerPath';
import type { ZipEntry } from './zipWriter';

/** How a Node.js function is bundled. */
export interface NodeBundleOptions {
  /** The file to bundle (SAM `Metadata.BuildProperties.EntryPoints[0]`), absolute or relative to the code folder. */
  entryPoint?: string;
  /** Ship a linked source map next to the bundle. */
  sourcemap?: boolean;
  minify?: boolean;
  /** Bundle the AWS SDK even when the runtime provides one. */
  bundleAwsSdk?: boolean;
  /** More packages to leave out of the bundle. */
  external?: string[];
}

export interface NodeBundle {
  entries: ZipEntry[];
  /** The file the bundle was built from. */
  entryPoint: string;
  warnings: string[];
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
/** esbuild writes nowhere (write: false); outputs are placed under this folder only to give them relative paths. */
const VIRTUAL_OUT = '.lambda-workbench-out';

/**
 * Bundles a Node.js function with esbuild into one file per function at the path its handler names (`src/app.handler`
 * gives `src/app.js`, or `src/app.mjs` for ES modules), so the deployed Handler resolves unchanged.
 * esbuild is loaded here, on first use, so nothing pays for it before a package is built.
 */
export async function bundleNode(fn: FunctionSpec, options: NodeBundleOptions = {}): Promise<NodeBundle> {
  const major = nodeMajor(fn.runtime);
  if (major === undefined) throw new PackagingError(`${fn.name}: '${fn.runtime}' is not a Node.js runtime (expected nodejsNN.x).`);
  const { modulePath } = splitHandlerOrThrow(fn);
  const entryPoint = resolveEntry(fn, modulePath, options.entryPoint);
  const esm = isEsm(entryPoint, fn.codeDir);
  const outRelative = `${modulePath}${esm ? '.mjs' : '.js'}`;
  const outDir = join(fn.codeDir, VIRTUAL_OUT);
  const external = [...(options.external ?? [])];
  if (!options.bundleAwsSdk) external.push(...(major >= 18 ? ['@aws-sdk/*'] : ['aws-sdk']));

  const buildOptions: BuildOptions = {
    entryPoints: [entryPoint],
    outfile: join(outDir, outRelative),
    absWorkingDir: fn.codeDir,
    bundle: true,
    write: false,
    platform: 'node',
    target: `node${major}`,
    format: esm ? 'esm' : 'cjs',
    sourcemap: options.sourcemap ? 'linked' : false,
    minify: options.minify ?? false,
    external,
    logLevel: 'silent',
    // Bundled CommonJS packages call require() for Node built-ins, which an ES module does not have by itself.
    banner: esm ? { js: "import { createRequire as __lwCreateRequire } from 'node:module';\nconst require = __lwCreateRequire(import.meta.url);" } : undefined,
  };
  const esbuild = require('esbuild') as typeof import('esbuild');
  let result;
  try {
    result = await esbuild.build(buildOptions);
  } catch (error) {
    throw toPackagingError(fn, error as BuildFailure);
  }
  const entries = (result.outputFiles ?? []).map((file) => ({
    path: relative(outDir, file.path).split(/[\\/]/).join('/'),
    data: Buffer.from(file.contents),
  }));
  return { entries, entryPoint, warnings: result.warnings.map((w) => formatMessage(fn.codeDir, w)) };
}

function splitHandlerOrThrow(fn: FunctionSpec) {
  try {
    return splitHandler(fn.handler);
  } catch (error) {
    throw new PackagingError(`${fn.name}: ${(error as Error).message}`);
  }
}

/** The entry point: the one given, else the handler's source file, else the handler's module with a source extension. */
function resolveEntry(fn: FunctionSpec, modulePath: string, given?: string): string {
  if (given) {
    const path = isAbsolute(given) ? given : resolve(fn.codeDir, given);
    if (!existsSync(path)) throw new PackagingError(`${fn.name}: the entry point ${given} does not exist (looked in ${fn.codeDir}).`);
    return path;
  }
  if (fn.handlerFile && existsSync(fn.handlerFile)) return fn.handlerFile;
  const base = resolve(fn.codeDir, modulePath);
  for (const ext of SOURCE_EXTENSIONS) {
    if (existsSync(base + ext)) return base + ext;
  }
  throw new PackagingError(
    `${fn.name}: cannot find the module of handler '${fn.handler}': none of ${SOURCE_EXTENSIONS.map((e) => modulePath + e).join(', ')} exists in ${fn.codeDir}.`,
  );
}

/** ES module when the file says so by extension, or a .js/.ts file under a package.json with "type": "module". */
function isEsm(entry: string, codeDir: string): boolean {
  const ext = extname(entry);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return JSON.parse(readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === codeDir || dirname(dir) === dir) return false;
  }
}

function toPackagingError(fn: FunctionSpec, failure: BuildFailure): PackagingError {
  const first = failure.errors?.[0];
  if (!first) return new PackagingError(`${fn.name}: the bundle failed: ${failure.message}`);
  const location = first.location
    ? { file: resolve(fn.codeDir, first.location.file), line: first.location.line - 1, column: first.location.column }
    : undefined;
  const more = failure.errors.length > 1 ? ` (and ${failure.errors.length - 1} more error(s))` : '';
  const missingPackage = /^Could not resolve "(?![./])/.test(first.text) ? ` Are the dependencies installed (npm install in ${fn.codeDir})?` : '';
  return new PackagingError(`${fn.name}: the bundle failed: ${formatMessage(fn.codeDir, first)}${more}${missingPackage}`, location);
}

function formatMessage(codeDir: string, message: Message): string {
  const where = message.location ? `${relative(codeDir, resolve(codeDir, message.location.file))}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`;
}
