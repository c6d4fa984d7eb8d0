import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FunctionSpec } from '../model';
import { isEventFile, type SavedEvent } from './eventStore';

/**
 * The folder a function's `events/` folder sits in: its template's folder; for a bare handler, beside the
 * handler's folder (inside the workspace folder when the handler is at its top, so events stay in the project).
 */
export function eventsBaseFor(fn: FunctionSpec, workspaceFolder?: string): string {
  if (fn.nestedStack) return dirname(fn.nestedStack.rootTemplate);
  if (fn.templatePath) return dirname(fn.templatePath);
  const codeDir = resolve(fn.codeDir);
  if (workspaceFolder && resolve(workspaceFolder) === codeDir) return codeDir;
  return dirname(codeDir);
}

/**
 * JSON events the project already has, not saved per function: `*.json` directly in `events/` beside the
 * template (SAM's habit; `eventsRoot` is the function's store root) and in an `events/` folder of the function's
 * code. Expected results are left out.
 */
export async function workspaceEventsFor(fn: FunctionSpec, eventsRoot: string): Promise<SavedEvent[]> {
  const folders = [...new Set([resolve(eventsRoot), join(resolve(fn.codeDir), 'events')])];
  const found: SavedEvent[] = [];
  for (const folder of folders) {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
        continue;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isFile() && isEventFile(entry.name))
        found.push({ name: entry.name.slice(0, -5), path: join(folder, entry.name) });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}
