import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FunctionSpec } from '../model';
import { findVenv, venvPython } from '../toolchains/pythonInterpreter';
import type { InvocationResult } from './types';

/** Import names whose distribution on PyPI is named otherwise. */
const PYPI_NAMES: Record<string, string> = {
  yaml: 'pyyaml',
  PIL: 'pillow',
  jwt: 'pyjwt',
  dateutil: 'python-dateutil',
  bs4: 'beautifulsoup4',
  dotenv: 'python-dotenv',
  cv2: 'opencv-python',
  sklearn: 'scikit-learn',
  jose: 'python-jose',
  aws_xray_sdk: 'aws-xray-sdk',
  aws_lambda_powertools: 'aws-lambda-powertools',
};

/** The first file named `name` in the code folder or a parent, up to the template's folder. */
function findUp(fn: FunctionSpec, name: string): string | undefined {
  const stop = resolve(fn.templatePath ? dirname(fn.templatePath) : fn.codeDir);
  for (let dir = resolve(fn.codeDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dir === stop || dirname(dir) === dir || !dir.startsWith(stop)) return undefined;
  }
}

const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

function nodeHint(fn: FunctionSpec, specifier: string): string {
  const parts = specifier.split('/');
  const pkg = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const manifest = findUp(fn, 'package.json');
  if (!manifest)
    return `the module '${pkg}' is not installed and ${fn.codeDir} has no package.json: run 'npm install ${pkg}' there`;
  let listed: boolean;
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
    listed = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].some(
      (key) => json[key]?.[pkg] !== undefined,
    );
  } catch {
    // An unreadable package.json lists nothing: the hint then says to install the module by name.
    listed = false;
  }
  return listed
    ? `the module '${pkg}' is listed in ${manifest} but not installed: run 'npm install' in ${dirname(manifest)}`
    : `the module '${pkg}' is not in ${manifest}: add it with 'npm install ${pkg}' in ${dirname(manifest)}`;
}

function pythonHint(fn: FunctionSpec, module: string): string {
  const top = module.split('.')[0];
  const distribution = PYPI_NAMES[top] ?? top;
  const venv = findVenv(fn);
  const python = venv ? venvPython(venv) : 'python3';
  const requirements = findUp(fn, 'requirements.txt');
  const listed =
    requirements !== undefined &&
    readFileSync(requirements, 'utf8')
      .split('\n')
      .some((line) => normalise(/^\s*([A-Za-z0-9][\w.-]*)/.exec(line)?.[1] ?? '') === normalise(distribution));
  const into = venv ? ` (into the virtual environment ${venv})` : '';
  if (listed)
    return `the module '${top}' is listed in ${requirements} but not installed: run '${python} -m pip install -r ${requirements}'${into}`;
  if (requirements)
    return `the module '${top}' is not in ${requirements}: add '${distribution}' to it and run '${python} -m pip install -r ${requirements}'${into}`;
  return `the module '${top}' is not installed and there is no requirements.txt: run '${python} -m pip install ${distribution}'${into}`;
}

/**
 * For a result that failed because a third-party module is missing (Runtime.ImportModuleError, or an error raised
 * while importing), what to do: the module, the requirements file or package.json that lists it (or should), and
 * the command that installs it.
 */
export function missingModuleHint(fn: FunctionSpec, result: InvocationResult): string | undefined {
  if (result.status === 'success') return undefined;
  const message = `${result.error?.errorMessage ?? ''}`;
  const node = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (node && fn.runtime.startsWith('nodejs') && !/^[./]/.test(node) && !node.startsWith('node:'))
    return nodeHint(fn, node);
  const python = /No module named '([^']+)'/.exec(message)?.[1];
  if (python && /^python/.test(fn.runtime)) return pythonHint(fn, python);
  return undefined;
}
