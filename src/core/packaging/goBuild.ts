import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Architecture, FunctionSpec } from '../model';
import { PackagingError } from './errors';
import type { ZipEntry } from './zipWriter';

export interface GoBuildOptions {
  /** The `go` executable; `go` on PATH by default. */
  goBinary?: string;
  /** Environment for the build (process.env by default); GOOS, GOARCH and CGO_ENABLED are always set over it. */
  env?: NodeJS.ProcessEnv;
}

const GOARCH: Record<Architecture, string> = { x86_64: 'amd64', arm64: 'arm64' };

/**
 * Cross-compiles the Go module in the function's code folder for Linux and the function's architecture into
 * `bootstrap`, as the provided.al2023 / provided.al2 runtimes run it. Built with -trimpath and an empty build id so
 * the same source gives the same binary.
 */
export async function buildGo(fn: FunctionSpec, options: GoBuildOptions = {}): Promise<ZipEntry[]> {
  if (fn.runtime === 'go1.x') {
    throw new PackagingError(`${fn.name}: the go1.x runtime is retired; set Runtime to provided.al2023 and Handler to bootstrap.`);
  }
  const arch = fn.architectures[0] ?? 'x86_64';
  const out = mkdtempSync(join(tmpdir(), 'lambda-workbench-go-'));
  const binary = join(out, 'bootstrap');
  const args = ['build', '-tags', 'lambda.norpc', '-trimpath', '-buildvcs=false', '-ldflags=-s -w -buildid=', '-o', binary, '.'];
  const env = { ...(options.env ?? process.env), GOOS: 'linux', GOARCH: GOARCH[arch], CGO_ENABLED: '0' };
  try {
    await run(options.goBinary ?? 'go', args, fn.codeDir, env, fn.name);
    return [{ path: 'bootstrap', data: readFileSync(binary), mode: 0o755 }];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, name: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (!error) return resolvePromise();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new PackagingError(
            `${name}: Go is needed to build this function but '${command}' was not found on PATH. ` +
              'Install Go (https://go.dev/dl/, or e.g. `apt-get install golang-go`) and try again.',
          ),
        );
        return;
      }
      const detail = String(stderr).trim() || error.message;
      reject(new PackagingError(`${name}: go build failed in ${cwd}:\n${detail}`, firstLocation(detail, cwd)));
    });
  });
}

/** The first `file.go:line:col:` of go's error output, so the editor can point at it. */
function firstLocation(output: string, cwd: string): { file: string; line: number; column: number } | undefined {
  const match = /^(?:\.\/)?([^\s:]+\.go):(\d+):(\d+):/m.exec(output);
  return match ? { file: join(cwd, match[1]), line: Number(match[2]) - 1, column: Number(match[3]) - 1 } : undefined;
}
