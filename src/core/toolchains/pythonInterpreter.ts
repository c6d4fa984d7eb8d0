import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FunctionSpec } from '../model';
import { LaunchError } from '../errors';

/** A Python interpreter that answered, and what it said about itself. */
export interface PythonInterpreter {
  /** Absolute path to start (a venv's own python when a venv is used, so its site-packages apply). */
  executable: string;
  /** e.g. [3, 11, 7]. */
  version: [number, number, number];
  /** The venv folder it belongs to, when one was found. */
  venv?: string;
}

export interface InterpreterChoice {
  interpreter: PythonInterpreter;
  warnings: string[];
}

const PROBE = 'import json, sys; print(json.dumps([sys.executable, list(sys.version_info[:3])]))';
const MIN_MINOR = 8;
const isWindows = process.platform === 'win32';

/** Runs `command -c PROBE`; undefined when it does not start or fails (e.g. a pyenv shim for a version not selected). */
export function probePython(command: string): Promise<PythonInterpreter | undefined> {
  return new Promise((done) => {
    execFile(command, ['-c', PROBE], { timeout: 15_000, windowsHide: true }, (error, stdout) => {
      if (error) return done(undefined);
      try {
        const [executable, version] = JSON.parse(stdout.trim()) as [string, [number, number, number]];
        done({ executable: executable || command, version });
      } catch {
        // Not the probe's JSON: not a usable Python, the next candidate is tried.
        done(undefined);
      }
    });
  });
}

/** `.venv` or `venv` in the code folder or a parent, up to the template's folder (or the code folder alone). */
export function findVenv(fn: FunctionSpec): string | undefined {
  const stop = resolve(fn.templatePath ? dirname(fn.templatePath) : fn.codeDir);
  let dir = resolve(fn.codeDir);
  for (;;) {
    for (const name of ['.venv', 'venv']) {
      const python = venvPython(join(dir, name));
      if (existsSync(python)) return join(dir, name);
    }
    const parent = dirname(dir);
    if (dir === stop || parent === dir || !dir.startsWith(stop)) return undefined;
    dir = parent;
  }
}

/** The virtualenv an interpreter path belongs to (the folder with pyvenv.cfg above its bin/ or Scripts/). */
export function venvOf(executable: string): string | undefined {
  if (!/[\\/]/.test(executable)) return undefined;
  const root = dirname(dirname(resolve(executable)));
  return existsSync(join(root, 'pyvenv.cfg')) ? root : undefined;
}

export function venvPython(venv: string): string {
  return isWindows ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
}

/** `python3.12` → [3, 12]; undefined for anything else. */
export function runtimeVersion(runtime: string): [number, number] | undefined {
  const match = /^python(\d+)\.(\d+)$/.exec(runtime);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function versionText(v: readonly number[]): string {
  return v.join('.');
}

/**
 * The interpreter for a function: an explicit one (option or LAMBDA_WORKBENCH_PYTHON), else the activated
 * virtualenv (VIRTUAL_ENV), else a venv next to the code, else `python3.X` of the runtime, else `python3` with a
 * warning. Throws LaunchError when none answers. A chosen interpreter inside a virtualenv counts as that venv.
 */
export async function choosePython(fn: FunctionSpec, explicit?: string): Promise<InterpreterChoice> {
  const wanted = runtimeVersion(fn.runtime);
  const warnings: string[] = [];
  const accept = (interpreter: PythonInterpreter, what: string, fallback?: string): InterpreterChoice => {
    if (interpreter.version[0] !== 3 || interpreter.version[1] < MIN_MINOR) {
      throw new LaunchError(
        `${what} is Python ${versionText(interpreter.version)}; the local runtime needs Python 3.${MIN_MINOR} or later`,
        'Runtime.InvalidEntrypoint',
      );
    }
    if (fallback) {
      warnings.push(
        `${fallback} not found, using ${what} ${versionText(interpreter.version)} (${interpreter.executable})`,
      );
    } else if (wanted && (interpreter.version[0] !== wanted[0] || interpreter.version[1] !== wanted[1])) {
      warnings.push(`${fn.runtime} runs here on ${what}, Python ${versionText(interpreter.version)}`);
    }
    return { interpreter, warnings };
  };

  if (explicit) {
    const found = await probePython(explicit);
    if (!found) {
      throw new LaunchError(
        `The Python interpreter '${explicit}' (from the launcher setting or LAMBDA_WORKBENCH_PYTHON) did not start: check the path`,
        'Runtime.InvalidEntrypoint',
      );
    }
    const chosenVenv = venvOf(explicit);
    return accept(chosenVenv ? { ...found, executable: explicit, venv: chosenVenv } : found, explicit);
  }

  // A virtualenv activated in the shell that started us is the user's choice too.
  const active =
    process.env.VIRTUAL_ENV && existsSync(venvPython(process.env.VIRTUAL_ENV)) ? process.env.VIRTUAL_ENV : undefined;
  const venv = active ?? findVenv(fn);
  if (venv) {
    const python = venvPython(venv);
    const found = await probePython(python);
    if (!found) {
      throw new LaunchError(
        `The virtual environment ${venv} is broken: ${python} did not start. Recreate it.`,
        'Runtime.InvalidEntrypoint',
      );
    }
    // sys.executable of a venv may resolve past its symlink; the venv's own path keeps its site-packages.
    return accept({ ...found, executable: python, venv }, `the virtual environment ${venv}`);
  }

  const preferred = wanted ? `python${wanted[0]}.${wanted[1]}` : undefined;
  if (preferred) {
    const found = await probePython(preferred);
    if (found) return accept(found, preferred);
  }
  for (const command of isWindows ? ['python', 'py'] : ['python3', 'python']) {
    const found = await probePython(command);
    if (found) return accept(found, command, preferred);
  }
  throw new LaunchError(
    `No Python interpreter found for ${fn.runtime}: install ${preferred ?? 'python3'} (e.g. apt-get install python3, or python.org), ` +
      'create a .venv next to the code, or set LAMBDA_WORKBENCH_PYTHON to an interpreter',
    'Runtime.InvalidEntrypoint',
  );
}
