import * as vscode from 'vscode';
import type { InvocationResult } from '../../core/runtime/types';
import { WorkbenchError } from '../../core/errors';
import type { FunctionSpec } from '../../core/model';
import { Commands } from '../commandIds';
import { commandTarget } from '../commandTarget';
import { guarded } from '../guard';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { adapterFor, DEBUGGER_EXTENSIONS } from './attachConfig';
import { DebugSessions } from './debugSessions';
import { DebugEvents } from './debugTarget';
import { registerDebugTracker } from './debugTracker';
import { LambdaDebugConfigurationProvider, launchConfigFor, missingDebuggerMessage } from './lambdaDebugProvider';
import { LAMBDA_DEBUG_TYPE } from './launchConfig';

/**
 * The `lambda` debug type, the Debug command (lens above every handler, tree action) and the session tracking that
 * keeps a debugged function's invokes on its attached instance. The command resolves with the invoke's result.
 */
export function registerDebug(context: vscode.ExtensionContext, workbench: Workbench, runner: FunctionRunner): DebugSessions {
  const sessions = new DebugSessions(workbench, runner);
  const events = new DebugEvents(workbench);
  const provider = new LambdaDebugConfigurationProvider(workbench, sessions, events);
  const debug = async (arg?: unknown): Promise<InvocationResult | undefined> => {
    const target = await commandTarget(workbench, arg, { action: 'Debug', pickTitle: 'Debug which function?', event: 'given', check: debuggable });
    if (!target) return undefined;
    const fn = target.fn;
    let event = target.event;
    if (event) events.remember(fn, event);
    if (sessions.isAttached(fn.id)) {
      event ??= await events.eventFor(fn, { type: LAMBDA_DEBUG_TYPE, request: 'launch', name: fn.name }, undefined);
      return event ? sessions.invokeAttached(fn, event) : undefined;
    }
    const root = workbench.functions.folderOf(fn);
    const folder = root ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)) : undefined;
    if (!(await vscode.debug.startDebugging(folder, launchConfigFor(fn, folder, event)))) return undefined;
    return sessions.latestResult(fn.id);
  };
  context.subscriptions.push(
    sessions,
    vscode.debug.registerDebugConfigurationProvider(LAMBDA_DEBUG_TYPE, provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    // A provider of its own: the editor runs every resolver registered for a type, one after the other.
    vscode.debug.registerDebugConfigurationProvider(
      LAMBDA_DEBUG_TYPE,
      { provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    registerDebugTracker(workbench, (mark) => sessions.stopInstances(mark.functionId)),
    vscode.commands.registerCommand(Commands.debug, guarded(workbench.log, 'Debug', debug)),
    workbench.addAction({ title: '$(debug-alt) Debug', command: Commands.debug, needsTrust: true, order: 2 }),
  );
  return sessions;
}

/** Refuses a function that cannot be debugged, or whose debugger extension is not installed in the editor. */
function debuggable(fn: FunctionSpec): void {
  const adapter = adapterFor(fn);
  if (typeof adapter === 'object') throw new WorkbenchError('unsupported', `${adapter.reason}.`);
  if (adapter === 'node' || vscode.extensions.getExtension(DEBUGGER_EXTENSIONS[adapter].id)) return;
  const { id, name } = DEBUGGER_EXTENSIONS[adapter];
  throw new WorkbenchError('debugger-missing', missingDebuggerMessage(fn, adapter), { extension: { id, name } });
}
