import * as vscode from 'vscode';
import { EventStore, eventsBaseFor } from '../../core/events';
import type { FunctionSpec } from '../../core/model';
import type { Workbench } from '../workbench';

/** The configured name of the events folder beside each template (`events` unless set). */
export function eventsRoot(): string | undefined {
  return vscode.workspace.getConfiguration('lambdaWorkbench').get<string>('eventsFolder') || undefined;
}

/** The saved-event store of a function: `events/` (or the configured folder) beside its template. */
export function eventStoreFor(workbench: Workbench, fn: FunctionSpec): EventStore {
  return new EventStore(eventsBaseFor(fn, workbench.functions.folderOf(fn)), eventsRoot());
}
