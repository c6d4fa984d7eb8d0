import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { testFunction } from '../../support/functions';

/** A project folder with a virtualenv of its own (the function's packages are the user's to install there). */
function pythonProject(files: Record<string, string>): { dir: string; python: string; venv: string } {
  const dir = project(files);
  const venv = join(dir, '.venv');
  execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
  return { dir, venv, python: join(venv, 'bin', 'python') };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-missing-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('a missing third-party module: which one, the file that lists it, and the command that installs it', () => {
  const runtime = new LocalRuntime({ cacheDir: mkdtempSync(join(tmpdir(), 'lwb-missing-cache-')) });
  const dirs: string[] = [];
  after(async () => {
    await runtime.dispose();
    for (const dir of [runtime.cacheDir, ...dirs]) rmSync(dir, { recursive: true, force: true });
  });

  test('Node.js: listed in package.json but not installed', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'orders', dependencies: { 'left-pad': '^1.3.0' } }),
      'index.js': "const pad = require('left-pad');\nexports.handler = async () => pad('1', 3);\n",
    });
    dirs.push(dir);
    const result = await runtime.invoke(testFunction(dir, 'index.handler', { id: 'missing-listed' }));
    assert.equal(result.error?.errorType, 'Runtime.ImportModuleError');
    assert.ok(
      result.warnings.includes(
        `the module 'left-pad' is listed in ${join(dir, 'package.json')} but not installed: run 'npm install' in ${dir}`,
      ),
      result.warnings.join('\n'),
    );
  });

  test('Node.js: a scoped package that package.json does not list', async () => {
    const dir = project({
      'package.json': '{"name":"orders"}',
      'index.js': "const { v4 } = require('@acme/ids/v4');\nexports.handler = async () => v4();\n",
    });
    dirs.push(dir);
    const result = await runtime.invoke(testFunction(dir, 'index.handler', { id: 'missing-unlisted' }));
    assert.ok(
      result.warnings.includes(
        `the module '@acme/ids' is not in ${join(dir, 'package.json')}: add it with 'npm install @acme/ids' in ${dir}`,
      ),
      result.warnings.join('\n'),
    );
  });

  test('Python: listed in requirements.txt (by its PyPI name) but not installed in the venv', async () => {
    const { dir, python, venv } = pythonProject({
      'requirements.txt': 'boto3\nPyYAML==6.0.2\n',
      'app.py': 'import yaml\n\ndef handler(event, context):\n    return yaml.safe_dump(event)\n',
    });
    dirs.push(dir);
    const result = await runtime.invoke(
      testFunction(dir, 'app.handler', { id: 'missing-python', runtime: 'python3.11' }),
    );
    assert.equal(result.error?.errorType, 'Runtime.ImportModuleError');
    const file = join(dir, 'requirements.txt');
    assert.ok(
      result.warnings.includes(
        `the module 'yaml' is listed in ${file} but not installed: run '${python} -m pip install -r ${file}' (into the virtual environment ${venv})`,
      ),
      result.warnings.join('\n'),
    );
  });

  test('Python: not in requirements.txt', async () => {
    const { dir, python, venv } = pythonProject({
      'requirements.txt': 'pendulum\n',
      'app.py': 'from tabulate import tabulate\n\ndef handler(event, context):\n    return 1\n',
    });
    dirs.push(dir);
    const result = await runtime.invoke(
      testFunction(dir, 'app.handler', { id: 'missing-python-unlisted', runtime: 'python3.11' }),
    );
    const file = join(dir, 'requirements.txt');
    assert.ok(
      result.warnings.includes(
        `the module 'tabulate' is not in ${file}: add 'tabulate' to it and run '${python} -m pip install -r ${file}' (into the virtual environment ${venv})`,
      ),
      result.warnings.join('\n'),
    );
  });
});
