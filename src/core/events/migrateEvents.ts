import { mkdir, readdir, rename, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionSpec } from '../model';
import { eventsBaseFor } from './eventLocation';
import { DEFAULT_EVENTS_ROOT, sanitizeName } from './eventStore';

/** Where earlier versions kept saved events, relative to the workspace folder. */
export const LEGACY_EVENTS_ROOT = '.lambda-workbench/events';

/**
 * Moves saved events from the hidden `.lambda-workbench/events/<Function>/` folder of a workspace folder to
 * `events/<Function>/` beside each function's template. A file that already exists at the destination is never
 * overwritten: both are left and a note says so, as for a folder no function (or more than one) claims.
 * Answers one note per thing the user should know; none when there was nothing to move.
 */
export async function migrateLegacyEvents(
  workspaceFolder: string,
  functions: FunctionSpec[],
  root = DEFAULT_EVENTS_ROOT,
): Promise<string[]> {
  const legacy = join(workspaceFolder, LEGACY_EVENTS_ROOT);
  let folders: string[];
  try {
    folders = (await readdir(legacy, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const notes: string[] = [];
  for (const folder of folders.sort()) {
    const owners = functions.filter((fn) => sanitizeName(fn.name) === folder);
    const bases = [...new Set(owners.map((fn) => eventsBaseFor(fn, workspaceFolder)))];
    const source = join(legacy, folder);
    if (bases.length !== 1) {
      notes.push(
        bases.length
          ? `Saved events in ${source} were left there: functions named ${folder} are in several templates (${bases.join(', ')}); move them to the right one's events/${folder}/ folder.`
          : `Saved events in ${source} were left there: no function named ${folder} was found in this folder.`,
      );
      continue;
    }
    const destination = join(bases[0], root, folder);
    await mkdir(destination, { recursive: true });
    const moved: string[] = [];
    for (const file of (await readdir(source)).sort()) {
      const target = join(destination, file);
      if (await exists(target)) {
        notes.push(
          `Saved event ${join(source, file)} was not moved: ${target} already exists. Both were kept; compare them and delete one.`,
        );
        continue;
      }
      await rename(join(source, file), target);
      moved.push(file);
    }
    if (moved.length)
      notes.push(
        `Moved ${moved.length} saved event${moved.length === 1 ? '' : 's'} of ${folder} from ${source} to ${destination} (${moved.join(', ')}).`,
      );
    await rmdir(source).catch(() => undefined);
  }
  await rmdir(legacy).catch(() => undefined);
  await rmdir(join(workspaceFolder, '.lambda-workbench')).catch(() => undefined);
  return notes;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
