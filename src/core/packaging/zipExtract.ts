import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { readZip } from './zipReader';

export interface ExtractOptions {
  /** Replace files that already exist. Without it, nothing is written when any file would be replaced. */
  overwrite?: boolean;
}

/** Files that are in the way of an extraction that may not overwrite. */
export class ExtractConflictError extends Error {
  constructor(readonly conflicts: string[]) {
    const shown = conflicts.slice(0, 5).join(', ') + (conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : '');
    super(`Not extracting: ${conflicts.length} file(s) already exist (${shown}). Choose an empty folder or allow overwriting.`);
    this.name = 'ExtractConflictError';
  }
}

/**
 * Unpacks a zip into `destination`, creating it when needed, and returns the relative paths written.
 * Refuses entries that would land outside the folder, and (unless `overwrite`) checks every file before writing any.
 */
export function extractZip(zip: Buffer, destination: string, options: ExtractOptions = {}): string[] {
  const root = resolve(destination);
  const entries = readZip(zip);
  const planned = entries.map((entry) => {
    const target = resolve(root, entry.path);
    const rel = relative(root, target);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) {
      if (entry.directory && !rel) return { entry, target };
      throw new Error(`The zip entry '${entry.path}' would be written outside ${root}; refusing to extract.`);
    }
    return { entry, target };
  });
  if (!options.overwrite) {
    const conflicts = planned.filter(({ entry, target }) => !entry.directory && existsSync(target)).map(({ entry }) => entry.path);
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

