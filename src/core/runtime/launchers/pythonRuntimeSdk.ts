import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '../../model';
import type { PythonInterpreter } from '../../toolchains/pythonInterpreter';

function run(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: 10 * 60_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}`.trim() }),
    );
  });
}

const FIND_SDK =
  "import importlib.util as u, sys; sys.exit(0 if u.find_spec('boto3') and u.find_spec('botocore') else 1)";
/** Interpreters known to have boto3: asked once. */
const hasSdk = new Set<string>();
/** Installs under way in this process, by folder: instances starting together share one pip run. */
const installing = new Map<string, Promise<{ path?: string; warning?: string }>>();

/** `boto3==X` pinned by the project's requirements file next to the code or the template, if any. */
export function pinnedBoto3(fn: FunctionSpec): string | undefined {
  const folders = [fn.codeDir, ...(fn.templatePath ? [dirname(fn.templatePath)] : [])];
  for (const folder of folders) {
    for (const name of ['requirements.txt', 'requirements-dev.txt']) {
      const file = join(folder, name);
      if (!existsSync(file)) continue;
      const pin = /^\s*boto3\s*==\s*([\w.]+)/im.exec(readFileSync(file, 'utf8'))?.[1];
      if (pin) return pin;
    }
  }
  return undefined;
}

/**
 * Lambda's Python runtimes include boto3 and botocore. A function whose interpreter (a venv, say) lacks them gets
 * them from a cache folder put at the end of the import path (after the function's own packages, as /var/runtime is
 * on Lambda): the version its requirements file pins, else the newest. Installed once with pip --target, saying so
 * through `progress`; the user's environment is never written. Returns the folder, or a warning when it cannot.
 */
export async function pythonRuntimeSdk(
  fn: FunctionSpec,
  interpreter: PythonInterpreter,
  cacheDir: string,
  progress: (text: string) => void,
): Promise<{ path?: string; warning?: string }> {
  if (hasSdk.has(interpreter.executable)) return {};
  // find_spec looks without importing botocore (which alone takes a noticeable part of a second).
  if ((await run(interpreter.executable, ['-c', FIND_SDK])).ok) {
    hasSdk.add(interpreter.executable);
    return {};
  }
  const version = pinnedBoto3(fn);
  const [major, minor] = interpreter.version;
  const dir = join(cacheDir, 'runtime-sdk', `python${major}.${minor}`, `boto3-${version ?? 'latest'}`);
  if (existsSync(join(dir, '.complete'))) return { path: dir };
  const spec = version ? `boto3==${version}` : 'boto3';
  let install = installing.get(dir);
  if (!install) {
    const where = interpreter.venv ? `the virtual environment ${interpreter.venv}` : interpreter.executable;
    progress(
      `${fn.name}: ${where} has no boto3, which Lambda's ${fn.runtime} runtime includes: installing ${spec} into ${dir} (once; your environment is not changed)...`,
    );
    install = installSdk(fn, interpreter, dir, spec).finally(() => installing.delete(dir));
    installing.set(dir, install);
    const done = await install;
    if (done.path) progress(`${fn.name}: ${spec} installed for the ${fn.runtime} runtime in ${dir}`);
    return done;
  }
  return install;
}

/**
 * Installs into a folder of this attempt's own (another editor window or CLI may be installing the same SDK), then
 * moves it into place; when another attempt got there first, its complete folder is kept.
 */
async function installSdk(
  fn: FunctionSpec,
  interpreter: PythonInterpreter,
  dir: string,
  spec: string,
): Promise<{ path?: string; warning?: string }> {
  const [major, minor] = interpreter.version;
  const partial = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  await mkdir(partial, { recursive: true });
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '--target',
    partial,
    spec,
  ];
  let result = await run(interpreter.executable, args);
  // A venv made without pip: another interpreter of the same version installs the pure-Python SDK just as well.
  if (!result.ok && /No module named pip/.test(result.output)) result = await run(`python${major}.${minor}`, args);
  if (!result.ok) {
    await rm(partial, { recursive: true, force: true });
    const reason = result.output.split('\n').slice(-2).join(' ');
    return {
      warning: `boto3 is not available to ${fn.name}: installing ${spec} failed (${reason}); install it yourself with '${interpreter.executable} -m pip install ${spec}'`,
    };
  }
  await writeFile(join(partial, '.complete'), spec);
  if (existsSync(join(dir, '.complete'))) {
    await rm(partial, { recursive: true, force: true });
    return { path: dir };
  }
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return { path: dir };
}
