import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { codeSha256, crc32, readZip, writeZip, type ZipEntry } from '../../../src/core/packaging';

const entries: ZipEntry[] = [
  { path: 'src/app.js', data: Buffer.from('exports.handler = async () => "hi";\n'.repeat(20)) },
  { path: 'bootstrap', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
  { path: 'data/ü.txt', data: Buffer.from('x') },
  { path: 'empty.txt', data: Buffer.alloc(0) },
];

describe('crc32', () => {
  test('matches the standard check value', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  test('continues over chunks', () => {
    assert.equal(crc32(Buffer.from('6789'), crc32(Buffer.from('12345'))), 0xcbf43926);
  });
});

describe('writeZip and readZip', () => {
  test('round-trip paths, contents and modes, sorted by path', () => {
    const read = readZip(writeZip(entries));
    assert.deepEqual(
      read.map((e) => e.path),
      ['bootstrap', 'data/ü.txt', 'empty.txt', 'src/app.js'],
    );
    for (const original of entries) {
      const back = read.find((e) => e.path === original.path)!;
      assert.deepEqual(back.data, original.data);
      assert.equal(back.mode, original.mode ?? 0o644);
    }
  });

  test('the same files give the same bytes whatever their order, so CodeSha256 is stable', () => {
    const a = writeZip(entries);
    const b = writeZip([...entries].reverse());
    assert.deepEqual(a, b);
    assert.equal(codeSha256(a), codeSha256(b));
    assert.notEqual(codeSha256(a), codeSha256(writeZip([...entries, { path: 'more.txt', data: Buffer.from('!') }])));
  });

  test('stores what deflate cannot shrink and deflates the rest', () => {
    const zip = writeZip(entries);
    const methodOf = (name: string) => zip.readUInt16LE(zip.indexOf(Buffer.from(name)) - 30 + 8);
    assert.equal(methodOf('src/app.js'), 8);
    assert.equal(methodOf('empty.txt'), 0);
  });

  test('timestamps are fixed at 1980-01-01 00:00', () => {
    const zip = writeZip(entries);
    assert.equal(zip.readUInt16LE(10), 0);
    assert.equal(zip.readUInt16LE(12), (1 << 5) | 1);
  });

  test('refuses paths that could escape the folder, and duplicates', () => {
    for (const path of ['../x', '/etc/passwd', 'a\\b', 'a//b', './a', 'C:/x', '']) {
      assert.throws(() => writeZip([{ path, data: Buffer.alloc(0) }]), /cannot go in a zip/, path);
    }
    assert.throws(() => writeZip([entries[0], entries[0]]), /lists 'src\/app\.js' twice/);
  });

  test('detects damaged data and what it cannot read', () => {
    const zip = writeZip([{ path: 'a.txt', data: Buffer.from('hello hello hello hello hello') }]);
    const damaged = Buffer.from(zip);
    damaged[30 + 'a.txt'.length + 2] ^= 0xff;
    assert.throws(() => readZip(damaged), /^Error: 'a\.txt' is damaged/);
    assert.throws(() => readZip(Buffer.from('not a zip at all, really not')), /not a zip file/);
    const other = Buffer.from(zip);
    const central = other.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    other.writeUInt16LE(12, central + 10);
    assert.throws(() => readZip(other), /compression method 12/);
    const encrypted = Buffer.from(zip);
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    assert.throws(() => readZip(encrypted), /encrypted/);
  });
});
