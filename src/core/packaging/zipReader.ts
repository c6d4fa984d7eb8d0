import { crc32, inflateRawSync } from 'node:zlib';
import { formatBytes } from './limits';

/** One entry read from a zip. Folders have `directory: true` and empty data. */
export interface ZipFileEntry {
  path: string;
  data: Buffer;
  /** Unix permission bits when the zip was made on Unix, else undefined. */
  mode?: number;
  directory: boolean;
  /** A symbolic link (Unix mode S_IFLNK): its data is the link's target. */
  symlink?: boolean;
}

export interface ReadZipOptions {
  /** The most all entries may add up to once inflated; checked against the directory before anything is inflated. */
  maxUnzippedBytes?: number;
}

const END_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * Reads every entry of a zip (stored or deflated, the two methods Lambda packages use), checking each CRC.
 * Throws a specific message for encrypted entries, Zip64 archives, other compression methods, damaged data and
 * (with `maxUnzippedBytes`) contents larger than allowed, whatever sizes the directory claims.
 */
export function readZip(zip: Buffer, options: ReadZipOptions = {}): ZipFileEntry[] {
  const end = findEnd(zip);
  const count = zip.readUInt16LE(end + 10);
  const centralOffset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || centralOffset === 0xffffffff) throw new Error('This zip uses Zip64, which is not supported.');
  const limit = options.maxUnzippedBytes ?? Infinity;
  checkDeclaredSize(zip, centralOffset, count, limit);
  const entries: ZipFileEntry[] = [];
  let total = 0;
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw new Error(`The zip's directory is damaged at entry ${i + 1}.`);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const localOffset = zip.readUInt32LE(at + 42);
    const path = zip.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new Error(`'${path}' is encrypted; encrypted zips are not supported.`);
    const directory = path.endsWith('/');
    const mode = madeBy === 3 ? (external >>> 16) & 0o777 : undefined;
    const symlink = madeBy === 3 && ((external >>> 16) & 0o170000) === 0o120000;
    if (directory) {
      entries.push({ path, data: Buffer.alloc(0), mode, directory });
      continue;
    }
    if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE)
      throw new Error(`The zip is damaged: the data of '${path}' is missing.`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (raw.length !== compressedSize) throw new Error(`The zip is truncated inside '${path}'.`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflate(raw, path, size);
    else throw new Error(`'${path}' uses compression method ${method}; only stored (0) and deflate (8) are supported.`);
    if (data.length !== size || crc32(data) !== crc)
      throw new Error(`'${path}' is damaged: its size or checksum does not match the zip's directory.`);
    total += data.length;
    if (total > limit)
      throw new Error(`The zip holds more than ${formatBytes(limit)} once unzipped; refusing to unzip it.`);
    entries.push(symlink ? { path, data, mode, directory, symlink } : { path, data, mode, directory });
  }
  return entries;
}

/** Inflates at most one byte more than the directory declares, so a lying size cannot make it inflate gigabytes. */
function inflate(raw: Buffer, path: string, declared: number): Buffer {
  try {
    return inflateRawSync(raw, { maxOutputLength: declared + 1 });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(
        `'${path}' is damaged: it inflates to more than the ${declared} bytes the zip's directory declares.`,
        { cause: error },
      );
    }
    throw new Error(`'${path}' is damaged: ${(error as Error).message}.`, { cause: error });
  }
}

/** Sums the uncompressed sizes the directory declares, before anything is inflated. */
function checkDeclaredSize(zip: Buffer, centralOffset: number, count: number, limit: number): void {
  if (limit === Infinity) return;
  let total = 0;
  let at = centralOffset;
  for (let i = 0; i < count && at + 46 <= zip.length && zip.readUInt32LE(at) === CENTRAL_SIGNATURE; i++) {
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  if (total > limit)
    throw new Error(
      `The zip holds ${formatBytes(total)} once unzipped, more than the ${formatBytes(limit)} allowed; refusing to unzip it.`,
    );
}

function findEnd(zip: Buffer): number {
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= stop; i--) {
    if (zip.readUInt32LE(i) === END_SIGNATURE) return i;
  }
  throw new Error('This is not a zip file (no end of central directory record found).');
}
