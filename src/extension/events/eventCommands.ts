import * as vscode from 'vscode';
import { eventTemplates } from '../../core/events';
import { Commands, functionIdOf, type SavedEventArg } from '../commandIds';
import { guarded, pickFunctionId } from '../guard';
import type { Workbench } from '../workbench';
import { eventStoreFor } from './eventStoreFor';
import { migrateSavedEventsOnce } from './migrateSavedEvents';
import { registerTestCommands } from './testCommands';
import { registerTestingView, type EventTestsView } from './testingView';
import { askEventName } from './eventNameInput';

/** New Test Event (from a template, saved in the workspace and opened), Open and Delete; the Testing view of saved events. */
export function registerEventCommands(
  context: vscode.ExtensionContext,
  workbench: Workbench,
  onChange: () => void,
): EventTestsView {
  const log = workbench.log;
  migrateSavedEventsOnce(context, workbench);
  const eventTests = registerTestingView(context, workbench);
  registerTestCommands(context, workbench, eventTests);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      Commands.newEvent,
      guarded(log, 'New test event', async (arg?: unknown) => {
        await workbench.functions.start();
        const id =
          functionIdOf(arg) ??
          (await pickFunctionId(workbench.functions.functions, 'New test event for which function?'));
        if (!id) return undefined;
        const fn = workbench.requireFunction(id);
        const store = eventStoreFor(workbench, fn);
        const template = await vscode.window.showQuickPick(
          [
            { label: '{}', description: 'an empty event', build: () => ({}) },
            ...eventTemplates.map((t) => ({
              label: t.label,
              description: t.description,
              build: () => t.build(),
              id: t.id,
            })),
          ],
          { title: `New test event for ${fn.name}`, placeHolder: 'Start from' },
        );
        if (!template) return undefined;
        const taken = new Set((await store.list(fn.name)).map((e) => e.name));
        const name = await askEventName(fn, taken, {
          title: 'Event name',
          value: 'id' in template ? String(template.id) : 'event',
        });
        if (!name) return undefined;
        const path = await store.save(fn.name, name, template.build());
        onChange();
        await vscode.window.showTextDocument(vscode.Uri.file(path));
        return path;
      }),
    ),
    vscode.commands.registerCommand(Commands.openEvent, (arg: SavedEventArg) =>
      vscode.window.showTextDocument(vscode.Uri.file(arg.path)),
    ),
    vscode.commands.registerCommand(
      Commands.deleteEvent,
      guarded(log, 'Delete test event', async (arg: SavedEventArg) => {
        const fn = workbench.requireFunction(arg.functionId);
        const answer = await vscode.window.showWarningMessage(
          `Delete the test event "${arg.eventName}" of ${fn.name}?`,
          { modal: true, detail: arg.path },
          'Delete',
        );
        if (answer !== 'Delete') return false;
        const deleted = await eventStoreFor(workbench, fn).delete(fn.name, arg.eventName);
        onChange();
        return deleted;
      }),
    ),
  );
  return eventTests;
}
