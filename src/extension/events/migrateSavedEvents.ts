import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LEGACY_EVENTS_ROOT, migrateLegacyEvents } from '../../core/events';
import type { Workbench } from '../workbench';

/**
 * Once the functions are known, moves events saved in a workspace folder's hidden `.lambda-workbench/events`
 * folder beside their templates, with a note per move (or per file left in place) in the Lambda output channel.
 * Each folder is migrated once; what had to be left there is not reported again.
 */
export function migrateSavedEventsOnce(context: vscode.ExtensionContext, workbench: Workbench): void {
  const run = async (): Promise<void> => {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const path = folder.uri.fsPath;
      const key = `lambdaWorkbench.eventsMigrated.${path}`;
      if (context.workspaceState.get<boolean>(key) || !existsSync(join(path, LEGACY_EVENTS_ROOT))) continue;
      const inFolder = workbench.functions.functions.filter((fn) => workbench.functions.folderOf(fn) === path);
      const root = vscode.workspace.getConfiguration('lambdaWorkbench').get<string>('eventsFolder') || undefined;
      const notes = await migrateLegacyEvents(path, inFolder, root);
      for (const note of notes) workbench.log.info(note);
      await context.workspaceState.update(key, true);
    }
  };
  const disposable = workbench.functions.onDidChange(() => {
    run().catch((error: Error) =>
      workbench.log.error(`Moving saved events beside their templates failed: ${error.message}`),
    );
  });
  context.subscriptions.push(disposable);
}
