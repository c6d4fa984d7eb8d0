import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { EventStore } from '../../core/events';
import type { FunctionSpec } from '../../core/model';
import type { Workbench } from '../workbench';

/** The saved-event store of a function's workspace folder, at the configured path. */
export function eventStoreFor(workbench: Workbench, fn: FunctionSpec): EventStore {
  const folder = workbench.functions.folderOf(fn) ?? (fn.templatePath ? dirname(fn.templatePath) : fn.codeDir);
  const root = vscode.workspace.getConfiguration('lambdaWorkbench').get<string>('eventsFolder') || undefined;
  return new EventStore(folder, root);
}
