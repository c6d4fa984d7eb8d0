import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Architecture, FunctionSpec } from '../model';
import type { GoToolchain } from '../toolchains/goToolchain';
import { PackagingError } from './errors';
import { findModuleRoot, goFiles, goMainPackage, sourceFingerprint } from './goSources';

export interface GoBuildRequest {
  toolchain: GoToolchain;
  /** The function's code folder (SAM's CodeUri, or the serverless service folder). */
  codeDir: string;
  /** The function's handler: `bootstrap` (SAM), the go1.x binary name, or serverless' `bin/<name>`. */
  handler: string;
  /** `lambda` cross-compiles for Linux on the function's architecture (deploy); `host` builds for this machine (Run). */
  target: 'lambda' | 'host';
  architecture: Architecture;
  /** Build without optimisations or inlining, for Delve. */
  debug: boolean;
  /** Binaries go to <cacheDir>/go/<key>/bootstrap. */
  cacheDir: string;
  /** Environment of the build (process.env by default): the user's GOPROXY, GOFLAGS, GOCACHE... are honoured. */
  env?: NodeJS.ProcessEnv;
}

/** What a function says about its build: its code folder, its handler, and its architecture (x86_64 by default). */
export function goBuildSource(fn: FunctionSpec): Pick<GoBuildRequest, 'codeDir' | 'handler' | 'architecture'> {
  return { codeDir: fn.codeDir, handler: fn.handler, architecture: fn.architectures[0] ?? 'x86_64' };
}

export interface GoBuildResult {
  /** The built executable, named bootstrap as Lambda's provided runtimes expect. */
  binary: string;
  /** False when the previous binary was still current. */
  built: boolean;
}

const GOARCH: Record<Architecture, string> = { x86_64: 'amd64', arm64: 'arm64' };
const exe = (target: GoBuildRequest['target']) => (target === 'host' && process.platform === 'win32' ? '.exe' : '');
const inFlight = new Map<string, Promise<GoBuildResult>>();

/**
 * The flags of every Go build, as SAM builds provided.al2023 / provided.al2 and `BuildMethod: go1.x` functions and
 * as AWS documents it: `-tags lambda.norpc` (no go1.x RPC server in the binary). No VCS stamp and an empty build id,
 * so the same sources give the same binary and deploy can tell an unchanged function. Debug builds add
 * `-gcflags=all=-N -l` so Delve stops on the lines the user marked.
 */
export function goBuildFlags(debug: boolean): string[] {
  return ['-tags', 'lambda.norpc', '-buildvcs=false', '-ldflags=-buildid=', ...(debug ? ['-gcflags=all=-N -l'] : [])];
}

/**
 * The one Go build behind Run, Debug, `serve` and deploy: `CGO_ENABLED=0 go build <goBuildFlags> -o bootstrap`
 * of the function's main package, for Linux on the function's architecture (deploy) or for this machine (local
 * runs). Cached per function and target, and rebuilt only when a Go source, go.mod or go.sum changed. Modules are
 * fetched the way the user's `go build` fetches them (their GOPROXY and GOFLAGS apply).
 */
export function buildGo(request: GoBuildRequest): Promise<GoBuildResult> {
  const pkg = goMainPackage(request.codeDir, request.handler);
  const platform = request.target === 'lambda' ? `linux-${GOARCH[request.architecture]}` : 'host';
  const key = createHash('sha256')
    .update(`${resolve(request.codeDir)}\0${pkg}`)
    .digest('hex')
    .slice(0, 16);
  const outDir = join(request.cacheDir, 'go', `${key}-${platform}${request.debug ? '-debug' : ''}`);
  let pending = inFlight.get(outDir);
  if (!pending) {
    pending = build(request, pkg, outDir).finally(() => inFlight.delete(outDir));
    inFlight.set(outDir, pending);
  }
  return pending;
}

async function build(request: GoBuildRequest, pkg: string, outDir: string): Promise<GoBuildResult> {
  const { toolchain, codeDir, target } = request;
  const moduleRoot = findModuleRoot(codeDir);
  const flags = goBuildFlags(request.debug);
  const env: NodeJS.ProcessEnv = { ...(request.env ?? process.env), CGO_ENABLED: '0' };
  if (target === 'lambda') {
    env.GOOS = 'linux';
    env.GOARCH = GOARCH[request.architecture];
  } else {
    // Cross-compilation settings from the shell would give a binary this machine cannot run.
    delete env.GOOS;
    delete env.GOARCH;
  }
  const stamp = createHash('sha256')
    .update(JSON.stringify([toolchain.version, flags, env.GOOS, env.GOARCH, sourceFingerprint(moduleRoot ?? codeDir)]))
    .digest('hex');
  const binary = join(outDir, `bootstrap${exe(target)}`);
  const stampFile = join(outDir, 'build.stamp');
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
    return { binary, built: false };

  // Outside any module Go builds the listed files (GOPATH-less, standard library only).
  const targets = moduleRoot ? [pkg] : goFiles(codeDir);
  if (targets.length === 0)
    throw new PackagingError(`No Go files in ${codeDir}: a Go function's CodeUri must hold its main package.`);
  mkdirSync(outDir, { recursive: true });
  const partial = join(outDir, `bootstrap.partial${exe(target)}`);
  await runGo(toolchain.go, ['build', ...flags, '-o', partial, ...targets], codeDir, env).catch((error: unknown) => {
    rmSync(partial, { force: true });
    throw error;
  });
  renameSync(partial, binary);
  writeFileSync(stampFile, stamp);
  return { binary, built: true };
}

function runGo(go: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      go,
      args,
      { cwd, env, timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return done();
        fail(goBuildError(`${stderr}${stdout}`.trim() || String(error), cwd));
      },
    );
  });
}

/** A PackagingError for go's output, carrying the first compiler error's place (0-based, like the editor's). */
export function goBuildError(output: string, codeDir: string): PackagingError {
  const lines = output.split(/\r?\n/);
  const shown = lines.length > 40 ? [...lines.slice(0, 40), `... ${lines.length - 40} more lines`] : lines;
  let hint = '';
  if (
    /GOPROXY=off|GOFLAGS=-mod=mod|cannot find module providing package|missing go\.sum entry|dial tcp|no such host/.test(
      output,
    )
  ) {
    hint = `\nGo could not get the modules this function needs: run 'go mod tidy' in ${findModuleRoot(codeDir) ?? codeDir} and check that the Go module proxy (GOPROXY) is reachable.`;
  }
  for (const line of lines) {
    const match = /^(.+?\.go):(\d+)(?::(\d+))?: (.+)$/.exec(line.trim());
    if (!match) continue;
    const location = {
      file: resolve(codeDir, match[1]),
      line: Number(match[2]) - 1,
      column: match[3] ? Number(match[3]) - 1 : 0,
    };
    return new PackagingError(`go build failed in ${codeDir}:\n${shown.join('\n')}${hint}`, location);
  }
  return new PackagingError(`go build failed in ${codeDir}:\n${shown.join('\n')}${hint}`);
}
