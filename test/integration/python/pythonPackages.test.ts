import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, test } from 'node:test';
import { packageFunction } from '../../../src/core/build';
import { installPythonDependencies, readPythonManifest, readZip } from '../../../src/core/packaging';
import { PythonLauncher } from '../../../src/core/runtime/launchers/python';
import { probePython } from '../../../src/core/toolchains/pythonInterpreter';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { fixtureFunction, json, runtimesFixtures } from './fixtureFunction';

const work = mkdtempSync(join(tmpdir(), 'lwb-pypkg-'));
const cacheDir = join(work, 'cache');
const runtime = new LocalRuntime({ cacheDir, maxConcurrency: 2 });
after(async () => {
  await runtime.dispose();
  rmSync(work, { recursive: true, force: true });
});

const packagesFn = (overrides: Parameters<typeof fixtureFunction>[1] = {}) =>
  fixtureFunction('python/packages', { name: 'PythonWithPackages', timeout: 60, ...overrides });

/** A copy of the fixture whose requirements a test may change. */
function copyOfFixture(name: string): string {
  const dir = join(work, name);
  cpSync(join(runtimesFixtures, 'python', 'packages'), dir, { recursive: true });
  return dir;
}

describe('Python packages from requirements.txt, installed as sam build installs them', { timeout: 600_000 }, () => {
  test('a function with requirements.txt gets its package from PyPI in its own build folder, and runs', async () => {
    const result = await runtime.invoke(packagesFn(), JSON.stringify({ name: 'order_line_item' }));
    assert.equal(result.status, 'success', result.payload.toString());
    const body = json(result.payload);
    assert.equal(body.title, 'Order Line Item');
    assert.equal(body.plural, 'order_line_items');
    assert.ok(body.module.startsWith(join(cacheDir, 'python') + sep), `inflection came from ${body.module}`);
  });

  test('the packages are installed again only when the requirements change', async () => {
    const codeDir = copyOfFixture('changing');
    const interpreter = (await probePython('python3'))!;
    const request = {
      python: interpreter.executable,
      pythonVersion: interpreter.version,
      codeDir,
      target: { kind: 'host' } as const,
      cacheDir,
    };
    assert.equal((await installPythonDependencies(request))?.installed, true);
    assert.equal((await installPythonDependencies(request))?.installed, false);
    writeFileSync(
      join(codeDir, 'app.py'),
      'def handler(event, context):\n    return "edited code, same requirements"\n',
    );
    assert.equal((await installPythonDependencies(request))?.installed, false);
    writeFileSync(join(codeDir, 'requirements.txt'), 'inflection==0.5.0\n');
    const changed = await installPythonDependencies(request);
    assert.equal(changed?.installed, true);
    const version = execFileSync(interpreter.executable, ['-c', 'import inflection; print(inflection.__version__)'], {
      env: { ...process.env, PYTHONPATH: changed!.dir },
      encoding: 'utf8',
    });
    assert.equal(version.trim(), '0.5.0');
  });

  test('a requirement pip cannot satisfy is a build error naming the requirements file', async () => {
    const codeDir = copyOfFixture('unsatisfiable');
    writeFileSync(join(codeDir, 'requirements.txt'), 'inflection==0.0.404\n');
    const result = await runtime.invoke(packagesFn({ name: 'Unsatisfiable', id: 'unsatisfiable', codeDir }), '{}');
    assert.equal(result.status, 'error');
    assert.equal(result.error?.errorType, 'Runtime.BuildError');
    assert.match(
      String(result.error?.errorMessage),
      new RegExp(
        `pip could not install the packages of ${codeDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.requirements\\.txt:\\n.*inflection==0\\.0\\.404`,
        's',
      ),
    );
  });

  test("the user's virtualenv is honoured: it provides the packages and nothing is installed over it", async () => {
    const project = join(work, 'with-venv');
    const codeDir = join(project, 'fn');
    mkdirSync(project, { recursive: true });
    cpSync(join(runtimesFixtures, 'python', 'packages'), codeDir, { recursive: true });
    writeFileSync(join(project, 'template.yaml'), 'Resources: {}\n');
    execFileSync('python3', ['-m', 'venv', '--without-pip', join(project, '.venv')], { timeout: 60_000 });
    const fn = packagesFn({ codeDir, templatePath: join(project, 'template.yaml') });
    const plan = await new PythonLauncher().prepare(fn, { cacheDir: join(work, 'venv-cache') });
    assert.equal(plan.env.VIRTUAL_ENV, join(project, '.venv'));
    assert.equal(plan.env.PYTHONPATH, undefined);

    // The same venv chosen as the interpreter (the pythonPath setting, LAMBDA_WORKBENCH_PYTHON) or activated in the shell.
    const elsewhere = packagesFn({ codeDir: copyOfFixture('venv-chosen') });
    const chosen = await new PythonLauncher({ python: join(project, '.venv', 'bin', 'python') }).prepare(elsewhere, {
      cacheDir: join(work, 'venv-cache'),
    });
    assert.deepEqual(
      [chosen.command, chosen.env.VIRTUAL_ENV, chosen.env.PYTHONPATH],
      [join(project, '.venv', 'bin', 'python'), join(project, '.venv'), undefined],
    );
    process.env.VIRTUAL_ENV = join(project, '.venv');
    try {
      const activated = await new PythonLauncher().prepare(elsewhere, { cacheDir: join(work, 'venv-cache') });
      assert.deepEqual(
        [activated.command, activated.env.VIRTUAL_ENV, activated.env.PYTHONPATH],
        [join(project, '.venv', 'bin', 'python'), join(project, '.venv'), undefined],
      );
    } finally {
      delete process.env.VIRTUAL_ENV;
    }
  });

  test('pyproject.toml [project] dependencies are read like a requirements file', async () => {
    const codeDir = join(work, 'pyproject');
    mkdirSync(codeDir, { recursive: true });
    writeFileSync(
      join(codeDir, 'pyproject.toml'),
      '[project]\nname = "orders"\nversion = "1.0"\ndependencies = ["inflection==0.5.1"]\n',
    );
    const manifest = await readPythonManifest(codeDir, 'python3');
    assert.deepEqual(manifest, {
      file: join(codeDir, 'pyproject.toml'),
      requirements: 'inflection==0.5.1\n',
      warnings: [],
    });
  });

  test('deploy packages the code over the packages installed for Lambda: Python version and architecture', async () => {
    const fn = packagesFn({ runtime: 'python3.12', architectures: ['arm64'] });
    const pkg = await packageFunction(fn, { python: { cacheDir: join(work, 'deploy-cache') } });
    const paths = readZip(pkg.zip).map((entry) => entry.path);
    assert.ok(paths.includes('app.py') && paths.includes('requirements.txt'), paths.join(' '));
    assert.ok(paths.includes('inflection/__init__.py') || paths.includes('inflection.py'), paths.join(' '));
    assert.ok(
      paths.some((p) => /^inflection-0\.5\.1\.dist-info\/WHEEL$/.test(p)),
      paths.join(' '),
    );
  });
});
