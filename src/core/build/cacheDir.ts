import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where builds, unpacked archives and bundles go when the editor or the CLI names no folder: one per user. */
export function defaultCacheDir(): string {
  return join(tmpdir(), `lambda-workbench-${process.getuid?.() ?? 'user'}`);
}
