import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalRuntime } from '../../../src/core/runtime/localRuntime';
import { json, testFunction } from '../../support/functions';

/** A fresh project folder with the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-edits-'));
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
}

describe('a saved change reaches the very next invoke; unchanged functions stay warm', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'lwb-edits-cache-'));
  const runtime = new LocalRuntime({ cacheDir });
  const folders: string[] = [];
  after(async () => {
    await runtime.dispose();
    for (const dir of [cacheDir, ...folders]) rmSync(dir, { recursive: true, force: true });
  });

  test('editing a Node.js handler retires its warm instance and says so; another function keeps its own', async () => {
    const edited = project({ 'index.js': 'exports.handler = async () => ({ version: 1, pid: process.pid });\n' });
    const other = project({ 'index.js': 'exports.handler = async () => ({ pid: process.pid });\n' });
    folders.push(edited, other);
    const fn = testFunction(edited, 'index.handler', { id: 'edited-node' });
    const untouched = testFunction(other, 'index.handler', { id: 'untouched-node' });
    const first = await runtime.invoke(fn);
    const warm = await runtime.invoke(fn);
    const otherFirst = await runtime.invoke(untouched);
    assert.equal(warm.coldStart, false, 'nothing changed: the warm instance answers');
    write(edited, 'index.js', 'exports.handler = async () => ({ version: 2, pid: process.pid });\n');
    const next = await runtime.invoke(fn);
    assert.equal(json(next).version, 2);
    assert.equal(next.coldStart, true);
    assert.notEqual(json(next).pid, json(first).pid);
    assert.ok(
      next.warnings.some((w) => w.includes(join(edited, 'index.js')) && /retired/.test(w)),
      next.warnings.join('\n'),
    );
    const otherAgain = await runtime.invoke(untouched);
    assert.equal(otherAgain.coldStart, false, 'the other function was not restarted');
    assert.equal(json(otherAgain).pid, json(otherFirst).pid);
    const after = await runtime.invoke(fn);
    assert.equal(after.coldStart, false, 'the new instance is warm again');
    assert.deepEqual(after.warnings, []);
  });

  test('a change to a module under node_modules is loaded by the next invoke', async () => {
    const dir = project({
      'app.js': "const dep = require('dep');\nexports.handler = async () => ({ dep: dep.value });\n",
      'node_modules/dep/index.js': 'exports.value = "old";\n',
    });
    folders.push(dir);
    const fn = testFunction(dir, 'app.handler', { id: 'node-modules' });
    assert.equal(json(await runtime.invoke(fn)).dep, 'old');
    write(dir, 'node_modules/dep/index.js', 'exports.value = "new";\n');
    assert.equal(json(await runtime.invoke(fn)).dep, 'new');
  });

  test('a module added in a new folder and imported by the edited handler is found', async () => {
    const dir = project({ 'index.js': 'exports.handler = async () => ({ helper: null });\n' });
    folders.push(dir);
    const fn = testFunction(dir, 'index.handler', { id: 'new-folder' });
    assert.deepEqual(json(await runtime.invoke(fn)), { helper: null });
    write(dir, 'lib/helper.js', 'exports.name = "helper";\n');
    write(dir, 'index.js', "const h = require('./lib/helper');\nexports.handler = async () => ({ helper: h.name });\n");
    assert.deepEqual(json(await runtime.invoke(fn)), { helper: 'helper' });
    write(dir, 'lib/helper.js', 'exports.name = "helper v2";\n');
    assert.deepEqual(
      json(await runtime.invoke(fn)),
      { helper: 'helper v2' },
      'a file in a folder created after the first invoke is watched too',
    );
  });

  test('a TypeScript handler is rebuilt after its source changed, and only then', async () => {
    const dir = project({ 'src/app.ts': 'export const handler = async (): Promise<{ n: number }> => ({ n: 1 });\n' });
    folders.push(dir);
    const fn = testFunction(dir, 'src/app.handler', { id: 'edited-ts' });
    assert.equal(json(await runtime.invoke(fn)).n, 1);
    assert.equal((await runtime.invoke(fn)).coldStart, false);
    write(dir, 'src/app.ts', 'export const handler = async (): Promise<{ n: number }> => ({ n: 2 });\n');
    const next = await runtime.invoke(fn);
    assert.equal(json(next).n, 2);
    assert.equal(next.coldStart, true);
  });

  test('editing a Python handler or a module it imports reaches the next invoke', async () => {
    const dir = project({
      'app.py': 'import helper\n\ndef handler(event, context):\n    return {"v": helper.VALUE}\n',
      'helper.py': 'VALUE = "one"\n',
    });
    folders.push(dir);
    const fn = testFunction(dir, 'app.handler', { id: 'edited-python', runtime: 'python3.11' });
    assert.equal(json(await runtime.invoke(fn)).v, 'one');
    write(dir, 'helper.py', 'VALUE = "two"\n');
    assert.equal(json(await runtime.invoke(fn)).v, 'two');
  });

  test('files that never mean new code (bytecode caches, editor swap files) leave warm instances alone', async () => {
    const dir = project({ 'index.js': 'exports.handler = async () => ({ pid: process.pid });\n' });
    folders.push(dir);
    const fn = testFunction(dir, 'index.handler', { id: 'ignored-files' });
    const first = await runtime.invoke(fn);
    write(dir, '__pycache__/x.cpython-311.pyc', 'x');
    write(dir, '.index.js.swp', 'x');
    write(dir, '.git/HEAD', 'ref: refs/heads/main\n');
    const second = await runtime.invoke(fn);
    assert.equal(second.coldStart, false);
    assert.equal(json(second).pid, json(first).pid);
  });
});
