import * as vscode from 'vscode';
import type { FunctionSpec } from '../../core/model';
import { eventStoreFor } from '../events/eventStoreFor';
import { pickEvent, type ChosenEvent } from '../run/eventPicker';
import type { Workbench } from '../workbench';

/** The workspace function deployed under this name (its FunctionName, else its logical name), if any. */
export function localFunctionFor(workbench: Workbench, functionName: string): FunctionSpec | undefined {
  const functions = workbench.functions.functions;
  return (
    functions.find((fn) => fn.functionName === functionName) ??
    functions.find((fn) => !fn.functionName && fn.name === functionName)
  );
}

/**
 * The event to invoke a deployed function with: the saved events of the matching workspace function (the same
 * picker as a local run), else any saved event of the workspace, or `{}`.
 */
export async function pickRemoteEvent(workbench: Workbench, functionName: string): Promise<ChosenEvent | undefined> {
  const local = localFunctionFor(workbench, functionName);
  if (local) return pickEvent(local, eventStoreFor(workbench, local), workbench.context.workspaceState);
  type Item = vscode.QuickPickItem & { event?: { name: string; path: string } };
  const items: Item[] = [];
  for (const fn of workbench.functions.functions) {
    const saved = await eventStoreFor(workbench, fn)
      .list(fn.name)
      .catch(() => []);
    for (const event of saved) items.push({ label: `$(json) ${event.name}`, description: fn.name, event });
  }
  items.push({ label: '$(symbol-namespace) {}', description: 'an empty event' });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Invoke ${functionName} with…`,
    placeHolder: 'Choose a test event',
  });
  if (!picked) return undefined;
  if (!picked.event) return { label: '{}', json: '{}' };
  const json = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(picked.event.path))).toString('utf8');
  return { label: picked.event.name, json, path: picked.event.path };
}
