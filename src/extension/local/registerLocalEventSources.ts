import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { WorkbenchError } from '../../core/errors';
import { Commands, functionIdOf } from '../commandIds';
import { commandTarget } from '../commandTarget';
import { ensureTrusted, guarded } from '../guard';
import type { FunctionRunner } from '../run/runCommands';
import type { Workbench } from '../workbench';
import { AsyncInvocations, RECORD_FILE, type AcceptedEvent } from './asyncInvocations';
import { LocalApiController, type LocalApiInfo } from './localApi';
import { allSchedules } from './scheduleDetail';
import { ScheduleController } from './schedules';

/** A schedule event of a function: tree items pass `{ functionId, source: { name } }`, tests `{ functionId, eventName }`. */
export interface ScheduleArg {
  functionId: string;
  eventName?: string;
  source?: { name: string };
}

/**
 * Local event sources in the editor: the local API (start, stop, status bar actions), schedules (fire now, run on
 * schedule, stop) and asynchronous invocation. Nothing is loaded or started before a command asks for it.
 */
export function registerLocalEventSources(
  context: vscode.ExtensionContext,
  workbench: Workbench,
  runner: FunctionRunner,
  refreshTree: () => void,
): void {
  const environments = workbench.environments;
  const api = new LocalApiController(workbench, environments, refreshTree);
  const asyncInvocations = new AsyncInvocations(workbench, environments);
  const schedules = new ScheduleController(workbench, runner, asyncInvocations, refreshTree);
  const log = workbench.log;

  const startApi = async (): Promise<LocalApiInfo> => {
    ensureTrusted('Starting the local API');
    const info = await api.start();
    void vscode.window.showInformationMessage(`Local API running on ${info.url} (${info.routes.length} route(s))`);
    return info;
  };

  const pickSchedule = async (
    arg: unknown,
    title: string,
    onlyRunning: boolean,
  ): Promise<{ functionId: string; eventName: string } | undefined> => {
    const given = arg as Partial<ScheduleArg> | undefined;
    const functionId = functionIdOf(arg);
    const eventName = given?.eventName ?? given?.source?.name;
    if (functionId && eventName) return { functionId, eventName };
    const choices = onlyRunning
      ? schedules.states().map((s) => ({
          label: `${workbench.functions.byId(s.functionId)?.name ?? s.functionId}/${s.eventName}`,
          description: s.expression,
          functionId: s.functionId,
          eventName: s.eventName,
        }))
      : allSchedules(workbench.functions.functions).schedules.map((s) => ({
          label: `${s.fn.name}/${s.eventName}`,
          description: s.expression.text,
          functionId: s.fn.id,
          eventName: s.eventName,
        }));
    if (!choices.length) {
      void vscode.window.showInformationMessage(
        onlyRunning ? 'No schedule is running.' : 'No Schedule or ScheduleV2 events were found in this workspace.',
      );
      return undefined;
    }
    if (onlyRunning && choices.length === 1 && !arg) return choices[0];
    return vscode.window.showQuickPick(choices, { title, placeHolder: 'Schedule' });
  };

  const invokeAsync = async (arg?: unknown): Promise<AcceptedEvent | undefined> => {
    const target = await commandTarget(workbench, arg, {
      action: 'Invoke Asynchronously',
      pickTitle: 'Invoke which function asynchronously?',
      event: 'pick',
    });
    return target && asyncInvocations.enqueue(target.fn, target.event!.json);
  };

  context.subscriptions.push(
    api,
    schedules,
    asyncInvocations,
    vscode.commands.registerCommand(Commands.apiStart, guarded(log, 'Start local API', startApi)),
    vscode.commands.registerCommand(
      Commands.apiStop,
      guarded(log, 'Stop local API', async () => {
        const stopped = await api.stop();
        if (!stopped) void vscode.window.showInformationMessage('The local API is not running.');
        return stopped;
      }),
    ),
    vscode.commands.registerCommand(
      Commands.apiActions,
      guarded(log, 'Local API', () => api.showActions()),
    ),
    vscode.commands.registerCommand(
      Commands.scheduleFire,
      guarded(log, 'Fire schedule', async (arg?: unknown) => {
        ensureTrusted('Fire Now');
        const picked = await pickSchedule(arg, 'Fire which schedule now?', false);
        return picked && schedules.fire(picked.functionId, picked.eventName);
      }),
    ),
    vscode.commands.registerCommand(
      Commands.scheduleStart,
      guarded(log, 'Run on schedule', async (arg?: unknown) => {
        ensureTrusted('Run on Schedule');
        const picked = await pickSchedule(arg, 'Run which schedule?', false);
        return picked && schedules.start(picked.functionId, picked.eventName);
      }),
    ),
    vscode.commands.registerCommand(
      Commands.scheduleStop,
      guarded(log, 'Stop schedule', async (arg?: unknown) => {
        const picked = await pickSchedule(arg, 'Stop which schedule?', true);
        if (!picked) return false;
        const stopped = schedules.stop(picked.functionId, picked.eventName);
        if (!stopped) void vscode.window.showInformationMessage(`${picked.eventName} is not running.`);
        return stopped;
      }),
    ),
    vscode.commands.registerCommand(Commands.invokeAsync, guarded(log, 'Invoke asynchronously', invokeAsync)),
    vscode.commands.registerCommand(
      Commands.openAsyncRecords,
      guarded(log, 'Open asynchronous records', async (arg?: unknown) => {
        const id = functionIdOf(arg);
        const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
        const folder = id
          ? undefined
          : folders.length === 1
            ? folders[0]
            : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Records of which folder?' });
        if (!id && !folder) return;
        const path = id
          ? asyncInvocations.recordPathOf(workbench.requireFunction(id))
          : join(folder!.uri.fsPath, RECORD_FILE);
        if (!existsSync(path))
          throw new WorkbenchError(
            'missing-file',
            `No asynchronous invocation has been recorded yet (${path} does not exist).`,
          );
        await asyncInvocations.openRecords(path);
      }),
    ),
  );
}
