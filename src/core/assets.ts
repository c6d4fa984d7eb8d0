import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cachedRoot: string | undefined;

/**
 * The folder of this package's package.json. Found by walking up from this module, which works both when the
 * code runs bundled from dist/ and when tests run it from src/.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'lambda-workbench') {
      return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`lambda-workbench: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
}

/** A file the build puts in dist/ (runtime clients, lazily loaded bundles). */
export function distPath(...parts: string[]): string {
  return join(packageRoot(), 'dist', ...parts);
}
