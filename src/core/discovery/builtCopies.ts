import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { FunctionSpec } from '../model';
import { runtimeFamily } from './resolveHandler';

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // No built copy there.
    return undefined;
  }
}

const toPosix = (path: string) => path.split(sep).join('/');

/**
 * True when a CDK function's asset folder is a build of the bare handler's source: the asset holds a copy of the
 * file (`Code.fromAsset`), or a bundle whose module comments name it (esbuild, as `NodejsFunction` runs it, writes
 * `// path/from/the/cdk/app/file.ts` before each module it inlines).
 */
function cdkAssetOf(fn: FunctionSpec, bare: FunctionSpec, bareText: () => string | undefined): boolean {
  if (fn.source !== 'cdk' || !bare.handlerFile || !fn.templatePath) return false;
  // The asset folder is a copy of some folder above the file: try the file's path from each of them.
  const parts = relative(dirname(dirname(fn.templatePath)), bare.handlerFile).split(sep);
  for (let k = 1; k <= parts.length; k++) {
    const copy = readOrUndefined(join(fn.codeDir, ...parts.slice(-k)));
    if (copy !== undefined && copy === bareText()) return true;
  }
  const bundle = fn.handlerFile && fn.handlerFile !== bare.handlerFile ? readOrUndefined(fn.handlerFile) : undefined;
  const app = dirname(dirname(fn.templatePath));
  return bundle !== undefined && bundle.includes(`// ${toPosix(relative(app, bare.handlerFile))}\n`);
}

/** True when a Go function's handler names the binary built from the bare handler's package (`bin/hello` ← `hello/`). */
function goBinaryOf(fn: FunctionSpec, bare: FunctionSpec): boolean {
  const family = runtimeFamily(fn.runtime);
  if ((family !== 'go' && family !== 'custom') || !bare.handlerFile?.endsWith('.go') || fn.handler === 'bootstrap')
    return false;
  return basename(fn.handler) === basename(bare.codeDir);
}

/**
 * The declared functions that can be built from a bare handler (CDK assets, Go and custom-runtime binaries): the only
 * ones isBuiltBy needs to look at, picked once per discovery rather than once per bare handler.
 */
export function possibleBuilds(declared: FunctionSpec[]): FunctionSpec[] {
  return declared.filter((fn) => {
    const family = runtimeFamily(fn.runtime);
    return fn.source === 'cdk' || ((family === 'go' || family === 'custom') && fn.handler !== 'bootstrap');
  });
}

/**
 * Whether a bare handler is only the source of a function a template already declares from its build output
 * (a CDK asset, a Go binary), so that one function is not listed twice.
 */
export function isBuiltBy(bare: FunctionSpec, declared: FunctionSpec[]): boolean {
  let text: string | undefined | null = null;
  const bareText = () =>
    text === null ? (text = bare.handlerFile ? readOrUndefined(bare.handlerFile) : undefined) : text;
  return declared.some((fn) => goBinaryOf(fn, bare) || cdkAssetOf(fn, bare, bareText));
}
