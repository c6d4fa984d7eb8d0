import * as vscode from 'vscode';
import type { InvocationResult } from '../../core/runtime/types';
import { Commands, functionIdOf, type RunArg } from '../commandIds';
import { guarded, pickFunctionId, requireTrust } from '../guard';
import { checkEvent, type ChosenEvent } from '../run/eventPicker';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { adapterFor } from './attachConfig';
import { DebugSessions } from './debugSessions';
import { DebugEvents } from './debugTarget';
import { registerDebugTracker } from './debugTracker';
import { debuggerInstalled, LambdaDebugConfigurationProvider, launchConfigFor } from './lambdaDebugProvider';
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
    if (!(await requireTrust('Debug'))) return undefined;
    const id = functionIdOf(arg) ?? (await pickFunctionId(workbench.functions.functions, 'Debug which function?'));
    if (!id) return undefined;
    const fn = workbench.requireFunction(id);
    const adapter = adapterFor(fn);
    if (typeof adapter === 'object') throw new Error(adapter.reason);
    if (!debuggerInstalled(fn, adapter, workbench.log)) return undefined;
    const given = arg as Partial<RunArg>;
    let event: ChosenEvent | undefined;
    if (given.eventJson !== undefined) {
      event = { label: given.eventLabel ?? 'event', json: given.eventJson };
      if (!(await checkEvent(event))) return undefined;
      events.remember(fn, event);
    }
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
