import * as vscode from 'vscode';
import type { InvocationResult } from '../../core/runtime/types';
import { Commands } from '../commandIds';
import { commandTarget } from '../commandTarget';
import { guarded } from '../guard';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { DebugSessions } from './debugSessions';
import { DebugEvents } from './debugTarget';
import { registerDebugTracker } from './debugTracker';
import { LAMBDA_DEBUG_TYPE } from './launchConfig';
import { ensureDebuggable, LambdaDebugConfigurationProvider, launchConfigFor } from './lambdaDebugProvider';

/**
 * The `lambda` debug type, the Debug command (lens above every handler, tree action) and the session tracking that
 * keeps a debugged function's invokes on its attached instance. The command resolves with the invoke's result.
 */
export function registerDebug(
  context: vscode.ExtensionContext,
  workbench: Workbench,
  runner: FunctionRunner,
): DebugSessions {
  const sessions = new DebugSessions(workbench, runner);
  const events = new DebugEvents(workbench);
  const provider = new LambdaDebugConfigurationProvider(workbench, sessions, events);
  const debug = async (arg?: unknown): Promise<InvocationResult | undefined> => {
    const target = await commandTarget(workbench, arg, {
      action: 'Debug',
      pickTitle: 'Debug which function?',
      event: 'given',
      check: ensureDebuggable,
    });
    if (!target) return undefined;
    const fn = target.fn;
    let event = target.event;
    if (event) events.remember(fn, event);
    const root = workbench.functions.folderOf(fn);
    event ??= await events.eventFor(fn, launchConfigFor(fn, undefined), root);
    if (!event) return undefined;
    const started = await sessions.start(fn, event, true);
    if (!started) return undefined;
    if ('attached' in started) return started.attached;
    const folder = root ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)) : undefined;
    if (!(await vscode.debug.startDebugging(folder, started.run.attachConfig))) {
      started.run.dispose();
      sessions.stopInstances(fn.id);
      return undefined;
    }
    return started.run.result;
  };
  context.subscriptions.push(
    sessions,
    vscode.debug.registerDebugConfigurationProvider(
      LAMBDA_DEBUG_TYPE,
      provider,
      vscode.DebugConfigurationProviderTriggerKind.Initial,
    ),
    // A provider of its own: the editor runs every resolver registered for a type, one after the other.
    vscode.debug.registerDebugConfigurationProvider(
      LAMBDA_DEBUG_TYPE,
      { provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    registerDebugTracker(workbench, {
      onStop: (mark) => sessions.stopInstances(mark.functionId),
      onPaused: (mark, paused) => sessions.paused(mark, paused),
    }),
    vscode.commands.registerCommand(Commands.debug, guarded(workbench.log, 'Debug', debug)),
    workbench.addAction({ title: '$(debug-alt) Debug', command: Commands.debug, needsTrust: true, order: 2 }),
  );
  return sessions;
}
