import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PythonLauncher } from '../../../src/core/runtime/launchers/python';
import { LaunchError } from '../../../src/core/errors';
import { debugpyPython } from './debugSession';
import { fixtureFunction, runtimesFixtures } from './fixtureFunction';

const work = mkdtempSync(join(tmpdir(), 'lwb-pylauncher-'));
const project = join(work, 'project');
const codeDir = join(project, 'functions', 'orders');
const venv = join(project, '.venv');
const cacheDir = join(work, 'cache');

before(() => {
  mkdirSync(codeDir, { recursive: true });
  cpSync(join(runtimesFixtures, 'python', 'app', 'app.py'), join(codeDir, 'app.py'));
  writeFileSync(join(project, 'template.yaml'), 'Resources: {}\n');
  // A venv with no pip and no system packages: quick to make, and it has no debugpy.
  execFileSync('python3', ['-m', 'venv', '--without-pip', venv], { timeout: 60_000 });
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('choosing the Python interpreter', { timeout: 120_000 }, () => {
  test('a .venv between the code folder and the template is used, with its own python', async () => {
    const fn = fixtureFunction('python/app', { codeDir, templatePath: join(project, 'template.yaml') });
    const plan = await new PythonLauncher().prepare(fn, { cacheDir });
    assert.equal(plan.command, join(venv, 'bin', 'python'));
    assert.equal(plan.env.VIRTUAL_ENV, venv);
    assert.match(plan.args[0], /clients[/\\]python[/\\]bootstrap\.py$/);
    assert.equal(plan.taskRoot, codeDir);
    assert.equal(plan.handler, 'app.handler');
  });

  test('a .venv above the template folder is not used', async () => {
    const fn = fixtureFunction('python/app', { codeDir, templatePath: join(codeDir, 'template.yaml') });
    const plan = await new PythonLauncher().prepare(fn, { cacheDir });
    assert.notEqual(plan.command, join(venv, 'bin', 'python'));
    assert.equal(plan.env.VIRTUAL_ENV, undefined);
  });

  test('debugging in a venv without debugpy says how to install it there', async () => {
    const fn = fixtureFunction('python/app', { codeDir, templatePath: join(project, 'template.yaml') });
    await assert.rejects(new PythonLauncher().prepare(fn, { cacheDir, debug: { port: 0 } }), (error: unknown) => {
      assert.ok(error instanceof LaunchError);
      assert.ok(error.message.includes(`needs debugpy in the virtual environment ${venv}`), error.message);
      assert.ok(error.message.includes(`'${join(venv, 'bin', 'python')} -m pip install debugpy'`), error.message);
      return true;
    });
  });

  test('a runtime whose python3.X is missing falls back to python3 with a warning', async () => {
    const plan = await new PythonLauncher().prepare(fixtureFunction('python/app', { runtime: 'python3.99' }), {
      cacheDir,
    });
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0], /^python3\.99 not found, using python3 3\.\d+\.\d+ \(.+\)$/);
  });

  test('an explicit interpreter that does not start is a LaunchError naming it', async () => {
    const missing = join(work, 'no-such-python');
    await assert.rejects(
      new PythonLauncher({ python: missing }).prepare(fixtureFunction('python/app', {}), { cacheDir }),
      (error: unknown) => {
        assert.ok(error instanceof LaunchError);
        assert.ok(error.message.includes(`'${missing}'`));
        assert.match(error.message, /LAMBDA_WORKBENCH_PYTHON/);
        return true;
      },
    );
  });

  test('a debug plan starts the client under debugpy on the port it reports', async () => {
    const fn = fixtureFunction('python/app', {});
    const plan = await new PythonLauncher({ python: debugpyPython() }).prepare(fn, { cacheDir, debug: { port: 0 } });
    assert.equal(plan.debug?.adapter, 'debugpy');
    assert.ok(plan.debug!.port > 0);
    assert.deepEqual(plan.args.slice(0, 5), [
      '-m',
      'debugpy',
      '--listen',
      `127.0.0.1:${plan.debug!.port}`,
      '--wait-for-client',
    ]);
  });
});
