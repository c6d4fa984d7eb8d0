import { chmodSync, existsSync, lstatSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { WorkbenchError } from '../errors';
import { MAX_UNZIPPED_BYTES } from './limits';
import { readZip } from './zipReader';

export interface ExtractOptions {
  /** Replace files that already exist. Without it, nothing is written when any file would be replaced. */
  overwrite?: boolean;
  /** The most the contents may add up to; Lambda's unzipped limit (250 MB) by default. */
  maxUnzippedBytes?: number;
}

/** Files that are in the way of an extraction that may not overwrite. */
export class ExtractConflictError extends WorkbenchError {
  constructor(readonly conflicts: string[]) {
    const shown = conflicts.slice(0, 5).join(', ') + (conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : '');
    super(
      'extract-conflict',
      `Not extracting: ${conflicts.length} file(s) already exist (${shown}). Choose an empty folder or allow overwriting.`,
    );
    this.name = 'ExtractConflictError';
  }
}

/**
 * Unpacks a zip into `destination`, creating it when needed, and returns the relative paths written. Checks every
 * entry before writing any: refuses contents over Lambda's unzipped limit, entries that would land outside the folder
 * (`..`, absolute paths, or through a symbolic link already in the folder), symbolic links in the zip, and (unless
 * `overwrite`) files that already exist.
 */
export function extractZip(zip: Buffer, destination: string, options: ExtractOptions = {}): string[] {
  const root = resolve(destination);
  const entries = readZip(zip, { maxUnzippedBytes: options.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES });
  const planned = entries.map((entry) => {
    const target = resolve(root, entry.path);
    const rel = relative(root, target);
    if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      if (entry.directory && !rel) return { entry, target };
      throw new Error(`The zip entry '${entry.path}' would be written outside ${root}; refusing to extract.`);
    }
    if (entry.symlink)
      throw new Error(
        `The zip entry '${entry.path}' is a symbolic link (to '${entry.data.toString('utf8')}'); links are not extracted, so nothing was written.`,
      );
    checkNoLinkOnTheWay(root, target, entry.path);
    return { entry, target };
  });
  if (!options.overwrite) {
    const conflicts = planned
      .filter(({ entry, target }) => !entry.directory && existsSync(target))
      .map(({ entry }) => entry.path);
    if (conflicts.length) throw new ExtractConflictError(conflicts);
  }
  const written: string[] = [];
  mkdirSync(root, { recursive: true });
  for (const { entry, target } of planned) {
    if (entry.directory) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
    if (entry.mode !== undefined && entry.mode & 0o111) chmodSync(target, entry.mode & 0o777);
    written.push(relative(root, target).split(/[\\/]/).join('/'));
  }
  return written;
}

/**
 * Throws when writing `target` would go through a symbolic link: the file itself, or a folder between `root` and it,
 * that already exists as a link (a link inside the folder could lead anywhere).
 */
function checkNoLinkOnTheWay(root: string, target: string, entryPath: string): void {
  const realRoot = existsSync(root) ? realpathSync(root) : root;
  for (let path = target; path !== root && path.startsWith(root); path = dirname(path)) {
    let isLink: boolean;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch {
      continue; // not there yet: it will be created as a plain file or folder
    }
    if (isLink) {
      const to = safeRealpath(path);
      throw new Error(
        `The zip entry '${entryPath}' would be written through the symbolic link ${path}${to ? ` (to ${to})` : ''}${to && !to.startsWith(realRoot) ? ', outside the folder' : ''}; refusing to extract.`,
      );
    }
  }
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // a dangling link
  }
}
