import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { PackagingError } from './errors';

const SKIPPED_DIRS = new Set(['node_modules', 'testdata', '.git', '.aws-sam', '.serverless']);

/** The folder of the go.mod that governs dir (Go looks upward), or undefined outside any module. */
export function findModuleRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'go.mod'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Every .go, go.mod, go.sum and vendor/modules.txt below root, with size and mtime: what a rebuild depends on. */
export function sourceFingerprint(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (/\.go$|^go\.(mod|sum)$|^modules\.txt$/.test(entry.name)) {
        const stat = statSync(path);
        hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** The non-test .go files directly in dir, sorted. */
export function goFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
      .sort();
  } catch {
    // An unreadable folder has no Go files; the build then says what is missing.
    return [];
  }
}

function isMainPackage(dir: string): boolean {
  return goFiles(dir).some((file) => /^\s*package\s+main\b/m.test(readFileSync(join(dir, file), 'utf8')));
}

/** Where a serverless.yml handler `bin/<name>` is built from, in the order the framework's Go templates lay them out. */
const SERVERLESS_MAIN_DIRS = (name: string): string[] => [name, `cmd/${name}`, `functions/${name}`, `src/${name}`];

/**
 * The main package to build, relative to the code folder: the folder itself for SAM (its CodeUri is the main
 * package, as for `BuildMethod: go1.x`), or for a serverless.yml handler such as `bin/hello` the module's matching
 * main package (`./hello`, `./cmd/hello`, `./functions/hello` or `./src/hello`).
 */
export function goMainPackage(codeDir: string, handler: string): string {
  const binary = posix.normalize(handler.replace(/\\/g, '/'));
  if (!binary.includes('/')) return '.';
  const name = posix.basename(binary);
  const candidates = SERVERLESS_MAIN_DIRS(name);
  const found = candidates.find((candidate) => isMainPackage(join(codeDir, candidate)));
  if (found) return `./${found}`;
  if (isMainPackage(codeDir)) return '.';
  throw new PackagingError(
    `The Go handler '${handler}' names the binary ${name}, but no main package was found for it in ${codeDir} ` +
      `(looked in ${candidates.map((c) => `./${c}`).join(', ')}).`,
  );
}
