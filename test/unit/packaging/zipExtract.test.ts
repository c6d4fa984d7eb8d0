import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { extractZip, ExtractConflictError, writeZip } from '../../../src/core/packaging';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lwb-extract-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const zip = writeZip([
  { path: 'index.js', data: Buffer.from('one') },
  { path: 'lib/a.js', data: Buffer.from('two') },
  { path: 'bootstrap', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
]);

test('writes every file, creating folders, and keeps the executable bit', () => {
  const written = extractZip(zip, join(dir, 'out'));
  assert.deepEqual(written, ['bootstrap', 'index.js', 'lib/a.js']);
  assert.equal(readFileSync(join(dir, 'out', 'lib', 'a.js'), 'utf8'), 'two');
  assert.equal(statSync(join(dir, 'out', 'bootstrap')).mode & 0o111, 0o111);
});

test('writes nothing when a file exists, unless overwriting is allowed', () => {
  writeFileSync(join(dir, 'index.js'), 'mine');
  assert.throws(
    () => extractZip(zip, dir),
    (error: Error) =>
      error instanceof ExtractConflictError && /1 file\(s\) already exist \(index\.js\)/.test(error.message),
  );
  assert.equal(existsSync(join(dir, 'lib')), false);
  assert.equal(readFileSync(join(dir, 'index.js'), 'utf8'), 'mine');
  extractZip(zip, dir, { overwrite: true });
  assert.equal(readFileSync(join(dir, 'index.js'), 'utf8'), 'one');
});

test('refuses an entry that would land outside the folder', () => {
  // writeZip refuses such paths, so the name is changed in the bytes, as a hostile zip would have it.
  const evil = writeZip([{ path: 'xx/evil.txt', data: Buffer.from('!') }]);
  let at = -1;
  while ((at = evil.indexOf('xx/evil', at + 1)) >= 0) evil.write('..', at);
  assert.throws(() => extractZip(evil, join(dir, 'inner')), /would be written outside/);
  assert.equal(existsSync(join(dir, 'evil.txt')), false);
});
