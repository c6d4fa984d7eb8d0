import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { distPath, packageRoot } from '../../../src/core/assets';
import { discoverFile } from '../../../src/core/discovery';
import type { FunctionSpec } from '../../../src/core/model';
import { FIXTURES } from '../../support/functions';

/** A copy of a fixture project under test/fixtures/build in a temporary folder, with more files written into it. */
export function projectCopy(
  name: string,
  files: Record<string, string | Buffer> = {},
): { dir: string; write(path: string, data: string | Buffer): void; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `lwb-build-${name}-`));
  cpSync(join(FIXTURES, 'build', name), dir, { recursive: true });
  const write = (path: string, data: string | Buffer) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  };
  for (const [path, data] of Object.entries(files)) write(path, data);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The function `name` as discovery reads it from a template, serverless.yml or CDK output. */
export function discovered(templatePath: string, name: string): FunctionSpec {
  const found = discoverFile(templatePath, readFileSync(templatePath, 'utf8'), { root: dirname(templatePath) });
  const fn = found.functions.find((f) => f.name === name);
  assert.ok(fn, `${name} in ${templatePath}: ${JSON.stringify(found.diagnostics)}`);
  return fn;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/cli.js) with an event on stdin. */
export function cli(args: string[], stdin = '{}', env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [distPath('cli.js'), ...args], {
      cwd: packageRoot(),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

export interface ZipListing {
  name: string;
  mode: string;
  text: string;
}

/** A deployment zip as Python's zipfile (an independent reader, like Lambda's own unpacking) sees it. */
export function readWithPython(zip: Buffer): ZipListing[] {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-build-zip-'));
  try {
    const path = join(dir, 'package.zip');
    writeFileSync(path, zip);
    const script =
      'import sys, zipfile, json\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      "print(json.dumps([{'name': i.filename, 'mode': oct(i.external_attr >> 16), 'text': z.read(i).decode('utf-8', 'replace')} for i in z.infolist()]))";
    const result = spawnSync('python3', ['-c', script, path], {
      encoding: 'utf8',
      timeout: 30_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as ZipListing[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
