import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Architecture } from '../model';
import { PackagingError } from './errors';

/** What a function's code folder says it depends on. */
export interface PythonManifest {
  /** The file the dependencies come from (requirements.txt or pyproject.toml). */
  file: string;
  /** requirements.txt lines for pip (for pyproject.toml, its [project] dependencies). */
  requirements: string;
  /** Things the user should know, e.g. Poetry dependencies that pip does not read. */
  warnings: string[];
}

/** Who the dependencies are installed for: the interpreter that runs them here, or Lambda's platform. */
export type PythonTarget = { kind: 'host' } | { kind: 'lambda'; version: [number, number]; architecture: Architecture };

const PYPROJECT_DEPENDENCIES =
  'import json, sys, tomllib\n' +
  'data = tomllib.load(open(sys.argv[1], "rb"))\n' +
  'print(json.dumps([data.get("project", {}).get("dependencies", []), "dependencies" in data.get("tool", {}).get("poetry", {})]))';

/**
 * The dependencies of a Python function, as SAM reads them: `requirements.txt` in the code folder, else the
 * `[project] dependencies` of a `pyproject.toml` (read with the interpreter's tomllib). Undefined when it has none.
 */
export async function readPythonManifest(codeDir: string, python: string): Promise<PythonManifest | undefined> {
  const requirements = join(codeDir, 'requirements.txt');
  if (existsSync(requirements)) {
    const text = readFileSync(requirements, 'utf8');
    return hasRequirement(text) ? { file: requirements, requirements: text, warnings: [] } : undefined;
  }
  const pyproject = join(codeDir, 'pyproject.toml');
  if (!existsSync(pyproject)) return undefined;
  const [dependencies, poetry] = await new Promise<[string[], boolean]>((done, fail) => {
    execFile(
      python,
      ['-c', PYPROJECT_DEPENDENCIES, pyproject],
      { timeout: 30_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          return fail(
            new PackagingError(
              `Cannot read the dependencies of ${pyproject} with ${python} (it needs Python 3.11+ for tomllib):\n${String(stderr).trim() || error.message}`,
            ),
          );
        }
        done(JSON.parse(stdout) as [string[], boolean]);
      },
    );
  });
  const warnings = poetry
    ? [
        `${pyproject}: Poetry's [tool.poetry.dependencies] are not installed; export them with 'poetry export -o requirements.txt' as for SAM.`,
      ]
    : [];
  return { file: pyproject, requirements: dependencies.join('\n') + '\n', warnings };
}

function hasRequirement(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.replace(/#.*/, '').trim() !== '');
}

/** The cache key of an install: the requirements and who they are installed for. */
export function requirementsHash(
  manifest: PythonManifest,
  target: PythonTarget,
  interpreterVersion: readonly number[],
): string {
  return createHash('sha256')
    .update(JSON.stringify([manifest.requirements, target, interpreterVersion.slice(0, 2)]))
    .digest('hex');
}

/**
 * pip's arguments to install the requirements file into a folder. For Lambda: binary wheels for the function's
 * Python version on manylinux2014 for its architecture, as SAM builds them, so a deploy from any machine uploads
 * code Lambda can import. For local runs: the platform of the interpreter that runs the function, since a wheel
 * compiled for another Python version or OS could not be imported by it.
 */
export function pipInstallArgs(requirementsFile: string, targetDir: string, target: PythonTarget): string[] {
  const args = [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--quiet',
    '--target',
    targetDir,
    '-r',
    requirementsFile,
  ];
  if (target.kind === 'lambda') {
    const machine = target.architecture === 'arm64' ? 'aarch64' : 'x86_64';
    args.push(
      '--platform',
      `manylinux2014_${machine}`,
      '--implementation',
      'cp',
      '--python-version',
      target.version.join('.'),
      '--only-binary=:all:',
    );
  }
  return args;
}
