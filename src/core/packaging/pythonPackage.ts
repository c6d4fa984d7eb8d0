import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../model';
import { probePython, runtimeVersion } from '../toolchains/pythonInterpreter';
import { collectFiles } from './collectFiles';
import { PackagingError } from './errors';
import { installPythonDependencies } from './pythonDependencies';
import type { ZipEntry } from './zipWriter';

export interface PythonPackageOptions {
  /** The interpreter that runs pip: LAMBDA_WORKBENCH_PYTHON, else `python3` on PATH. */
  python?: string;
  /** Where installed packages are kept between deploys (a folder under the system's temp folder by default). */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Told before pip runs. */
  onInstall?: (message: string) => void;
}

/**
 * The zip entries of a Python function as `sam build` lays them out: the packages of its requirements, installed
 * for Lambda's platform (the runtime's Python version, manylinux2014 on the function's architecture), with the
 * code folder on top of them.
 */
export async function pythonPackageEntries(
  fn: FunctionSpec,
  options: PythonPackageOptions = {},
): Promise<{ entries: ZipEntry[]; warnings: string[] }> {
  const code = collectFiles(fn.codeDir);
  const version = runtimeVersion(fn.runtime);
  const declares = ['requirements.txt', 'pyproject.toml'].some((name) => existsSync(join(fn.codeDir, name)));
  if (!version || !declares) return { entries: code, warnings: [] };
  const python =
    options.python ?? (process.env.LAMBDA_WORKBENCH_PYTHON || (process.platform === 'win32' ? 'python' : 'python3'));
  const interpreter = await probePython(python);
  if (!interpreter) {
    throw new PackagingError(
      `${fn.name}: Python is needed to install the function's packages with pip, but '${python}' did not start. Install Python 3 or set LAMBDA_WORKBENCH_PYTHON.`,
    );
  }
  try {
    const packages = await installPythonDependencies({
      python: interpreter.executable,
      pythonVersion: interpreter.version,
      codeDir: fn.codeDir,
      target: { kind: 'lambda', version, architecture: fn.architectures[0] ?? 'x86_64' },
      cacheDir: options.cacheDir ?? join(tmpdir(), 'lambda-workbench-build'),
      env: options.env,
      onInstall: options.onInstall,
    });
    if (!packages) return { entries: code, warnings: [] };
    const own = new Set(code.map((entry) => entry.path));
    const installed = collectFiles(packages.dir).filter((entry) => !own.has(entry.path));
    return { entries: [...installed, ...code], warnings: packages.warnings };
  } catch (error) {
    if (error instanceof PackagingError) throw new PackagingError(`${fn.name}: ${error.message}`, error.location);
    throw error;
  }
}
