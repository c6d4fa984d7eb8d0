import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ZipEntry } from './zipWriter';

/** Folder names never worth shipping: caches, virtual environments, version control, build tool output. */
export const SKIPPED_FOLDERS = new Set([
  '__pycache__',
  '.venv',
  'venv',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.hypothesis',
  '.git',
  '.hg',
  '.svn',
  '.aws-sam',
  '.idea',
  '.vscode',
]);

/** File names never worth shipping. */
const SKIPPED_FILES = /(\.py[co]|~|\.swp)$|^\.DS_Store$|^Thumbs\.db$/;

export interface CollectOptions {
  /** More folder names to skip, wherever they appear. */
  skipFolders?: Iterable<string>;
}

/**
 * Every regular file under `root` as zip entries (paths relative to root, with forward slashes), skipping caches and
 * the folders above. The executable bit is kept (0o755), everything else becomes 0o644. Symbolic links are followed.
 */
export function collectFiles(root: string, options: CollectOptions = {}): ZipEntry[] {
  const skip = new Set([...SKIPPED_FOLDERS, ...(options.skipFolders ?? [])]);
  const entries: ZipEntry[] = [];
  const visited = new Set<string>();
  const walk = (dir: string, prefix: string): void => {
    // A symbolic link back up the tree would otherwise be followed forever.
    const real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    for (const dirent of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, dirent.name);
      const path = prefix ? `${prefix}/${dirent.name}` : dirent.name;
      const stat = dirent.isSymbolicLink() ? statSync(full, { throwIfNoEntry: false }) : undefined;
      const isDir = stat ? stat.isDirectory() : dirent.isDirectory();
      const isFile = stat ? stat.isFile() : dirent.isFile();
      if (isDir) {
        if (!skip.has(dirent.name)) walk(full, path);
      } else if (isFile && !SKIPPED_FILES.test(dirent.name)) {
        const mode = (stat ?? statSync(full)).mode & 0o111 ? 0o755 : 0o644;
        entries.push({ path, data: readFileSync(full), mode });
      }
    }
  };
  walk(root, '');
  return entries;
}
