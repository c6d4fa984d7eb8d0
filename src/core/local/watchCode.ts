import { watch, type FSWatcher } from 'node:fs';
import { sep } from 'node:path';

/** Folders whose changes never mean new handler code. */
const IGNORED = ['node_modules', '.git', '.lambda-workbench', '.aws-sam', '__pycache__'];

/**
 * Watches code folders and calls `onChange` (debounced) when a file in them changes, so a server can ask the
 * runtime to recycle its instances. Returns a function that stops watching.
 */
export function watchCode(dirs: string[], onChange: (file: string) => void, options: { debounceMs?: number; onError?: (error: Error) => void } = {}): () => void {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let lastFile = '';
  for (const dir of new Set(dirs)) {
    try {
      const watcher = watch(dir, { recursive: true }, (_event, file) => {
        const name = file ? String(file) : '';
        if (name.split(/[\\/]/).some((part) => IGNORED.includes(part))) return;
        lastFile = name ? `${dir}${sep}${name}` : dir;
        clearTimeout(timer);
        timer = setTimeout(() => onChange(lastFile), options.debounceMs ?? 150);
      });
      watcher.on('error', (error) => options.onError?.(error));
      watchers.push(watcher);
    } catch (error) {
      options.onError?.(new Error(`cannot watch ${dir} for changes: ${(error as Error).message}`));
    }
  }
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
