import { execFile } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import type { FunctionSpec } from '../../model';
import { PackagingError } from '../../packaging/errors';
import { installPythonDependencies } from '../../packaging/pythonDependencies';
import { LaunchError } from '../../errors';
import type { LaunchOptions, LaunchPlan, RuntimeLauncher } from '../types';
import { sourceClientPath } from './clientPath';
import { debugPort } from './freePort';
import { choosePython, runtimeVersion, type PythonInterpreter } from '../../toolchains/pythonInterpreter';
import { pythonRuntimeSdk } from './pythonRuntimeSdk';

export interface PythonLauncherOptions {
  /** An interpreter to use for every Python function (else LAMBDA_WORKBENCH_PYTHON, a venv, or python3.X). */
  python?: string;
}

/**
 * Starts Python functions on the project's runtime client (src/clients/python/bootstrap.py) under the function's
 * own interpreter. With a debug request the client runs under debugpy, listening on 127.0.0.1 and (by default)
 * waiting for the debugger before the handler module is imported; VS Code's Python debugger attaches with
 * `{ "type": "debugpy", "request": "attach", "connect": { "host": "127.0.0.1", "port": <port> } }`.
 * A function's requirements.txt / pyproject.toml dependencies are installed for the interpreter into a build
 * folder on its PYTHONPATH, unless it runs in the user's virtualenv, which then provides them.
 */
export class PythonLauncher implements RuntimeLauncher {
  readonly name = 'python';

  constructor(private readonly options: PythonLauncherOptions = {}) {}

  matches(fn: FunctionSpec): boolean {
    return /^python\d/.test(fn.runtime);
  }

  async prepare(fn: FunctionSpec, options: LaunchOptions): Promise<LaunchPlan> {
    const explicit = this.options.python ?? (process.env.LAMBDA_WORKBENCH_PYTHON || undefined);
    const { interpreter, warnings } = await choosePython(fn, explicit);
    const bootstrap = sourceClientPath('python', 'bootstrap.py');
    const env: Record<string, string> = {
      PYTHONUNBUFFERED: '1',
      // Lambda's Python runtimes read and write UTF-8 whatever the host's locale says.
      PYTHONIOENCODING: 'utf-8',
      // Lambda's task root is read-only; writing no __pycache__ also keeps the user's folders as they were.
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const sdk = await pythonRuntimeSdk(fn, interpreter, options.cacheDir, options.onProgress ?? (() => undefined));
    if (sdk.path) env.LAMBDA_WORKBENCH_RUNTIME_PACKAGES = sdk.path;
    if (sdk.warning) warnings.push(sdk.warning);
    if (interpreter.venv) {
      // The user's virtualenv holds the function's packages: nothing is installed over it.
      env.VIRTUAL_ENV = interpreter.venv;
      env.PATH = `${dirname(interpreter.executable)}${delimiter}${process.env.PATH ?? ''}`;
    } else {
      const packages = await installPythonDependencies({
        python: interpreter.executable,
        pythonVersion: interpreter.version,
        codeDir: fn.codeDir,
        target: { kind: 'host' },
        cacheDir: options.cacheDir,
      }).catch((error: unknown) => {
        throw error instanceof PackagingError ? new LaunchError(error.message, 'Runtime.BuildError') : error;
      });
      if (packages) {
        // After the task root, as the packages `sam build` puts beside the code come after it on Lambda's sys.path.
        env.PYTHONPATH = [packages.dir, fn.environment.PYTHONPATH].filter(Boolean).join(delimiter);
        warnings.push(...packages.warnings);
      }
    }
    const plan: LaunchPlan = {
      command: interpreter.executable,
      args: [bootstrap],
      cwd: fn.codeDir,
      taskRoot: fn.codeDir,
      handler: fn.handler,
      env,
      warnings,
      runtimeVersion: ranVersion(fn, interpreter),
    };
    if (!options.debug) return plan;

    await requireDebugpy(interpreter);
    const port = await debugPort(options.debug.port);
    const wait = options.debug.waitForAttach !== false ? ['--wait-for-client'] : [];
    return {
      ...plan,
      args: ['-m', 'debugpy', '--listen', `127.0.0.1:${port}`, ...wait, bootstrap],
      debug: { port, adapter: 'debugpy' },
    };
  }
}

/** The Python that runs the function, as Lambda names runtime versions (`python:3.11.9`), and whether it is the declared one. */
function ranVersion(fn: FunctionSpec, interpreter: PythonInterpreter): NonNullable<LaunchPlan['runtimeVersion']> {
  const [major, minor] = interpreter.version;
  const declared = runtimeVersion(fn.runtime);
  return {
    name: `python:${interpreter.version.join('.')}`,
    matchesDeclared: declared?.[0] === major && declared[1] === minor,
  };
}

/** Throws a LaunchError that says how to install debugpy when the function's interpreter cannot import it. */
export function requireDebugpy(interpreter: PythonInterpreter): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(interpreter.executable, ['-c', 'import debugpy'], { timeout: 15_000, windowsHide: true }, (error) => {
      if (!error) return resolve();
      const where = interpreter.venv ? `the virtual environment ${interpreter.venv}` : interpreter.executable;
      reject(
        new LaunchError(
          `Debugging Python needs debugpy in ${where} (Python ${interpreter.version.join('.')}): ` +
            `install it with '${interpreter.executable} -m pip install debugpy'` +
            ' (offline: add --no-index --find-links <folder with the debugpy wheel>)',
          'Runtime.InvalidEntrypoint',
        ),
      );
    });
  });
}
