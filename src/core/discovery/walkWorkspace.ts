import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isTestFile } from './bareHandlers';
import { classifyFile } from './discoverFile';

/**
 * Folders never searched: dependencies, build output and caches. Every folder whose name starts with a dot
 * (.git, .aws-sam, .serverless, .venv...) is skipped too. `cdk.out` is searched only for its top-level
 * `*.template.json` files.
 */
export const SKIPPED_FOLDERS = ['node_modules', 'dist', 'venv', '__pycache__', 'vendor', 'coverage', 'target', 'bin', 'obj'];

/** The default cap on the number of files discovery reads. */
export const DEFAULT_MAX_FILES = 20000;

export interface WalkResult {
  files: string[];
  /** True when the walk stopped at maxFiles. */
  truncated: boolean;
}

function ignored(root: string, dir: string, name: string, ignore: string[]): boolean {
  if (name.startsWith('.') || SKIPPED_FOLDERS.includes(name)) return true;
  const rel = relative(root, join(dir, name)).split(sep).join('/');
  return ignore.some((entry) => {
    const clean = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    return clean === name || clean === rel || rel.startsWith(`${clean}/`);
  });
}

/**
 * Lists the files under `root` that discovery reads (templates, serverless.yml, CDK output, handler sources;
 * never test files), breadth first so that a cap keeps the shallow, likelier files.
 */
export async function walkWorkspace(root: string, ignore: string[] = [], maxFiles = DEFAULT_MAX_FILES): Promise<WalkResult> {
  const files: string[] = [];
  let queue = [root];
  while (queue.length > 0) {
    const next: string[] = [];
    for (const dir of queue) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      const inCdkOut = dir !== root && dir.endsWith(`${sep}cdk.out`);
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!inCdkOut && !ignored(root, dir, entry.name, ignore)) next.push(join(dir, entry.name));
          continue;
        }
        if (!entry.isFile()) continue;
        const path = join(dir, entry.name);
        const kind = classifyFile(path);
        if (!kind || (inCdkOut && kind !== 'cdk') || (kind === 'source' && isTestFile(relative(root, path)))) continue;
        if (files.length >= maxFiles) return { files, truncated: true };
        files.push(path);
      }
    }
    queue = next;
  }
  return { files, truncated: false };
}
