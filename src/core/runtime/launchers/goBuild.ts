import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LaunchError } from '../types';
import type { GoToolchain } from './goToolchain';

export interface GoBuildRequest {
  toolchain: GoToolchain;
  /** The folder of the main package (SAM's CodeUri). */
  codeDir: string;
  /** The launcher's cache folder: binaries go to <cacheDir>/go/<key>/bootstrap, Go's build cache to <cacheDir>/go/gocache. */
  cacheDir: string;
  /** Build without optimisations or inlining, for Delve. */
  debug: boolean;
}

export interface GoBuildResult {
  binary: string;
  /** False when the previous binary was still current. */
  built: boolean;
}

const SKIPPED_DIRS = new Set(['node_modules', 'testdata', '.git', '.aws-sam']);
const exe = process.platform === 'win32' ? '.exe' : '';
const inFlight = new Map<string, Promise<GoBuildResult>>();

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

/**
 * Builds the function's main package for this machine into the cache, named `bootstrap` as Lambda's `provided`
 * runtimes expect, and only when a Go source, go.mod or go.sum changed. Builds never reach the network
 * (GOPROXY=off): a project that uses github.com/aws/aws-lambda-go builds module-aware from the module cache or
 * from vendor/, with `-tags lambda.norpc` as for provided.al2023.
 */
export function buildGo(request: GoBuildRequest): Promise<GoBuildResult> {
  const key = createHash('sha256').update(resolve(request.codeDir)).digest('hex').slice(0, 16);
  const outDir = join(request.cacheDir, 'go', `${key}${request.debug ? '-debug' : ''}`);
  let pending = inFlight.get(outDir);
  if (!pending) {
    pending = build(request, outDir).finally(() => inFlight.delete(outDir));
    inFlight.set(outDir, pending);
  }
  return pending;
}

async function build(request: GoBuildRequest, outDir: string): Promise<GoBuildResult> {
  const { toolchain, codeDir, cacheDir, debug } = request;
  const moduleRoot = findModuleRoot(codeDir);
  const flags = ['-tags', 'lambda.norpc', ...(debug ? ['-gcflags=all=-N -l'] : [])];
  const stamp = createHash('sha256')
    .update(JSON.stringify([toolchain.version, flags, sourceFingerprint(moduleRoot ?? codeDir)]))
    .digest('hex');
  const binary = join(outDir, `bootstrap${exe}`);
  const stampFile = join(outDir, 'build.stamp');
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
    return { binary, built: false };
  }

  mkdirSync(outDir, { recursive: true });
  const partial = join(outDir, `bootstrap.partial${exe}`);
  const targets = moduleRoot ? ['.'] : goFiles(codeDir);
  if (targets.length === 0) {
    throw new LaunchError(`No Go files in ${codeDir}: a Go function's CodeUri must hold its main package`, 'Runtime.BuildError');
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOCACHE: join(cacheDir, 'go', 'gocache'),
    // Lambda runs static binaries; without cgo no C compiler is needed either.
    CGO_ENABLED: '0',
  };
  // Cross-compilation settings from the shell would give a binary this machine cannot run.
  delete env.GOOS;
  delete env.GOARCH;
  if (moduleRoot && existsSync(join(moduleRoot, 'vendor', 'modules.txt'))) env.GOFLAGS = '-mod=vendor';

  const output = await new Promise<string | undefined>((done) => {
    execFile(
      toolchain.go,
      ['build', ...flags, '-o', partial, ...targets],
      { cwd: codeDir, env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => done(error ? `${stderr}${stdout}`.trim() || String(error) : undefined),
    );
  });
  if (output !== undefined) {
    rmSync(partial, { force: true });
    throw buildError(output, codeDir, moduleRoot);
  }
  renameSync(partial, binary);
  writeFileSync(stampFile, stamp);
  return { binary, built: true };
}

function goFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))
    .sort();
}

/** A LaunchError carrying the first compiler error's place (0-based line and column, like the editor's). */
export function buildError(output: string, codeDir: string, moduleRoot: string | undefined): LaunchError {
  const lines = output.split(/\r?\n/);
  const shown = lines.length > 40 ? [...lines.slice(0, 40), `... ${lines.length - 40} more lines`] : lines;
  let hint = '';
  if (/GOPROXY=off|cannot find module providing package|missing go\.sum entry/.test(output)) {
    hint =
      `\nThe build does not download modules: run 'go mod download' (or 'go mod vendor') in ${moduleRoot ?? codeDir} first.`;
  }
  for (const line of lines) {
    const match = /^(.+?\.go):(\d+)(?::(\d+))?: (.+)$/.exec(line.trim());
    if (!match) continue;
    const file = resolve(codeDir, match[1]);
    return new LaunchError(`go build failed: ${line.trim()}\n${shown.join('\n')}${hint}`, 'Runtime.BuildError', {
      file,
      line: Number(match[2]) - 1,
      column: match[3] ? Number(match[3]) - 1 : 0,
    });
  }
  return new LaunchError(`go build failed in ${codeDir}:\n${shown.join('\n')}${hint}`, 'Runtime.BuildError');
}
