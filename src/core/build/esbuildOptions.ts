import { existsSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BuildOptions, Format, Loader } from 'esbuild';
import type { FunctionSpec } from '../model';
import { nodeMajor, splitHandler } from '../packaging/handlerPath';
import { packageType } from '../toolchains/packageType';
import { BuildError } from './buildError';

/** Settings a caller adds on top of what the template says (deploy options from the editor or the CLI). */
export interface NodeBuildOverrides {
  /** The file to bundle, absolute or relative to the code folder (like `EntryPoints[0]`). */
  entryPoint?: string;
  /** Ship the source map with the deployment package (SAM's `Sourcemap`). */
  sourcemap?: boolean;
  minify?: boolean;
  /** Bundle the AWS SDK even when the runtime provides one. */
  bundleAwsSdk?: boolean;
  /** More packages to leave out of the bundle. */
  external?: string[];
}

/** The esbuild options of one function, without where the output goes. */
export interface EsbuildPlan {
  options: BuildOptions;
  /** The entry files, absolute. */
  entryPoints: string[];
  /** With one entry and no EntryPoints in the template: the output path, relative, at the path the handler names. */
  outfile?: string;
  /** The deployment package carries the source maps (the template's Sourcemap). */
  shipSourceMaps: boolean;
  /** Settings that were not understood, said once where the user looks. */
  warnings: string[];
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
/** The properties SAM documents for `BuildMethod: esbuild`, plus the esbuild options serverless-esbuild passes on. */
const KNOWN = new Set([
  'EntryPoints',
  'External',
  'Format',
  'Loader',
  'MainFields',
  'Minify',
  'OutExtension',
  'Sourcemap',
  'SourcesContent',
  'Target',
  'Banner',
  'Footer',
  'Define',
  'KeepNames',
  'Platform',
  'Tsconfig',
]);
/** Bundled CommonJS packages call require() for Node built-ins, which an ES module does not have by itself. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __lwbCreateRequire } from 'node:module'; const require = __lwbCreateRequire(import.meta.url);";

/**
 * Reads a function's build settings into esbuild options: SAM's `BuildProperties` (defaults as SAM documents them:
 * Minify true, Target es2020, MainFields main,module) when the template asks for esbuild, or the implicit bundle of a
 * TypeScript handler (or of any Node.js handler for deploy): the handler's module, not minified, for the runtime's Node.
 * The AWS SDK the runtime provides stays external (`@aws-sdk/*` from nodejs18.x, `aws-sdk` before), as SAM does.
 */
export function esbuildPlan(fn: FunctionSpec, overrides: NodeBuildOverrides = {}): EsbuildPlan {
  const major = nodeMajor(fn.runtime);
  if (major === undefined)
    throw new BuildError(
      `${fn.name}: '${fn.runtime}' is not a Node.js runtime (expected nodejsNN.x).`,
      'Runtime.InvalidRuntime',
    );
  const explicit = fn.build?.method === 'esbuild';
  const props = explicit ? fn.build!.properties : {};
  const warnings = Object.keys(props)
    .filter((key) => !KNOWN.has(key))
    .map(
      (key) => `${fn.name}: the build property ${key} is not used by the local build (known: ${[...KNOWN].join(', ')})`,
    );
  const sam = explicit && fn.build!.origin === 'Metadata.BuildMethod';

  const listed = overrides.entryPoint ? [overrides.entryPoint] : stringList(props.EntryPoints);
  let entryPoints: string[];
  let outfile: string | undefined;
  let esm: boolean;
  let outbase: string | undefined;
  const format = stringValue(props.Format) as Format | undefined;
  if (listed.length) {
    entryPoints = listed.map((entry) => {
      const path = isAbsolute(entry) ? entry : resolve(fn.codeDir, entry);
      if (!existsSync(path))
        throw new BuildError(
          `${fn.name}: the entry point ${entry} does not exist (looked in ${fn.codeDir}).`,
          'Runtime.ImportModuleError',
        );
      return path;
    });
    esm = format ? format === 'esm' : isEsm(entryPoints[0]);
    // sam build writes each entry at the output root by its base name (esbuild's outbase is the entries' common
    // folder). When the handler names an entry by its path (`src/app.handler` for `src/app.ts`), that layout could not
    // run it, so the entries keep their paths from the code folder: local runs and deploy agree, and the handler resolves.
    const { modulePath } = handlerParts(fn);
    if (
      entryPoints.some(
        (entry) => withoutExtension(relative(fn.codeDir, entry)) === modulePath && modulePath.includes('/'),
      )
    )
      outbase = fn.codeDir;
  } else {
    const { modulePath } = handlerParts(fn);
    const entry = handlerEntry(fn, modulePath);
    entryPoints = [entry];
    esm = format ? format === 'esm' : isEsm(entry);
    outfile = modulePath + (pairs(props.OutExtension)?.['.js'] ?? (esm && !explicit ? '.mjs' : '.js'));
  }

  const external = [...stringList(props.External), ...(overrides.external ?? [])];
  if (!overrides.bundleAwsSdk) external.push(...(major >= 18 ? ['@aws-sdk/*'] : ['aws-sdk']));
  const shipSourceMaps = overrides.sourcemap ?? booleanValue(props.Sourcemap) ?? false;
  const banner = codeByKind(props.Banner);
  const options: BuildOptions = {
    entryPoints,
    bundle: true,
    platform: (stringValue(props.Platform) as BuildOptions['platform']) ?? 'node',
    target: stringList(props.Target).length ? stringList(props.Target) : sam ? 'es2020' : `node${major}`,
    format: esm ? 'esm' : 'cjs',
    minify: overrides.minify ?? booleanValue(props.Minify) ?? sam,
    external,
    // Local runs always get a linked map: stack traces are mapped outside the process and debuggers read it.
    sourcemap: 'linked',
    sourcesContent: booleanValue(props.SourcesContent) ?? shipSourceMaps,
    mainFields: stringList(props.MainFields).length
      ? stringList(props.MainFields)
      : sam
        ? ['main', 'module']
        : undefined,
    loader: pairs(props.Loader) as Record<string, Loader> | undefined,
    outExtension: pairs(props.OutExtension),
    define: pairs(props.Define),
    keepNames: booleanValue(props.KeepNames),
    tsconfig: stringValue(props.Tsconfig),
    banner: banner ?? (esm && !explicit ? { js: ESM_REQUIRE_BANNER } : undefined),
    footer: codeByKind(props.Footer),
    outbase,
    absWorkingDir: fn.codeDir,
    logLevel: 'silent',
  };
  for (const key of Object.keys(options) as (keyof BuildOptions)[]) if (options[key] === undefined) delete options[key];
  return { options, entryPoints, outfile, shipSourceMaps, warnings };
}

function handlerParts(fn: FunctionSpec) {
  try {
    return splitHandler(fn.handler);
  } catch (error) {
    throw new BuildError(`${fn.name}: ${(error as Error).message}`, 'Runtime.InvalidEntrypoint');
  }
}

/** The handler's source file: the one discovery found, else the handler's module with a source extension. */
function handlerEntry(fn: FunctionSpec, modulePath: string): string {
  if (fn.handlerFile && existsSync(fn.handlerFile) && SOURCE_EXTENSIONS.includes(extname(fn.handlerFile)))
    return fn.handlerFile;
  const base = resolve(fn.codeDir, modulePath);
  const found = SOURCE_EXTENSIONS.map((ext) => base + ext).find((file) => existsSync(file));
  if (found) return found;
  throw new BuildError(
    `${fn.name}: cannot find the module of handler '${fn.handler}': none of ${SOURCE_EXTENSIONS.map((e) => modulePath + e).join(', ')} exists in ${fn.codeDir}.`,
    'Runtime.ImportModuleError',
  );
}

/** ES module when the file says so by extension, or a .js/.ts file under a package.json with "type": "module". */
function isEsm(entry: string): boolean {
  const ext = extname(entry);
  if (ext === '.mjs' || ext === '.mts') return true;
  if (ext === '.cjs' || ext === '.cts') return false;
  return packageType(join(entry, '..')) === 'module';
}

function withoutExtension(path: string): string {
  return path
    .slice(0, path.length - extname(path).length)
    .split(sep)
    .join('/');
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function booleanValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** A list written as a YAML list or as one comma-separated string (SAM accepts both, e.g. `MainFields: module,main`). */
function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return [];
}

/** `['.png=dataurl']`, `'.js=.mjs'` or `{ '.png': 'dataurl' }` as a map. */
function pairs(value: unknown): Record<string, string> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  const list = stringList(value);
  if (!list.length) return undefined;
  return Object.fromEntries(
    list.map((item) => [item.slice(0, item.indexOf('=')), item.slice(item.indexOf('=') + 1)]).filter(([k]) => k),
  );
}

/** SAM writes `Banner: js=...` (a list of them, or a map by kind); a bare string is JavaScript. */
function codeByKind(value: unknown): Record<string, string> | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  const items = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (!items.length) return undefined;
  const code: Record<string, string> = {};
  for (const item of items) {
    const match = /^(js|css)=([\s\S]*)$/.exec(item);
    const [kind, text] = match ? [match[1], match[2]] : ['js', item];
    code[kind] = code[kind] === undefined ? text : `${code[kind]}\n${text}`;
  }
  return code;
}
