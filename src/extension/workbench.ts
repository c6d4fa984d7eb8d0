import * as vscode from 'vscode';
import { DisposableStore } from '../core/disposableStore';
import { loadAws } from './aws/loadAws';
import { DEFAULT_PRICING, type Pricing } from '../core/cost';
import { WorkbenchError } from '../core/errors';
import type { FunctionSpec } from '../core/model';
import type { LocalRuntime } from '../core/runtime/localRuntime';
import type { LogLine } from '../core/runtime/types';
import { channelLevel, channelText } from './channelLines';
import { FunctionEnvironments } from './functionEnvironments';
import { readSetting } from './restrictedSettings';
import { WorkspaceFunctions } from './workspaceFunctions';

/** An action offered above every handler and in the tree (Run, Debug, Deploy...), registered by each feature. */
export interface FunctionAction {
  /** Code lens title, e.g. '$(play) Run'. */
  title: string;
  command: string;
  /** Shown in an untrusted workspace? Actions that run code are not. */
  needsTrust: boolean;
  /** Order among the lenses above a handler. */
  order: number;
}

/** The settings the local runtime is created with. */
const RUNTIME_SETTINGS = ['region', 'maxConcurrency', 'nodePath', 'pythonPath'];

/**
 * The extension's shared services, each created on first use so activation stays cheap: the function list, the
 * "Lambda" log channel, and the local runtime (which starts no process until something runs).
 */
export class Workbench implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly functions: WorkspaceFunctions;
  /** The environment each function runs with locally (template, env.json, settings). */
  readonly environments: FunctionEnvironments;
  readonly actions: FunctionAction[] = [];
  /** The local address of each function URL while the local API serves it, by function id (shown in the tree). */
  readonly servedFunctionUrls = new Map<string, string>();
  private readonly disposables = new DisposableStore();
  private readonly actionsChanged = this.disposables.add(new vscode.EventEmitter<void>());
  readonly onDidChangeActions = this.actionsChanged.event;
  private runtimeInstance?: LocalRuntime;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Lambda', { log: true });
    this.functions = new WorkspaceFunctions(this.log);
    this.environments = new FunctionEnvironments(this.functions, this.log);
    // Disposed newest first: the functions before the log they write to.
    this.disposables.add(this.log);
    this.disposables.add(this.functions);
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // New runtime settings take effect on the next run, on fresh instances. (Environment settings need no
        // restart: a changed environment reaches the runtime with the next invoke, which retires outdated instances.)
        if (
          RUNTIME_SETTINGS.some((name) => e.affectsConfiguration(`lambdaWorkbench.${name}`)) &&
          this.runtimeInstance
        ) {
          // The old instances end in the background; the next run starts on fresh ones.
          void this.runtimeInstance.dispose();
          this.runtimeInstance = undefined;
        }
      }),
    );
  }

  /** Adds an action to the lenses above handlers; returns its disposal. */
  addAction(action: FunctionAction): vscode.Disposable {
    this.actions.push(action);
    this.actions.sort((a, b) => a.order - b.order);
    this.actionsChanged.fire();
    return new vscode.Disposable(() => {
      this.actions.splice(this.actions.indexOf(action), 1);
      this.actionsChanged.fire();
    });
  }

  /** The local runtime, created on first use with the current settings. */
  runtime(): LocalRuntime {
    if (!this.runtimeInstance) {
      // Loaded here so that activation does not pay for the runtime's modules.
      const { LocalRuntime } = require('../core/runtime/localRuntime') as typeof import('../core/runtime/localRuntime');
      const config = vscode.workspace.getConfiguration('lambdaWorkbench');
      this.runtimeInstance = new LocalRuntime({
        cacheDir: vscode.Uri.joinPath(this.context.globalStorageUri, 'runtime-cache').fsPath,
        region: config.get<string>('region') || undefined,
        maxConcurrency: config.get<number>('maxConcurrency', 10),
        nodePath: readSetting<string>(config, 'lambdaWorkbench', 'nodePath', vscode.workspace.isTrusted) || undefined,
        pythonPath:
          readSetting<string>(config, 'lambdaWorkbench', 'pythonPath', vscode.workspace.isTrusted) || undefined,
        onLog: (line) => this.writeLog(line),
        // Layers given by ARN are fetched with the AWS SDK, which loads with dist/aws.js only when one is needed.
        layerFetcher: (cacheDir, credentials) => loadAws().layerFetcher(cacheDir, credentials),
      });
    }
    return this.runtimeInstance;
  }

  pricing(): Pricing {
    return {
      ...DEFAULT_PRICING,
      ...vscode.workspace.getConfiguration('lambdaWorkbench').get<Partial<Pricing>>('pricing', {}),
    };
  }

  /** A function by id, or a clear error for a stale reference (e.g. a lens from before the template changed). */
  requireFunction(id: string | undefined): FunctionSpec {
    const fn = id ? this.functions.byId(id) : undefined;
    if (!fn)
      throw new WorkbenchError(
        'no-function',
        id ? `The function ${id} is no longer in the workspace (was its template changed?)` : 'No function was given.',
      );
    return fn;
  }

  dispose(): void {
    // VS Code does not wait for an extension's disposal: the instances' processes are ended without waiting.
    void this.runtimeInstance?.dispose();
    this.disposables.dispose();
  }

  private writeLog(line: LogLine): void {
    const fn = this.functions.byId(line.functionId);
    const text = channelText(fn?.name ?? line.functionId, line.text);
    const level =
      line.stream === 'platform' ? 'info' : channelLevel(line.text, line.stream === 'stderr' ? 'warn' : 'info');
    this.log[level](text);
  }
}
