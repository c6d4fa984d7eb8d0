import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { BuildFailure, Message, Metafile } from 'esbuild';
import type { FunctionSpec } from '../model';
import { BuildError } from './buildError';
import { esbuildPlan, type NodeBuildOverrides } from './esbuildOptions';
import { resolveEsbuild } from './resolveEsbuild';

/** The output of a Node.js function's build: what local runs start from and what deploy zips. */
export interface NodeBuild {
  /** The folder holding the output: the task root of local runs. */
  dir: string;
  /** The files written, relative to `dir` with forward slashes (bundles, their .map files, assets). */
  files: string[];
  /** Whether the deployment package keeps the .map files (the template's Sourcemap). */
  shipSourceMaps: boolean;
  /** The entry files, absolute. */
  entryPoints: string[];
  warnings: string[];
  /** The esbuild that built it, and whether it is the project's own. */
  esbuild: { version: string; projectPath?: string };
}

interface Stamp {
  optionsKey: string;
  inputs: Record<string, string>;
  build: Omit<NodeBuild, 'dir'>;
}

const inFlight = new Map<string, Promise<NodeBuild>>();

/**
 * Builds a Node.js function with esbuild into `<cacheDir>/node/<key>/`, following the template's build settings
 * (see esbuildPlan). Run, Debug, the local API and Deploy all take their code from here, so a function runs locally
 * with the code deploy uploads; local runs only add the linked source map. The output is reused while none of the
 * files that went into it changed. Throws BuildError.
 */
export async function buildNode(
  fn: FunctionSpec,
  cacheDir: string,
  overrides: NodeBuildOverrides = {},
): Promise<NodeBuild> {
  const plan = esbuildPlan(fn, overrides);
  const resolved = resolveEsbuild([fn.codeDir, ...(fn.templatePath ? [dirname(fn.templatePath)] : [])]);
  const optionsKey = JSON.stringify({
    options: plan.options,
    outfile: plan.outfile,
    esbuild: resolved.projectPath ?? '',
    version: resolved.version,
  });
  const key = createHash('sha256').update(`${fn.id}\0${optionsKey}`).digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'node', key);
  const running = inFlight.get(dir);
  if (running) return running;
  const build = (async (): Promise<NodeBuild> => {
    const stampFile = `${dir}.build.json`;
    const stamp = await upToDate(stampFile, optionsKey);
    if (stamp) return { dir, ...stamp.build };
    await rm(dir, { recursive: true, force: true });
    let result: { metafile: Metafile; warnings: Message[] };
    try {
      result = await resolved.esbuild.build({
        ...plan.options,
        ...(plan.outfile ? { outfile: join(dir, plan.outfile) } : { outdir: dir }),
        write: true,
        metafile: true,
      });
    } catch (error) {
      throw toBuildError(fn, error as BuildFailure);
    }
    const files = Object.keys(result.metafile.outputs).map((out) =>
      relative(dir, resolve(fn.codeDir, out)).split(/[\\/]/).join('/'),
    );
    const warnings = [...plan.warnings, ...result.warnings.map((w) => `${fn.name}: ${formatMessage(fn.codeDir, w)}`)];
    if (resolved.warning) warnings.push(`${fn.name}: ${resolved.warning}`);
    const built: Omit<NodeBuild, 'dir'> = {
      files,
      shipSourceMaps: plan.shipSourceMaps,
      entryPoints: plan.entryPoints,
      warnings,
      esbuild: { version: resolved.version, projectPath: resolved.projectPath },
    };
    const inputs: Record<string, string> = {};
    for (const input of Object.keys(result.metafile.inputs)) {
      const path = resolve(fn.codeDir, input);
      inputs[path] = await fingerprint(path);
    }
    await mkdir(dirname(stampFile), { recursive: true });
    await writeFile(stampFile, JSON.stringify({ optionsKey, inputs, build: built } satisfies Stamp));
    return { dir, ...built };
  })();
  inFlight.set(dir, build);
  return build.finally(() => inFlight.delete(dir));
}

async function upToDate(stampFile: string, optionsKey: string): Promise<Stamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(stampFile, 'utf8')) as Stamp;
    if (stamp.optionsKey !== optionsKey) return undefined;
    for (const [path, print] of Object.entries(stamp.inputs)) {
      if ((await fingerprint(path)) !== print) return undefined;
    }
    for (const file of stamp.build.files) await stat(join(stampFile.slice(0, -'.build.json'.length), file));
    return stamp;
  } catch {
    // No stamp, an unreadable one, or a missing output: build again.
    return undefined;
  }
}

async function fingerprint(path: string): Promise<string> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    // A missing input has its own print, so its appearance is a change.
    return 'missing';
  }
}

/**
 * A bundler error as Lambda would meet it: a package that cannot be resolved is the module Lambda could not find
 * (Runtime.ImportModuleError, naming the package and where it is imported), anything else a syntax error.
 */
function toBuildError(fn: FunctionSpec, failure: BuildFailure): BuildError {
  const first = failure.errors?.[0];
  if (!first)
    return new BuildError(
      `${fn.name}: the build failed: ${failure.message}`,
      'Runtime.UserCodeSyntaxError',
      undefined,
      failure.message,
    );
  const location = first.location
    ? { file: resolve(fn.codeDir, first.location.file), line: first.location.line - 1, column: first.location.column }
    : undefined;
  const more = failure.errors.length > 1 ? ` (and ${failure.errors.length - 1} more error(s))` : '';
  const text = `${formatMessage(fn.codeDir, first)}${more}`;
  const missing = /^Could not resolve "((?![./])(?:@[^/"]+\/)?[^/"]+)[^"]*"/.exec(first.text);
  if (!missing) return new BuildError(text, 'Runtime.UserCodeSyntaxError', location, text);
  const where = first.location
    ? ` (imported at ${formatMessage(fn.codeDir, { ...first, text: '' }).replace(/: $/, '')})`
    : '';
  return new BuildError(
    `Error: Cannot find module '${missing[1]}'${where}: the package is not installed for ${fn.codeDir}. ` +
      `Install it (npm install ${missing[1]}), or list it in External when the runtime provides it.`,
    'Runtime.ImportModuleError',
    location,
    `${text} Are the dependencies installed (npm install in ${fn.codeDir})?`,
  );
}

function formatMessage(codeDir: string, message: Message): string {
  const where = message.location
    ? `${relative(codeDir, resolve(codeDir, message.location.file))}:${message.location.line}:${message.location.column + 1}: `
    : '';
  return `${where}${message.text}`;
}
