// Builds every bundle of the project with esbuild.
// Usage: node scripts/build.mjs [--watch] [--minify] [--outdir <folder, default dist>]
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const outdirAt = process.argv.indexOf('--outdir');
/** Packaging builds elsewhere, so that the dist/ the tests run from is never rebuilt under them. */
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
  // esbuild ships a native binary, so it is loaded from node_modules when first needed, never bundled.
  external: ['esbuild'],
};

/**
 * Packages the extension loads on first use rather than at activation: each is its own bundle (dist/<name>.js), and
 * inside dist/extension.js an import of it gets a stand-in whose exports load that bundle when first read (esbuild
 * reads an imported CommonJS module's exports at each use, so nothing is loaded before a feature needs it).
 */
const lazyPackages = ['yaml', 'ws'];
const require = createRequire(import.meta.url);

/** The stand-in for a lazily loaded package: one getter per export of the real package, each loading its bundle. */
function lazyStandIn(name) {
  const names = Object.keys(require(name)).filter((key) => key !== 'default' && key !== '__esModule');
  return [
    `let loaded;`,
    `const load = () => (loaded ??= require(require('node:path').join(__dirname, ${JSON.stringify(`${name}.js`)})));`,
    `Object.defineProperty(exports, '__esModule', { value: true });`,
    `for (const key of ${JSON.stringify(['default', ...names])}) {`,
    `  Object.defineProperty(exports, key, { enumerable: true, get: () => (key === 'default' ? load().default ?? load() : load()[key]) });`,
    `}`,
  ].join('\n');
}

const lazyLoading = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${lazyPackages.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-package' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
      contents: lazyStandIn(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The bundles that carry the AWS SDK take its ES module builds, which esbuild can tree-shake (the SDK's own advice
 * for bundlers): measured, dist/aws.js goes from 841 KB to 497 KB minified, and the .vsix by about 94 KB.
 */
const SDK_MAIN_FIELDS = ['module', 'main'];

/** Each bundle: its entry, its output, and what stays outside it. */
const bundles = [
  // The extension: 'vscode' is provided by the editor. Nothing else may import it (the CLI bundle below would fail).
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', 'esbuild'],
    plugins: [lazyLoading],
  },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    mainFields: SDK_MAIN_FIELDS,
  },
  // The AWS side of the extension (SDK, deploy, packaging), required on first use so activation never parses it.
  { entryPoints: ['src/extension/aws/awsEntry.ts'], outfile: 'dist/aws.js', mainFields: SDK_MAIN_FIELDS },
  // The packages the extension loads on first use (lazyPackages above).
  ...lazyPackages.map((name) => ({
    stdin: { contents: `module.exports = require('${name}');`, resolveDir: root, sourcefile: `${name}.js` },
    outfile: `dist/${name}.js`,
  })),
  // Discovery on a worker thread, so that the extension host's event loop never waits for it.
  {
    entryPoints: ['src/core/discovery/discoveryWorker.ts'],
    outfile: 'dist/discoveryWorker.js',
    plugins: [lazyLoading],
  },
  // Injected into every Node.js instance: its own small bundle, with nothing but Node built-ins.
  { entryPoints: ['src/clients/node/bootstrap.ts'], outfile: 'dist/clients/node.js', sourcemap: false },
  // The debug port of a Node.js instance, started on a worker thread by the runtime client when debugging.
  { entryPoints: ['src/clients/node/inspectorBridge.ts'], outfile: 'dist/clients/nodeInspector.js', sourcemap: false },
  {
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: 'dist/test/vscode/suite.js',
    external: ['vscode', 'mocha', 'esbuild'],
  },
];

const copies = [
  // The Python runtime client runs under the function's own interpreter, so it ships as source.
  { from: 'src/clients/python', to: 'dist/clients/python' },
].map((c) => ({ ...c, to: c.to.replace(/^dist/, outdir) }));

const started = Date.now();
rmSync(resolve(root, outdir), { recursive: true, force: true });
const present = bundles.filter((b) => b.stdin || existsSync(join(root, b.entryPoints[0])));
const contexts = await Promise.all(
  present.map((b) => esbuild.context({ ...common, ...b, outfile: b.outfile.replace(/^dist/, outdir) })),
);
await Promise.all(contexts.map((c) => c.rebuild()));
for (const { from, to } of copies) {
  if (!existsSync(join(root, from))) continue;
  mkdirSync(resolve(root, to), { recursive: true });
  cpSync(join(root, from), resolve(root, to), { recursive: true });
}
console.log(`built ${present.length} bundles in ${Date.now() - started} ms`);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes');
} else {
  await Promise.all(contexts.map((c) => c.dispose()));
}
