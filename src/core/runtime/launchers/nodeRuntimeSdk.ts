import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '../../model';

const SOURCE = /\.(c|m)?(j|t)s$/;
const SDK_IMPORT = /['"](@aws-sdk\/[a-z0-9-]+)(?:\/[^'"]*)?['"]/g;
const MAX_FILES = 2000;

/** The `@aws-sdk/*` packages the function's own sources import (node_modules and dot-folders are not read). */
export function sdkImports(codeDir: string): string[] {
  const found = new Set<string>();
  let files = 0;
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // An unreadable folder has no imports to look at.
      return;
    }
    for (const entry of entries) {
      if (files >= MAX_FILES || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files++;
        for (const pkg of importsOf(path)) found.add(pkg);
      }
    }
  };
  walk(codeDir);
  return [...found].sort();
}

/**
 * The SDK packages each source file imports, as of its size and modification time: every cold start looks at the
 * function's files again, and a file read and searched again only when it changed keeps that look to a stat per
 * file (measured on 500 files of 5 KB: 7 to 10 ms to read them all, under 3.5 ms to list and stat them).
 */
const importsByFile = new Map<string, { mtimeMs: number; size: number; imports: string[] }>();

function importsOf(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    // Gone since the folder was listed: it imports nothing.
    return [];
  }
  const known = importsByFile.get(path);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.imports;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // Unreadable: it imports nothing we can see.
    return [];
  }
  const imports = [...new Set([...text.matchAll(SDK_IMPORT)].map((match) => match[1]))];
  importsByFile.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, imports });
  return imports;
}

function resolvable(pkg: string, from: string): boolean {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', pkg, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** The version to install: the range the project's package.json gives the package, else the version of an @aws-sdk client it has, else 3. */
function wantedVersion(pkg: string, codeDir: string): string {
  for (let dir = codeDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
        const range = json.dependencies?.[pkg] ?? json.devDependencies?.[pkg];
        if (range) return range;
        const sibling = Object.entries({ ...json.devDependencies, ...json.dependencies }).find(([name]) =>
          name.startsWith('@aws-sdk/client-'),
        );
        if (sibling) return sibling[1];
      } catch {
        // An unreadable package.json gives no version; the default below applies.
      }
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return '3';
}

function npm(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      args,
      { cwd, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

/**
 * Lambda's Node.js 18+ runtimes include the AWS SDK for JavaScript v3 (on NODE_PATH, after layers). A function that
 * imports `@aws-sdk/*` packages its project does not have gets them from a cache folder, installed once with npm and
 * said through `progress`; the project is never written. Returns the node_modules folder to put on NODE_PATH.
 */
export async function nodeRuntimeSdk(
  fn: FunctionSpec,
  nodeMajor: number,
  cacheDir: string,
  progress: (text: string) => void,
): Promise<{ nodePath?: string; warning?: string }> {
  if (nodeMajor < 18 || Number(/^nodejs(\d+)/.exec(fn.runtime)?.[1] ?? 0) < 18) return {};
  const missing = sdkImports(fn.codeDir).filter((pkg) => !resolvable(pkg, fn.codeDir));
  if (missing.length === 0) return {};
  const dir = join(cacheDir, 'runtime-sdk', `nodejs${nodeMajor}`);
  const nodePath = join(dir, 'node_modules');
  const toInstall = missing.filter((pkg) => !existsSync(join(nodePath, pkg, 'package.json')));
  if (toInstall.length === 0) return { nodePath };
  const specs = toInstall.map((pkg) => `${pkg}@${wantedVersion(pkg, fn.codeDir)}`);
  progress(
    `${fn.name}: ${toInstall.join(', ')} ${toInstall.length > 1 ? 'are' : 'is'} not in the project; Lambda's ${fn.runtime} runtime includes the AWS SDK: installing ${specs.join(' ')} into ${dir} (once; your project is not changed)...`,
  );
  await mkdir(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json')))
    await writeFile(join(dir, 'package.json'), '{ "name": "lambda-workbench-runtime-sdk", "private": true }\n');
  const result = await npm(
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs],
    dir,
  );
  if (!result.ok) {
    return {
      warning: `${toInstall.join(', ')} could not be installed for ${fn.name} (${result.output.split('\n').slice(-2).join(' ')}): install ${toInstall.length > 1 ? 'them' : 'it'} in the project with 'npm install ${toInstall.join(' ')}'`,
    };
  }
  progress(`${fn.name}: ${specs.join(' ')} installed for the ${fn.runtime} runtime`);
  return { nodePath };
}
