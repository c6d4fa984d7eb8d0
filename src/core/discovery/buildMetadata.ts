import type { BuildSpec } from '../model';
import type { DiagnosticSink } from './functionFields';
import type { DocPath, ParsedSource } from './parsedSource';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The build a SAM resource's `Metadata` asks for: `BuildMethod: esbuild` (with `BuildProperties`), `makefile`,
 * `go1.x`, or a runtime name (`nodejs20.x`, `python3.12`: SAM's default builders). A method that is not built
 * locally is said once, at the BuildMethod line, and the function runs from its CodeUri as it is.
 */
export function templateBuild(
  source: ParsedSource,
  id: string,
  metadata: Obj,
  sink: DiagnosticSink,
): BuildSpec | undefined {
  const method = metadata.BuildMethod;
  if (method === undefined) return undefined;
  const path: DocPath = ['Resources', id, 'Metadata', 'BuildMethod'];
  const properties = isObj(metadata.BuildProperties) ? metadata.BuildProperties : {};
  const spec = (m: BuildSpec['method']): BuildSpec => ({
    method: m,
    properties,
    origin: 'Metadata.BuildMethod',
    position: source.position(path),
  });
  if (typeof method !== 'string') {
    sink.add(path, 'warning', `${id}: BuildMethod must be a string, got ${JSON.stringify(method)}`);
    return undefined;
  }
  if (method === 'esbuild') return spec('esbuild');
  if (method === 'makefile') return spec('makefile');
  if (method === 'go1.x') return spec('go');
  if (/^python\d/.test(method)) return spec('python');
  if (/^nodejs\d/.test(method)) return spec('nodejs');
  sink.add(
    path,
    'warning',
    `${id}: BuildMethod ${method} is not built locally; the function runs from its CodeUri as it is (supported: esbuild, makefile, go1.x, nodejsNN.x, pythonN.N)`,
  );
  return undefined;
}

/**
 * The build serverless.yml asks for through its plugins: serverless-esbuild (options from `custom.esbuild`, read into
 * SAM's property names) or serverless-plugin-typescript (a TypeScript handler compiled, here bundled like one).
 * Undefined when neither plugin is listed.
 */
export function serverlessBuild(source: ParsedSource, root: Obj, sink: DiagnosticSink): BuildSpec | undefined {
  const plugins = pluginNames(root.plugins);
  const custom = isObj(root.custom) ? root.custom : {};
  if (plugins.includes('serverless-esbuild')) {
    const options = isObj(custom.esbuild) ? custom.esbuild : {};
    const properties: Obj = {};
    for (const [name, value] of Object.entries(options)) {
      const samName = SERVERLESS_ESBUILD[name];
      if (samName) properties[samName] = value;
      else if (!IGNORED_SERVERLESS_ESBUILD.has(name)) {
        sink.add(
          ['custom', 'esbuild', name],
          'info',
          `custom.esbuild.${name} is not used by the local build (it runs: ${Object.keys(SERVERLESS_ESBUILD).join(', ')})`,
        );
      }
    }
    // serverless-esbuild leaves out what its `exclude` lists (default: aws-sdk), and bundles, unminified, by default.
    const exclude = options.exclude === undefined ? ['aws-sdk'] : options.exclude === '*' ? [] : options.exclude;
    properties.External = [...list(properties.External), ...list(exclude)];
    return { method: 'esbuild', properties, origin: 'serverless-esbuild', position: source.position(['plugins']) };
  }
  if (plugins.includes('serverless-plugin-typescript')) {
    return {
      method: 'esbuild',
      properties: {},
      origin: 'serverless-plugin-typescript',
      position: source.position(['plugins']),
    };
  }
  return undefined;
}

/** serverless-esbuild's option names and the SAM names they become. */
const SERVERLESS_ESBUILD: Record<string, string> = {
  external: 'External',
  format: 'Format',
  loader: 'Loader',
  mainFields: 'MainFields',
  minify: 'Minify',
  outExtension: 'OutExtension',
  sourcemap: 'Sourcemap',
  sourcesContent: 'SourcesContent',
  target: 'Target',
  banner: 'Banner',
  footer: 'Footer',
  define: 'Define',
  keepNames: 'KeepNames',
  platform: 'Platform',
  tsconfig: 'Tsconfig',
};
/** Options about packaging, watching or the plugin itself: nothing the bundle's code depends on. */
const IGNORED_SERVERLESS_ESBUILD = new Set([
  'bundle',
  'exclude',
  'packager',
  'packagerOptions',
  'watch',
  'concurrency',
  'zipConcurrency',
  'installExtraArgs',
  'keepOutputDirectory',
  'outputWorkFolder',
  'outputBuildFolder',
  'nodeExternals',
  'disableIncremental',
  'skipBuild',
  'skipRebuild',
  'stripEntryResolveExtensions',
]);

function pluginNames(plugins: unknown): string[] {
  if (Array.isArray(plugins)) return plugins.filter((p): p is string => typeof p === 'string');
  if (isObj(plugins) && Array.isArray(plugins.modules))
    return plugins.modules.filter((p): p is string => typeof p === 'string');
  return [];
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
