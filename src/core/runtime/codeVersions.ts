import { isAbsolute, join, relative, resolve } from 'node:path';
import type { FunctionSpec } from '../model';
import { FolderWatcher } from './folderWatcher';

/** Paths whose changes never mean new code: tool state, bytecode caches, build output of other tools. */
const IGNORED_PARTS = new Set([
  '.git',
  '.lambda-workbench',
  '.aws-sam',
  '__pycache__',
  'cdk.out',
  '.pytest_cache',
  '.mypy_cache',
]);
const IGNORED_FILE = /(\.pyc|~|\.swp|\.swx|\.tmp)$|^\.#/;

/** The code an instance of a function would load now: a version that changes whenever a file under its folders does. */
export interface CodeStamp {
  version: string;
  /** The file whose change made the latest new version. */
  changed?: string;
  /** Folders that could not be watched (their changes are not seen), with why: each said once. */
  problems: string[];
}

interface Root {
  count: number;
  lastFile?: string;
  lastAt: number;
  watcher?: FolderWatcher;
  problem?: string;
  problemSaid?: boolean;
}

/**
 * One file watcher per code folder (the function's code, its local layers' content), each with a change counter.
 * Stamping a function costs a map lookup; a pool compares the stamp its instances started with before every
 * dispatch, so a saved change retires the warm instances of the functions that load it, and only those.
 */
export class CodeVersions {
  private readonly roots = new Map<string, Root>();

  constructor(
    private readonly ignoredDirs: string[] = [],
    private readonly enabled = true,
  ) {}

  /** The folders an instance of `fn` loads code from. */
  static foldersOf(fn: FunctionSpec): string[] {
    const layers = (fn.layerSources ?? []).map((layer) => layer.contentDir).filter((dir): dir is string => !!dir);
    return [fn.codeDir, ...layers];
  }

  stamp(fn: FunctionSpec): CodeStamp {
    const parts: string[] = [];
    const problems: string[] = [];
    let latest: Root | undefined;
    for (const dir of CodeVersions.foldersOf(fn)) {
      const root = this.root(resolve(dir));
      parts.push(`${dir}:${root.count}`);
      if (root.problem && !root.problemSaid) {
        problems.push(root.problem);
        root.problemSaid = true;
      }
      if (root.lastFile && (!latest || root.lastAt > latest.lastAt)) latest = root;
    }
    return { version: parts.join('|'), changed: latest?.lastFile, problems };
  }

  /**
   * Resolves once the file-system events already queued have been handled: a file saved just before an invoke is
   * seen by that invoke (the kernel's notification is read in the event loop's next poll phase).
   */
  settle(): Promise<void> {
    return new Promise((done) => setImmediate(() => setImmediate(done)));
  }

  dispose(): void {
    for (const root of this.roots.values()) root.watcher?.close();
    this.roots.clear();
  }

  private root(dir: string): Root {
    let root = this.roots.get(dir);
    if (root) return root;
    root = { count: 0, lastAt: 0 };
    this.roots.set(dir, root);
    if (!this.enabled) return root;
    const entry = root;
    entry.watcher = new FolderWatcher(
      dir,
      (rel) => this.ignored(dir, rel),
      (file) => {
        entry.count++;
        entry.lastFile = file;
        entry.lastAt = Date.now();
      },
      (error, gone) => {
        if (!gone) {
          // Some folder is not watched (too many watches, say): said once; warm instances stay as they are.
          entry.problem ??= `changes under ${dir} may not be seen (${error.message}): use Stop instances after editing`;
          return;
        }
        entry.count++;
        // A folder that went away and comes back (a rebuilt asset) is watched afresh on the next stamp.
        entry.watcher?.close();
        this.roots.delete(dir);
      },
    );
    return entry;
  }

  private ignored(dir: string, name: string): boolean {
    const parts = name.split(/[\\/]/);
    if (parts.some((part) => IGNORED_PARTS.has(part)) || IGNORED_FILE.test(parts[parts.length - 1])) return true;
    const full = join(dir, name);
    return this.ignoredDirs.some((ignored) => {
      const rel = relative(ignored, full);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    });
  }
}
