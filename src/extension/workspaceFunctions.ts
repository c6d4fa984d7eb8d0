import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposableStore';
import {
  applyFileChange,
  classifyFile,
  discoverWorkspaceInWorker,
  parseParameterOverrides,
  type DiscoveryResult,
  type ResolutionOptions,
} from '../core/discovery';
import type { Diagnostic, FunctionSpec } from '../core/model';

const WATCHED = '**/*.{yaml,yml,json,js,mjs,cjs,ts,mts,cts,py,go}';
const SKIPPED = /[\\/](node_modules|\.git|\.aws-sam|\.lambda-workbench)[\\/]/;
const DEBOUNCE_MS = 150;

/**
 * The functions of every workspace folder, kept current by file watchers: a changed file is re-read on its own
 * (discovery's per-file step), so a workspace of hundreds of functions stays responsive. Publishes discovery's
 * diagnostics to the Problems panel and the `lambdaWorkbench.discovered/hasFunctions` context keys.
 */
export class WorkspaceFunctions implements vscode.Disposable {
  private readonly results = new Map<string, DiscoveryResult>();
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<{ files: string[] }>());
  private readonly diagnostics = this.disposables.add(vscode.languages.createDiagnosticCollection('lambda-workbench'));
  private pending = new Map<string, vscode.Uri>();
  private timer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private index?: Map<string, FunctionSpec>;
  private resolution: ResolutionOptions = {};
  /** Counts refreshes, so that one overtaken by a later refresh drops its results. */
  private generation = 0;

  /** Fires after the functions changed, with the files that caused it (all of them on a full refresh). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Discovers every folder (once; later calls wait for the same run) and starts watching files. */
  start(): Promise<void> {
    if (!this.loading) {
      const d = this.disposables;
      const watcher = d.add(vscode.workspace.createFileSystemWatcher(WATCHED));
      d.add(watcher.onDidChange((uri) => this.queue(uri)));
      d.add(watcher.onDidCreate((uri) => this.queue(uri)));
      d.add(watcher.onDidDelete((uri) => this.queue(uri)));
      // A folder created or deleted as a whole (a copied project, a git checkout) may be reported only as the
      // folder itself, not file by file: re-discover everything then.
      const folders = d.add(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
      d.add(folders.onDidCreate((uri) => this.folderChanged(uri, 'created')));
      d.add(folders.onDidDelete((uri) => this.folderChanged(uri, 'deleted')));
      d.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()));
      d.add(
        vscode.workspace.onDidChangeConfiguration((e) => {
          if (
            e.affectsConfiguration('lambdaWorkbench.discovery') ||
            e.affectsConfiguration('lambdaWorkbench.aws.region')
          )
            void this.refresh();
        }),
      );
      this.loading = this.refresh();
    }
    return this.loading;
  }

  /**
   * Re-discovers everything. The functions found before stay listed until the new results are complete (commands
   * and log lines look functions up meanwhile); when refreshes overlap, the latest one's results are kept.
   */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const started = Date.now();
    const ignore = vscode.workspace.getConfiguration('lambdaWorkbench').get<string[]>('discovery.ignore', []);
    const resolution = this.readResolution();
    const results = new Map<string, DiscoveryResult>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        results.set(folder.uri.fsPath, await discoverWorkspaceInWorker(folder.uri.fsPath, { ignore, resolution }));
      } catch (error) {
        this.log.error(
          `Discovery of ${folder.uri.fsPath} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (generation !== this.generation) return;
    this.resolution = resolution;
    this.results.clear();
    for (const [root, result] of results) this.results.set(root, result);
    this.index = undefined;
    this.log.info(`Found ${this.functions.length} function(s) in ${Date.now() - started} ms`);
    this.publish([...this.results.values()].flatMap((r) => r.files));
  }

  get functions(): FunctionSpec[] {
    return [...this.byIdIndex().values()];
  }

  /** Looked up for every log line an instance writes, so from an index rather than a scan. */
  byId(id: string): FunctionSpec | undefined {
    return this.byIdIndex().get(id);
  }

  /** The functions whose handler is defined in this file. */
  byHandlerFile(file: string): FunctionSpec[] {
    return this.functions.filter((fn) => fn.handlerFile === file);
  }

  /** The workspace folder a function belongs to (for saved events and env.json). */
  folderOf(fn: FunctionSpec): string | undefined {
    const path = fn.templatePath ?? fn.handlerFile ?? fn.codeDir;
    return [...this.results.keys()].filter((root) => path.startsWith(root)).sort((a, b) => b.length - a.length)[0];
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.refreshTimer);
    this.disposables.dispose();
  }

  private folderChanged(uri: vscode.Uri, how: 'created' | 'deleted'): void {
    if (uri.scheme !== 'file' || SKIPPED.test(uri.fsPath + '/') || classifyFile(uri.fsPath)) return;
    const isFolder =
      how === 'created'
        ? statSync(uri.fsPath, { throwIfNoEntry: false })?.isDirectory()
        : this.knowsFilesUnder(uri.fsPath);
    if (!isFolder) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /**
   * How templates are resolved, from the settings: `discovery.parameterOverrides` (SAM's syntax), `discovery.stage`
   * (serverless.yml) and `aws.region`. Overrides that cannot be read are said once and left out.
   */
  private readResolution(): ResolutionOptions {
    const config = vscode.workspace.getConfiguration('lambdaWorkbench');
    const text = config.get<string>('discovery.parameterOverrides', '').trim();
    const stage = config.get<string>('discovery.stage', '').trim();
    const region = config.get<string>('aws.region', '')?.trim() || undefined;
    let parameterOverrides: Record<string, string> | undefined;
    try {
      parameterOverrides = text ? parseParameterOverrides(text) : undefined;
    } catch (error) {
      const message = `lambdaWorkbench.discovery.parameterOverrides: ${(error as Error).message}`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(message);
    }
    return { parameterOverrides, region, options: stage ? { stage } : {}, env: process.env };
  }

  private knowsFilesUnder(folder: string): boolean {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    return [...this.results.values()].some((r) => r.files.some((file) => file.startsWith(prefix)));
  }

  /** Every function by id, rebuilt after the discovery results change. */
  private byIdIndex(): Map<string, FunctionSpec> {
    this.index ??= new Map(
      [...this.results.values()].flatMap((r) => r.functions.map((fn): [string, FunctionSpec] => [fn.id, fn])),
    );
    return this.index;
  }

  private queue(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || SKIPPED.test(uri.fsPath) || !classifyFile(uri.fsPath)) return;
    this.pending.set(uri.fsPath, uri);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.applyPending(), DEBOUNCE_MS);
  }

  private async applyPending(): Promise<void> {
    const batch = [...this.pending.keys()];
    this.pending = new Map();
    for (const path of batch) {
      const root = [...this.results.keys()].find((r) => path.startsWith(r));
      if (!root) continue;
      const text = await readFile(path, 'utf8').catch(() => undefined);
      this.results.set(root, applyFileChange(this.results.get(root)!, root, path, text, this.resolution));
      this.index = undefined;
    }
    this.publish(batch);
  }

  private publish(files: string[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of [...this.results.values()].flatMap((r) => r.diagnostics)) {
      const list = byFile.get(d.file) ?? [];
      list.push(toVsDiagnostic(d));
      byFile.set(d.file, list);
    }
    this.diagnostics.clear();
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.discovered', true);
    void vscode.commands.executeCommand('setContext', 'lambdaWorkbench.hasFunctions', this.functions.length > 0);
    this.changed.fire({ files });
  }
}

function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const severity = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    info: vscode.DiagnosticSeverity.Information,
  }[d.severity];
  const position = new vscode.Position(d.line, d.column);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position.translate(0, 1)), d.message, severity);
  diagnostic.source = 'Lambda Workbench';
  return diagnostic;
}
