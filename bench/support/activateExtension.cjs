// Loads dist/extension.js and runs activate() against a do-nothing stand-in for the editor API, in a plain Node
// process (no TypeScript loader, so nothing is in the module cache but what the extension itself loads).
// Prints one JSON line: { loadMs, activateMs, heavy: [modules of esbuild or the AWS SDK that activation loaded],
// modules: [every module activation loaded besides the bundle itself] }.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');

function standIn() {
  const target = function () {};
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : standIn()),
    apply: () => standIn(),
    construct: () => standIn(),
    // Features set properties on what the API returns (a status bar item's name, say).
    set: () => true,
  });
}

// The bundle copies the module's own properties (esbuild's ESM interop), so name the API's top-level members.
const API_NAMES = [
  'window',
  'workspace',
  'commands',
  'languages',
  'debug',
  'extensions',
  'env',
  'tasks',
  'authentication',
  'l10n',
  'Uri',
  'EventEmitter',
  'Disposable',
  'ThemeIcon',
  'ThemeColor',
  'TreeItem',
  'TreeItemCollapsibleState',
  'MarkdownString',
  'Range',
  'Position',
  'Selection',
  'Location',
  'Diagnostic',
  'DiagnosticSeverity',
  'CodeLens',
  'ProgressLocation',
  'ViewColumn',
  'QuickPickItemKind',
  'StatusBarAlignment',
  'DebugAdapterServer',
  'DebugAdapterInlineImplementation',
  'DebugConfigurationProviderTriggerKind',
  'SourceBreakpoint',
  'RelativePattern',
  'CancellationTokenSource',
  'FileType',
  'tests',
  'TestMessage',
  'TestRunProfileKind',
  'ConfigurationTarget',
  'TextEditorRevealType',
  'TestRunRequest',
  'TestMessageStackFrame',
  'FileCoverage',
  'StatementCoverage',
  'BranchCoverage',
  'DeclarationCoverage',
  'TestCoverageCount',
];
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = {
  id: 'vscode',
  filename: 'vscode',
  loaded: true,
  exports: Object.fromEntries(API_NAMES.map((n) => [n, standIn()])),
};

const started = performance.now();
const extension = require(process.argv[2]);
const loaded = performance.now();
extension.activate({
  subscriptions: [],
  extensionUri: standIn(),
  globalStorageUri: standIn(),
  workspaceState: standIn(),
});
const activated = performance.now();
const heavy = Object.keys(require.cache).filter((path) => /[\\/]node_modules[\\/](esbuild|@aws-sdk)[\\/]/.test(path));
// Every other module activation brought in: the bundles loaded on first use (dist/aws.js, dist/yaml.js...) or a package.
const own = new Set([__filename, 'vscode', require.resolve(process.argv[2])]);
const modules = Object.keys(require.cache).filter((path) => !own.has(path));
console.log(JSON.stringify({ loadMs: loaded - started, activateMs: activated - loaded, heavy, modules }));
process.exit(0);
