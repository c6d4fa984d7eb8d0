import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FunctionSpec } from '../../model';
import { LaunchError } from '../types';
import { packageType } from './packageType';

const TS_EXTENSIONS = ['.ts', '.mts', '.cts'];

/** The TypeScript file a handler module names, if there is one. */
export function typeScriptSource(codeDir: string, module: string): string | undefined {
  return TS_EXTENSIONS.map((ext) => join(codeDir, module + ext)).find((file) => existsSync(file));
}

interface BuildRequest {
  fn: FunctionSpec;
  source: string;
  module: string;
  cacheDir: string;
  nodeMajor: number;
}

/**
 * Bundles a TypeScript handler with esbuild into a task root of its own, where `<module>.js` (or `.mjs`) stands at
 * the path the handler string names, with a source map so stack traces and breakpoints use the .ts lines.
 * The bundle is reused while none of its inputs changed. Returns the task root.
 */
export async function buildTypeScriptHandler(request: BuildRequest): Promise<string> {
  const { fn, source, module } = request;
  const esm = source.endsWith('.mts') || (!source.endsWith('.cts') && packageType(dirname(source)) === 'module');
  const key = createHash('sha256').update(`${fn.id}\0${source}`).digest('hex').slice(0, 16);
  const taskRoot = join(request.cacheDir, 'node', key);
  const outfile = join(taskRoot, module + (esm ? '.mjs' : '.js'));
  const stampFile = join(taskRoot, '.inputs.json');
  const optionsKey = `${esm}:${request.nodeMajor}`;
  if (await upToDate(stampFile, optionsKey)) return taskRoot;

  // Loaded here, not at start-up: only TypeScript handlers pay for esbuild.
  const esbuild = require('esbuild') as typeof import('esbuild');
  let result: import('esbuild').BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: 'node',
      target: `node${request.nodeMajor}`,
      format: esm ? 'esm' : 'cjs',
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: fn.codeDir,
      // ESM bundles may still require() Node built-ins through bundled CommonJS dependencies.
      banner: esm ? { js: "import { createRequire as __lwbRequire } from 'node:module'; const require = __lwbRequire(import.meta.url);" } : undefined,
    });
  } catch (error) {
    throw buildError(error, fn);
  }
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(fn.codeDir, input);
    inputs[path] = await fingerprint(path);
  }
  await mkdir(taskRoot, { recursive: true });
  await writeFile(stampFile, JSON.stringify({ optionsKey, inputs }));
  return taskRoot;
}

async function upToDate(stampFile: string, optionsKey: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(stampFile, 'utf8')) as { optionsKey: string; inputs: Record<string, string> };
    if (stamp.optionsKey !== optionsKey) return false;
    for (const [path, print] of Object.entries(stamp.inputs)) {
      if ((await fingerprint(path)) !== print) return false;
    }
    return true;
  } catch {
    return false;
  }
}

async function fingerprint(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function buildError(error: unknown, fn: FunctionSpec): LaunchError {
  const errors = (error as { errors?: import('esbuild').Message[] }).errors ?? [];
  const first = errors[0];
  if (!first) return new LaunchError(`TypeScript build of ${fn.name} failed: ${String(error)}`, 'Runtime.UserCodeSyntaxError');
  const file = first.location ? resolve(fn.codeDir, first.location.file) : undefined;
  const where = first.location ? `${file}:${first.location.line}:${first.location.column + 1}` : fn.codeDir;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new LaunchError(
    `${where}: ${first.text}${more}`,
    'Runtime.UserCodeSyntaxError',
    first.location && file ? { file, line: first.location.line - 1, column: first.location.column } : undefined,
  );
}
