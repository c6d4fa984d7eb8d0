import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildError } from './buildError';

/** One `make build-<LogicalId>` run, as `sam build` runs it for `Metadata: BuildMethod: makefile`. */
export interface MakefileRequest {
  /** The function's (or layer's) logical id: the target is `build-<logicalId>`. */
  logicalId: string;
  /** The folder CodeUri (or ContentUri) names, which holds the `Makefile`. */
  sourceDir: string;
  /** Emptied, then given to make as ARTIFACTS_DIR. */
  artifactsDir: string;
  /** The `make` to run (default: `make` on PATH). */
  make?: string;
  /** Environment the build sees (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** The lines make printed, kept for the message when it fails. */
const KEPT_LINES = 20;

/**
 * Runs `make --makefile <sourceDir>/Makefile build-<logicalId>` with ARTIFACTS_DIR set, in the source folder, and
 * resolves with make's output once the target succeeded. SAM runs it in a scratch copy of the folder; here the folder
 * itself is the working directory, so a Makefile that writes beside its sources leaves its files there.
 * Throws BuildError (`Workbench.BuildFailed`) naming the target and showing the end of make's output.
 */
export async function runMakefile(request: MakefileRequest): Promise<string> {
  const makefile = join(request.sourceDir, 'Makefile');
  const target = `build-${request.logicalId}`;
  if (!existsSync(makefile)) {
    throw new BuildError(
      `${request.logicalId}: BuildMethod makefile needs a file named Makefile in ${request.sourceDir} (with a ${target} target).`,
      'Workbench.BuildFailed',
    );
  }
  await rm(request.artifactsDir, { recursive: true, force: true });
  await mkdir(request.artifactsDir, { recursive: true });
  const make = request.make ?? 'make';
  return new Promise<string>((resolve, reject) => {
    const child = spawn(make, ['--makefile', makefile, target], {
      cwd: request.sourceDir,
      env: { ...(request.env ?? process.env), ARTIFACTS_DIR: request.artifactsDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? `'${make}' is not installed or not on PATH` : error.message;
      reject(new BuildError(`${request.logicalId}: cannot run ${target}: ${why}.`, 'Workbench.BuildFailed'));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output.trimEnd().split('\n').slice(-KEPT_LINES).join('\n');
      const how = signal ? `was stopped by ${signal}` : `exited with status ${code}`;
      reject(
        new BuildError(
          `${request.logicalId}: make ${target} ${how} (in ${request.sourceDir}):\n${tail}`,
          'Workbench.BuildFailed',
        ),
      );
    });
  });
}
