import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SKIPPED_FOLDERS } from '../packaging/collectFiles';

/**
 * A fingerprint of a source folder: every file's path, size and modification time (caches, virtual environments,
 * version control and node_modules left out), so a build is run again only when a source changed.
 */
export function sourceStamp(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // An unreadable folder adds nothing to the stamp.
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && entry.name !== 'node_modules') walk(join(dir, entry.name), `${path}/`);
      } else if (entry.isFile()) {
        const s = statSync(join(dir, entry.name));
        hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(root, '');
  return hash.digest('hex');
}
