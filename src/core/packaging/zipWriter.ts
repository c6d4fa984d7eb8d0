import { deflateRawSync } from 'node:zlib';
import { crc32 } from 'node:zlib';

/** One file to put in a zip. */
export interface ZipEntry {
  /** Path inside the archive, with forward slashes, relative (e.g. `src/app.js`). */
  path: string;
  data: Buffer;
  /** Unix permission bits; 0o644 unless the file must be executable (0o755 for a `bootstrap`). */
  mode?: number;
}

/** DOS time 00:00:00 and date 1980-01-01: the earliest a zip can say, so the same files always give the same bytes. */
const FIXED_TIME = 0;
const FIXED_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

/**
 * Writes a zip that depends on nothing but the entries' paths, contents and modes: entries sorted by path, fixed
 * timestamps, fixed permissions, no extra fields. The same code therefore always gives the same CodeSha256.
 * Throws on a path that could escape the folder it is unpacked into, on duplicates, and past what a zip without
 * Zip64 can hold (far above Lambda's limits).
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_ENTRIES)
    throw new Error(`A zip holds at most ${MAX_ENTRIES} files; this package has ${entries.length}.`);
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let previous: string | undefined;
  for (const entry of sorted) {
    checkPath(entry.path);
    if (entry.path === previous) throw new Error(`The package lists '${entry.path}' twice.`);
    previous = entry.path;
    const name = Buffer.from(entry.path, 'utf8');
    const crc = crc32(entry.data);
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    if (entry.data.length > MAX_SIZE || offset > MAX_SIZE)
      throw new Error(`'${entry.path}' makes the zip larger than 4 GB.`);
    const fields = {
      method: stored ? 0 : 8,
      crc,
      compressedSize: body.length,
      size: entry.data.length,
      nameLength: name.length,
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, fields);
    // Extra field length stays 0.
    parts.push(local, name, body);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    writeSharedFields(header, 6, fields);
    // Extra field, comment, disk number and internal attributes all stay 0.
    header.writeUInt32LE(((0o100000 | ((entry.mode ?? 0o644) & 0o777)) << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

/**
 * The run of fields a local file header and its central directory entry have in common, in the same order: version
 * needed, flags, method, time, date, CRC-32, compressed and uncompressed sizes, name length.
 */
function writeSharedFields(
  buffer: Buffer,
  at: number,
  fields: { method: number; crc: number; compressedSize: number; size: number; nameLength: number },
): void {
  buffer.writeUInt16LE(20, at);
  buffer.writeUInt16LE(UTF8_NAMES, at + 2);
  buffer.writeUInt16LE(fields.method, at + 4);
  buffer.writeUInt16LE(FIXED_TIME, at + 6);
  buffer.writeUInt16LE(FIXED_DATE, at + 8);
  buffer.writeUInt32LE(fields.crc, at + 10);
  buffer.writeUInt32LE(fields.compressedSize, at + 14);
  buffer.writeUInt32LE(fields.size, at + 18);
  buffer.writeUInt16LE(fields.nameLength, at + 22);
}

/** Rejects paths that are absolute, use backslashes, or climb out of the archive's root. */
export function checkPath(path: string): void {
  if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) {
    throw new Error(`'${path}' is not a relative path with forward slashes, so it cannot go in a zip.`);
  }
  if (path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
    throw new Error(`'${path}' has an empty, '.' or '..' segment, so it cannot go in a zip.`);
  }
}
