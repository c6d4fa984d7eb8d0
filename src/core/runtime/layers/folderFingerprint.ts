import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `dir` with its size and modification time, for a cheap "did anything change" key. */
export async function fingerprint(dir: string, hash = createHash('sha256'), rel = ''): Promise<string> {
  let entries;
  try {
    entries = await readdir(join(dir, rel), { withFileTypes: true });
  } catch {
    // A missing folder has its own key, so its appearance is a change.
    hash.update(`missing:${dir}\0`);
    return hash.digest('hex');
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(rel, entry.name);
    if (entry.isDirectory()) await fingerprint(dir, hash, path).catch(() => undefined);
    else {
      const s = await stat(join(dir, path)).catch(() => undefined);
      hash.update(`${path}:${s?.size}:${s?.mtimeMs}\0`);
    }
  }
  return rel ? '' : hash.digest('hex');
}
