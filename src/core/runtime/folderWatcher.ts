import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Watches a folder tree with one native watcher per folder (inotify on Linux watches folders, not files), found by
 * one asynchronous walk and kept up as folders come and go. Cheaper than `fs.watch(..., { recursive: true })` on
 * Linux, which watches and stats every file of the tree synchronously.
 */
export class FolderWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly skip: (relativePath: string) => boolean,
    private readonly onChange: (file: string) => void,
    /** `gone` when the root folder itself went away; otherwise some folder could not be watched (e.g. ENOSPC). */
    private readonly onError: (error: Error, gone: boolean) => void,
  ) {
    this.add(root, '');
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private add(dir: string, rel: string): void {
    if (this.closed || this.watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (event, name) => {
        const child = name ? String(name) : '';
        const childRel = rel ? `${rel}/${child}` : child;
        if (child && this.skip(childRel)) return;
        this.onChange(child ? join(dir, child) : dir);
        // A new or renamed folder is watched too; a removed one closes its watcher on its own error.
        if (event === 'rename' && child) this.add(join(dir, child), childRel);
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Not a folder (a file that was renamed) or already gone: nothing to watch.
      if (code === 'ENOTDIR' || code === 'ENOENT' || (rel && code === 'EACCES')) return;
      this.onError(error as Error, false);
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      this.watchers.delete(dir);
      if (dir === this.root) this.onError(new Error(`${dir} is gone`), true);
    });
    this.watchers.set(dir, watcher);
    void readdir(dir, { withFileTypes: true }).then(
      (entries) => {
        for (const entry of entries) {
          const childRel = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory() && !this.skip(childRel)) this.add(join(dir, entry.name), childRel);
        }
      },
      () => undefined,
    );
  }
}
