import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parseEventJson } from './parseEventJson';

/** Where saved events live, relative to the folder of the function's template (see `eventsBaseFor`). */
export const DEFAULT_EVENTS_ROOT = 'events';

/** An expected result beside an event (`<name>.expected.json`): never an event itself. */
export const EXPECTED_SUFFIX = '.expected.json';

/** True for `*.json` files that are events: not `*.expected.json`. */
export function isEventFile(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.json') && !lower.endsWith(EXPECTED_SUFFIX);
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * Makes a user-typed name safe as a file or folder name on every platform: letters, digits, spaces, `.`, `-`
 * and `_` are kept, anything else becomes `-`; a trailing `.json` is dropped. Throws when nothing usable remains.
 */
export function sanitizeName(name: string): string {
  const clean = name
    .trim()
    .replace(/\.json$/i, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+|[.\s-]+$/g, '')
    .slice(0, 100);
  if (!/[\p{L}\p{N}]/u.test(clean))
    throw new Error(`"${name}" cannot be used as a name: it needs at least one letter or digit`);
  return WINDOWS_RESERVED.test(clean) ? `_${clean}` : clean;
}

/** A saved event: its name (the file name without `.json`) and absolute path. */
export interface SavedEvent {
  name: string;
  path: string;
}

/**
 * Saved test events, one folder per function: `<root>/<FunctionLogicalId>/<event name>.json` beside the template,
 * each file the plain event JSON (so `sam local invoke -e <file>` reads it too). A nested-stack function `Child/Fn`
 * gets the folder `Child-Fn`. Expected results (`<event name>.expected.json`) sit next to their event.
 */
export class EventStore {
  /** `root` is absolute, or relative to `baseDir` (the template's folder). */
  constructor(baseDir: string, root: string = DEFAULT_EVENTS_ROOT) {
    this.root = isAbsolute(root) ? root : join(baseDir, root);
  }

  readonly root: string;

  folderFor(functionName: string): string {
    return join(this.root, sanitizeName(functionName));
  }

  pathFor(functionName: string, eventName: string): string {
    return join(this.folderFor(functionName), `${sanitizeName(eventName)}.json`);
  }

  /** The function's saved events, sorted by name; none when its folder does not exist. */
  async list(functionName: string): Promise<SavedEvent[]> {
    const folder = this.folderFor(functionName);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter(isEventFile)
      .map((n) => ({ name: n.slice(0, -5), path: join(folder, n) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Where the expected result of an event is kept. */
  expectedPathFor(functionName: string, eventName: string): string {
    return join(this.folderFor(functionName), `${sanitizeName(eventName)}${EXPECTED_SUFFIX}`);
  }

  /** The parsed event; a malformed file throws `<path>:<line>:<column>: <what is wrong>` (1-based). */
  async read(functionName: string, eventName: string): Promise<unknown> {
    const path = this.pathFor(functionName, eventName);
    const text = await readFile(path, 'utf8');
    const parsed = parseEventJson(text);
    if (!parsed.ok) throw new Error(`${path}:${parsed.line + 1}:${parsed.column + 1}: ${parsed.message}`);
    return parsed.value;
  }

  /** Saves an event value as pretty JSON. Refuses to replace an existing file unless `overwrite` is set. */
  async save(
    functionName: string,
    eventName: string,
    event: unknown,
    options: { overwrite?: boolean } = {},
  ): Promise<string> {
    const text = JSON.stringify(event, null, 2);
    if (text === undefined) throw new Error('An event must be a JSON value (got undefined or a function)');
    return this.write(functionName, eventName, `${text}\n`, options);
  }

  /** Saves event text as typed, after checking it is JSON (the error names the line and column). */
  async saveText(
    functionName: string,
    eventName: string,
    text: string,
    options: { overwrite?: boolean } = {},
  ): Promise<string> {
    const parsed = parseEventJson(text);
    if (!parsed.ok)
      throw new Error(
        `Event "${eventName}" is not valid JSON at line ${parsed.line + 1}, column ${parsed.column + 1}: ${parsed.message}`,
      );
    return this.write(functionName, eventName, text, options);
  }

  private async write(
    functionName: string,
    eventName: string,
    text: string,
    options: { overwrite?: boolean },
  ): Promise<string> {
    const path = this.pathFor(functionName, eventName);
    await mkdir(this.folderFor(functionName), { recursive: true });
    try {
      await writeFile(path, text, { flag: options.overwrite ? 'w' : 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(
          `An event named "${sanitizeName(eventName)}" already exists for ${functionName}; save with overwrite to replace it`,
          { cause: error },
        );
      }
      throw error;
    }
    return path;
  }

  /** Deletes a saved event; answers false when there was none. */
  async delete(functionName: string, eventName: string): Promise<boolean> {
    try {
      await unlink(this.pathFor(functionName, eventName));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }
}
