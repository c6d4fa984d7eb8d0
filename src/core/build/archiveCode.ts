import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractZip } from '../packaging/zipExtract';
import { BuildError } from './buildError';

/**
 * The folder a function's `.zip` code is unpacked into (`<cacheDir>/archives/<key>/`), unpacked again whenever the zip
 * changed (size or modification time), so a rebuilt zip is what the next instance runs.
 */
export function extractedArchive(zipPath: string, cacheDir: string): string {
  let stamp: string;
  try {
    const s = statSync(zipPath);
    stamp = `${s.size}:${s.mtimeMs}`;
  } catch {
    throw new BuildError(`The code archive ${zipPath} does not exist.`, 'Runtime.InvalidEntrypoint');
  }
  const key = createHash('sha256').update(zipPath).digest('hex').slice(0, 16);
  const dir = join(cacheDir, 'archives', key);
  const stampFile = `${dir}.stamp`;
  if (existsSync(dir) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  try {
    extractZip(readFileSync(zipPath), dir, { overwrite: true });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new BuildError(
      `The code archive ${zipPath} cannot be unpacked: ${(error as Error).message}`,
      'Runtime.InvalidEntrypoint',
    );
  }
  writeFileSync(stampFile, stamp);
  return dir;
}
