import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LaunchError } from '../errors';

const exe = process.platform === 'win32' ? '.exe' : '';

/** Runs a tool and resolves its stdout, or undefined when it does not start or fails. */
function answer(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 20_000, windowsHide: true }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
}

/** The Go toolchain a build runs. */
export interface GoToolchain {
  /** The `go` command to run. */
  go: string;
  /** e.g. go1.26.8: part of what decides whether a binary is current. */
  version: string;
}

const found = new Map<string, Promise<GoToolchain | undefined>>();

/** The Go toolchain (LAMBDA_WORKBENCH_GO or `go` on PATH); a LaunchError that says how to install it when absent. */
export async function findGo(explicit?: string): Promise<GoToolchain> {
  const go = explicit ?? (process.env.LAMBDA_WORKBENCH_GO || `go${exe}`);
  let pending = found.get(go);
  if (!pending) {
    pending = answer(go, ['env', 'GOVERSION']).then((version) => (version ? { go, version } : undefined));
    found.set(go, pending);
  }
  const toolchain = await pending;
  if (!toolchain) {
    found.delete(go);
    throw new LaunchError(
      `Go handlers are built locally with the Go toolchain, and '${go}' did not start. Install a current Go from ` +
        "https://go.dev/dl/ (aws-lambda-go needs Go 1.26 or later; Debian/Ubuntu's 'apt-get install golang-go' is often older) " +
        'or set LAMBDA_WORKBENCH_GO to the go binary.',
      'Runtime.InvalidEntrypoint',
    );
  }
  return toolchain;
}

/** Delve for debugging: LAMBDA_WORKBENCH_DLV, `dlv` on PATH, or the one `go install` put in GOPATH/bin. */
export async function findDlv(explicit?: string): Promise<string> {
  const candidates = [
    explicit ?? process.env.LAMBDA_WORKBENCH_DLV,
    `dlv${exe}`,
    process.env.GOPATH ? join(process.env.GOPATH, 'bin', `dlv${exe}`) : undefined,
    join(homedir(), 'go', 'bin', `dlv${exe}`),
  ].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) {
    if (candidate.includes('/') || candidate.includes('\\')) {
      if (!existsSync(candidate)) continue;
    }
    if (await answer(candidate, ['version'])) return candidate;
  }
  throw new LaunchError(
    'Debugging Go needs Delve (dlv), which was not found. Install it with ' +
      "'go install github.com/go-delve/delve/cmd/dlv@latest' (or 'apt-get install delve' on Debian/Ubuntu) or set LAMBDA_WORKBENCH_DLV to the dlv binary.",
    'Runtime.InvalidEntrypoint',
  );
}
