import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PackagingError } from './errors';
import { pipInstallArgs, readPythonManifest, requirementsHash, type PythonTarget } from './pythonRequirements';

export interface PythonDependenciesRequest {
  /** The interpreter that runs pip (for local runs, the one that runs the function). */
  python: string;
  /** Its version, e.g. [3, 11, 7]: part of the cache key. */
  pythonVersion: readonly number[];
  codeDir: string;
  target: PythonTarget;
  /** Installs go to <cacheDir>/python/<function key>-<target>/. */
  cacheDir: string;
  /** Environment of pip (process.env by default): the user's pip configuration and index apply. */
  env?: NodeJS.ProcessEnv;
  /** Called once before pip runs, since an install can take a while. */
  onInstall?: (message: string) => void;
}

export interface PythonDependencies {
  /** The folder holding the installed packages (what goes on sys.path, or into the zip). */
  dir: string;
  /** The file they were read from. */
  manifest: string;
  /** False when the folder already held these requirements. */
  installed: boolean;
  warnings: string[];
}

const inFlight = new Map<string, Promise<PythonDependencies | undefined>>();

/**
 * Installs a function's requirements (requirements.txt or pyproject.toml) into its own build folder with
 * `pip install --target`, as `sam build` does, and again only when the requirements change (the folder is stamped
 * with their hash). Undefined when the function declares no dependencies. Run, Debug, `serve` and deploy all get
 * their packages this way; only the platform differs (see pipInstallArgs).
 */
export async function installPythonDependencies(
  request: PythonDependenciesRequest,
): Promise<PythonDependencies | undefined> {
  const platform =
    request.target.kind === 'lambda'
      ? `lambda-${request.target.version.join('.')}-${request.target.architecture}`
      : 'host';
  const key = createHash('sha256').update(resolve(request.codeDir)).digest('hex').slice(0, 16);
  const dir = join(request.cacheDir, 'python', `${key}-${platform}`);
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = install(request, dir).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  return pending;
}

async function install(request: PythonDependenciesRequest, dir: string): Promise<PythonDependencies | undefined> {
  const manifest = await readPythonManifest(request.codeDir, request.python);
  if (!manifest) return undefined;
  const stamp = requirementsHash(manifest, request.target, request.pythonVersion);
  const stampFile = join(dir, 'requirements.sha256');
  const packages = join(dir, 'packages');
  const result = { dir: packages, manifest: manifest.file, warnings: manifest.warnings };
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { ...result, installed: false };

  request.onInstall?.(
    `Installing the packages of ${manifest.file} with pip (${request.target.kind === 'lambda' ? 'for Lambda' : 'for this machine'})...`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const requirementsFile = join(dir, 'requirements.txt');
  writeFileSync(requirementsFile, manifest.requirements);
  const partial = join(dir, 'packages.partial');
  await runPip(request, pipInstallArgs(requirementsFile, partial, request.target), manifest.file).catch(
    (error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    },
  );
  renameSync(partial, packages);
  writeFileSync(stampFile, stamp);
  return { ...result, installed: true };
}

function runPip(request: PythonDependenciesRequest, args: string[], manifest: string): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      request.python,
      args,
      {
        cwd: request.codeDir,
        env: request.env ?? process.env,
        timeout: 15 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return done();
        const output = `${stderr}${stdout}`.trim() || error.message;
        let hint = '';
        if (/No module named pip/.test(output))
          hint = `\nInstall pip for ${request.python} (python3 -m ensurepip, or apt-get install python3-pip).`;
        else if (request.target.kind === 'lambda' && /No matching distribution|Could not find a version/.test(output)) {
          hint =
            "\nLambda packages are built from binary wheels for its platform (manylinux2014, the function's Python version and architecture); a package without one must be built elsewhere, e.g. with sam build --use-container.";
        }
        fail(new PackagingError(`pip could not install the packages of ${manifest}:\n${output}${hint}`));
      },
    );
  });
}
