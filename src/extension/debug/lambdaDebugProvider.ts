import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import { WorkbenchError } from '../../core/errors';
import { requireTrust } from '../guard';
import { showError } from '../showError';
import type { Workbench } from '../workbench';
import { adapterFor, DEBUGGER_EXTENSIONS, type DebugAdapterKind } from './attachConfig';
import type { DebugSessions } from './debugSessions';
import { functionFor, type DebugEvents } from './debugTarget';
import { checkLaunchConfig, LAMBDA_DEBUG_TYPE, substituteVariables, type LambdaLaunchConfig } from './launchConfig';

/**
 * Resolves `lambda` launch configurations: fills in what is missing (F5 on a handler file with no launch.json),
 * starts the function's debug instance and hands the editor an attach configuration for the language's own
 * debugger (js-debug, debugpy, Delve), so breakpoints hit in the handler's source.
 */
export class LambdaDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly workbench: Workbench,
    private readonly sessions: DebugSessions,
    private readonly events: DebugEvents,
  ) {}

  /** One configuration per function of the folder: launch.json's first contents, and the dynamic list. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    await this.workbench.functions.start();
    const root = folder?.uri.fsPath;
    return this.workbench.functions.functions
      .filter((fn) => !root || this.workbench.functions.folderOf(fn) === root)
      .map((fn) => launchConfigFor(fn, folder));
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    given: vscode.DebugConfiguration,
    token?: vscode.CancellationToken,
  ): Promise<vscode.DebugConfiguration | null | undefined> {
    if (given.type && given.type !== LAMBDA_DEBUG_TYPE) return given;
    let raw: Record<string, unknown> = given;
    if (!given.type && !given.request && !given.name) {
      const file = vscode.window.activeTextEditor?.document.uri;
      if (!file || file.scheme !== 'file') {
        void vscode.window.showInformationMessage(
          'To debug a Lambda function, open its handler file, or add a "lambda" configuration to launch.json.',
        );
        return undefined;
      }
      raw = { type: LAMBDA_DEBUG_TYPE, request: 'launch', name: 'Debug Lambda handler', handler: file.fsPath };
    }
    let config: LambdaLaunchConfig;
    let fn: FunctionSpec | undefined;
    try {
      config = checkLaunchConfig(substituteVariables(raw, this.variables(folder)));
      fn = await functionFor(this.workbench, config, folder?.uri.fsPath);
    } catch (error) {
      // null opens launch.json at the configuration, next to the message.
      this.fail(error);
      return null;
    }
    if (!fn) return undefined;
    try {
      return await this.startInstance(withOverrides(fn, config), config, folder, token);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  private async startInstance(
    fn: FunctionSpec,
    config: LambdaLaunchConfig,
    folder: vscode.WorkspaceFolder | undefined,
    token: vscode.CancellationToken | undefined,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!(await debuggable(fn, this.workbench.log))) return undefined;
    const event = await this.events.eventFor(fn, config, folder?.uri.fsPath);
    if (!event) return undefined;
    // When the function's instance already has a debugger, this run goes to it and stops in the same session.
    const started = await this.sessions.start(fn, event, config.sourceMaps !== false, token);
    return started && 'run' in started ? started.run.attachConfig : undefined;
  }

  private variables(folder: vscode.WorkspaceFolder | undefined) {
    const folders = Object.fromEntries((vscode.workspace.workspaceFolders ?? []).map((f) => [f.name, f.uri.fsPath]));
    const file = vscode.window.activeTextEditor?.document.uri;
    return {
      workspaceFolder: (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath,
      folders,
      file: file?.scheme === 'file' ? file.fsPath : undefined,
      env: process.env,
    };
  }

  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.workbench.log.error(`Debug failed: ${message}`);
    void vscode.window.showErrorMessage(`Debug failed: ${message}`);
  }
}

/** The launch configuration that debugs one function (what the Debug lens and tree action start). */
export function launchConfigFor(
  fn: FunctionSpec,
  folder: vscode.WorkspaceFolder | undefined,
  event?: { json: string; path?: string },
): LambdaLaunchConfig {
  const config: LambdaLaunchConfig = { type: LAMBDA_DEBUG_TYPE, request: 'launch', name: `Debug ${fn.name}` };
  if (fn.templatePath) {
    config.function = fn.name;
    const inFolder = folder ? relative(folder.uri.fsPath, fn.templatePath) : '..';
    config.template =
      inFolder.startsWith('..') || isAbsolute(inFolder) ? fn.templatePath : `\${workspaceFolder}/${inFolder}`;
  } else {
    config.handler = fn.handlerFile ?? fn.id;
  }
  if (event?.path) config.eventFile = event.path;
  else if (event) config.event = JSON.parse(event.json);
  return config;
}

function withOverrides(fn: FunctionSpec, config: LambdaLaunchConfig): FunctionSpec {
  return {
    ...fn,
    runtime: config.runtime ?? fn.runtime,
    memorySize: config.memorySize ?? fn.memorySize,
    timeout: config.timeout ?? fn.timeout,
    environment: { ...fn.environment, ...config.environment },
  };
}

/**
 * The one check before anything is debugged from F5 or launch.json: the workspace is trusted (debugging runs its
 * code), the runtime has a debugger, and the editor extension holding it is installed. Shows the refusal and
 * resolves false when not. (The Debug command makes the same checks through its command preamble.)
 */
export async function debuggable(fn: FunctionSpec, log: vscode.LogOutputChannel): Promise<boolean> {
  if (!(await requireTrust('Debug'))) return false;
  try {
    ensureDebuggable(fn);
    return true;
  } catch (error) {
    showError(log, 'Debug', error);
    return false;
  }
}

/** Refuses (throws) a function that cannot be debugged, or whose debugger extension is not installed in the editor. */
export function ensureDebuggable(fn: FunctionSpec): void {
  const adapter = adapterFor(fn);
  if (typeof adapter === 'object') throw new WorkbenchError('unsupported', `${adapter.reason}.`);
  if (adapter === 'node' || vscode.extensions.getExtension(DEBUGGER_EXTENSIONS[adapter].id)) return;
  const { id, name } = DEBUGGER_EXTENSIONS[adapter];
  throw new WorkbenchError('debugger-missing', missingDebuggerMessage(fn, adapter), { extension: { id, name } });
}

/** What the user reads when the debugger of a Python or Go function is not installed in the editor. */
export function missingDebuggerMessage(fn: FunctionSpec, adapter: Exclude<DebugAdapterKind, 'node'>): string {
  const needed = DEBUGGER_EXTENSIONS[adapter];
  return `Debugging ${fn.name} (${fn.runtime}) needs the ${needed.name} extension (${needed.id}), which debugs ${needed.language} in the editor. Install it, then debug again; nothing was started.`;
}
