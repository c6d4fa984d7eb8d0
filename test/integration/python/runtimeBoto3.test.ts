import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { distPath } from '../../../src/core/assets';
import { FIXTURES } from '../../support/functions';

function invoke(cwd: string, cache: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [distPath('cli.js'), 'invoke', 'OrdersFunction', '--template', 'template.yaml', '--region', 'eu-west-1'],
      {
        cwd,
        env: { ...process.env, TMPDIR: cache },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("a Python virtualenv without boto3 still gets the runtime's boto3, as on Lambda", () => {
  const project = mkdtempSync(join(tmpdir(), 'lwb-venv-'));
  const cache = mkdtempSync(join(tmpdir(), 'lwb-venv-cache-'));
  after(() => {
    rmSync(project, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  test('boto3 of the version requirements.txt pins is installed once into the cache, after the venv on the path', async () => {
    cpSync(join(FIXTURES, 'python-venv'), project, { recursive: true });
    // A venv without pip has nothing but the standard library: no boto3.
    execFileSync('python3.11', ['-m', 'venv', '--without-pip', join(project, '.venv')]);
    const pinned = /boto3==([\w.]+)/.exec(readFileSync(join(project, 'orders', 'requirements.txt'), 'utf8'))![1];

    const first = await invoke(project, cache);
    assert.equal(first.code, 0, first.stderr);
    const out = JSON.parse(first.stdout);
    assert.deepEqual(out, { boto3: pinned, botocore_from_venv: false, venv: true, region: 'eu-west-1' });
    const notice = first.stderr.split('\n').filter((line) => line.includes('has no boto3'));
    assert.equal(notice.length, 1, first.stderr);
    assert.match(
      notice[0],
      new RegExp(
        `OrdersFunction: the virtual environment \\S+\\.venv has no boto3, which Lambda's python3\\.11 runtime includes: installing boto3==${pinned.replace(/\./g, '\\.')} into \\S+runtime-sdk`,
      ),
    );
    assert.ok(
      first.stderr.indexOf('has no boto3') < first.stderr.indexOf('START RequestId'),
      'said before the invocation starts',
    );
    assert.equal(
      execFileSync(
        join(project, '.venv', 'bin', 'python'),
        ['-c', 'import importlib.util as u; print(u.find_spec("boto3"))'],
        { encoding: 'utf8' },
      ).trim(),
      'None',
      'the venv itself is unchanged',
    );

    const second = await invoke(project, cache);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).boto3, pinned);
    assert.doesNotMatch(second.stderr, /installing boto3/, 'installed once');
  });
});
