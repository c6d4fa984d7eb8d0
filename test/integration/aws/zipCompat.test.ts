import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { extractZip, readZip, writeZip } from '../../../src/core/packaging';

// Lambda unpacks packages with standard tools; Python's zipfile is an independent reader and writer to check against.
const dir = mkdtempSync(join(tmpdir(), 'lwb-zipcompat-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function python(script: string, ...args: string[]): string {
  const result = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test("Python's zipfile reads our zips: contents, CRCs, modes and dates", () => {
  const path = join(dir, 'ours.zip');
  writeFileSync(
    path,
    writeZip([
      { path: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n'.repeat(50)) },
      { path: 'bootstrap', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { path: 'dir/ü.txt', data: Buffer.from('utf-8 name') },
    ]),
  );
  const out = python(
    'import sys, zipfile, json\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      'print(json.dumps([[i.filename, oct(i.external_attr >> 16), list(i.date_time), z.read(i).decode()[:10]] for i in z.infolist()]))',
    path,
  );
  assert.deepEqual(JSON.parse(out), [
    ['bootstrap', '0o100755', [1980, 1, 1, 0, 0, 0], '#!/bin/sh\n'],
    ['dir/ü.txt', '0o100644', [1980, 1, 1, 0, 0, 0], 'utf-8 name'],
    ['index.js', '0o100644', [1980, 1, 1, 0, 0, 0], 'exports.ha'],
  ]);
});

test("we read Python's zips: folder entries, stored and deflated files", () => {
  const path = join(dir, 'theirs.zip');
  python(
    'import sys, zipfile\n' +
      'with zipfile.ZipFile(sys.argv[1], "w") as z:\n' +
      '  z.writestr("pkg/", "")\n' +
      '  z.writestr(zipfile.ZipInfo("pkg/stored.txt"), "stored text")\n' +
      '  z.writestr("pkg/deflated.txt", "deflated " * 100, compress_type=zipfile.ZIP_DEFLATED)\n',
    path,
  );
  const entries = readZip(readFileSync(path));
  assert.deepEqual(
    entries.map((e) => [e.path, e.directory]),
    [
      ['pkg/', true],
      ['pkg/stored.txt', false],
      ['pkg/deflated.txt', false],
    ],
  );
  const written = extractZip(readFileSync(path), join(dir, 'out'));
  assert.deepEqual(written, ['pkg/stored.txt', 'pkg/deflated.txt']);
  assert.equal(readFileSync(join(dir, 'out', 'pkg', 'deflated.txt'), 'utf8'), 'deflated '.repeat(100));
});
