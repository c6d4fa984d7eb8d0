import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FunctionSpec } from '../model';

/** The code folder of `fn` when it is outside every one of `folders` (symbolic links resolved), else undefined. */
export function codeOutsideWorkspace(fn: FunctionSpec, folders: readonly string[]): string | undefined {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path); // not there yet: packaging will say so
    }
  };
  const code = real(fn.codeDir);
  const inside = folders.some((folder) => {
    const rel = relative(real(folder), code);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  });
  return inside ? undefined : code;
}
