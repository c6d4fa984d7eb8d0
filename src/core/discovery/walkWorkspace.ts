import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../model';
import { isTestFile } from './bareHandlers';
import { classifyFile } from './discoverFile';

/**
 * Folders never searched: dependencies, build output and caches. Every folder whose name starts with a dot
 * (.git, .aws-sam, .serverless, .venv...) is skipped too. `cdk.out` is searched only for its top-level
 * `*.template.json` files.
 */
export const SKIPPED_FOLDERS = [
  'node_modules',
  'dist',
  'venv',
  '__pycache__',
  'vendor',
  'coverage',
  'target',
  'bin',
  'obj',
];

/** The default cap on the number of files discovery reads. */
export const DEFAULT_MAX_FILES = 20000;

export interface WalkResult {
  files: string[];
  /** True when the walk stopped at maxFiles. */
  truncated: boolean;
  /** Symbolic links that were not followed (loops, links out of the workspace), each said once. */
  diagnostics: Diagnostic[];
}

const isInside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
};

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
 * never test files), breadth first so that a cap keeps the shallow, likelier files. Symbolic links are followed
 * while they stay inside the workspace; one that leads back to a folder already walked (a loop) or out of the
 * workspace is not, and is said once.
 */
export async function walkWorkspace(
  root: string,
  ignore: string[] = [],
  maxFiles = DEFAULT_MAX_FILES,
): Promise<WalkResult> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const realRoot = await realpath(root).catch(() => root);
  const walked = new Set<string>([realRoot]);
  const note = (path: string, severity: Diagnostic['severity'], message: string) =>
    diagnostics.push({ file: path, line: 0, column: 0, severity, message });
  let queue = [{ dir: root, real: realRoot }];
  while (queue.length > 0) {
    const next: Array<{ dir: string; real: string }> = [];
    for (const { dir, real } of queue) {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        // A folder that cannot be read (permissions, removed meanwhile) is skipped, as editors do.
        continue;
      }
      // Real folders before links, so that a folder reached both ways is listed under its own path.
      entries.sort((a, b) => Number(a.isSymbolicLink()) - Number(b.isSymbolicLink()) || a.name.localeCompare(b.name));
      const inCdkOut = dir !== root && dir.endsWith(`${sep}cdk.out`);
      for (const entry of entries) {
        const path = join(dir, entry.name);
        let realPath = join(real, entry.name);
        let isDirectory = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          if (ignored(root, dir, entry.name, ignore)) continue;
          const target = await realpath(path).catch(() => undefined);
          const info = target && (await stat(target).catch(() => undefined));
          if (!target || !info) {
            note(path, 'warning', `The symbolic link ${path} leads nowhere (or around in a loop); it is not followed`);
            continue;
          }
          if (!isInside(realRoot, target)) {
            note(
              path,
              'info',
              `The symbolic link ${path} leads out of the workspace (to ${target}); it is not followed`,
            );
            continue;
          }
          if (info.isDirectory() && isInside(target, real)) {
            note(
              path,
              'warning',
              `The symbolic link ${path} leads back to ${target}, a folder that contains it (a loop); it is not followed`,
            );
            continue;
          }
          if (info.isDirectory() && walked.has(target)) continue; // a second way into a folder already searched
          realPath = target;
          isDirectory = info.isDirectory();
          isFile = info.isFile();
        }
        if (isDirectory) {
          if (inCdkOut || ignored(root, dir, entry.name, ignore) || walked.has(realPath)) continue;
          walked.add(realPath);
          next.push({ dir: path, real: realPath });
          continue;
        }
        if (!isFile) continue;
        const kind = classifyFile(path);
        if (!kind || (inCdkOut && kind !== 'cdk') || (kind === 'source' && isTestFile(relative(root, path)))) continue;
        if (files.length >= maxFiles) return { files, truncated: true, diagnostics };
        files.push(path);
      }
    }
    queue = next;
  }
  return { files, truncated: false, diagnostics };
}
