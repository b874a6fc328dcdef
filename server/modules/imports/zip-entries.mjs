// The entries of a zip held in memory, inflated one at a time with native zlib. The zip has
// already passed file-guard (sizes declared in the central directory, no ZIP64), so this only
// has to refuse what it does not read the way SheetJS's own zip reader would.
import { constants, inflateRawSync } from 'node:zlib';
import { XlsxUnsupportedError } from './xlsx-unsupported.mjs';

/** @typedef {{ name: string, method: number, compressed: number, size: number, data: number }} ZipEntry */

/** @param {string} what */
const unsupported = (what) => new XlsxUnsupportedError(`zip: ${what}`);

/**
 * Entries by name, lower-cased with "\" read as "/": SheetJS looks parts up that way.
 * @param {Buffer} buf
 * @returns {Map<string, ZipEntry>}
 */
export function zipEntries(buf) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unsupported('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  /** @type {Map<string, ZipEntry>} */
  const entries = new Map();
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw unsupported('bad central directory');
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.latin1Slice(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw unsupported('bad local header');
    // SheetJS takes name, flags and method from the local header: refuse when they disagree.
    const flags = buf.readUInt16LE(local + 6);
    const method = buf.readUInt16LE(local + 8);
    const localNameLen = buf.readUInt16LE(local + 26);
    if (buf.latin1Slice(local + 30, local + 30 + localNameLen) !== name) throw unsupported('names differ');
    if (flags & 0x2041) throw unsupported('encrypted entry');
    if (method !== 0 && method !== 8) throw unsupported(`compression method ${method}`);
    const data = local + 30 + localNameLen + buf.readUInt16LE(local + 28);
    if (data + compressed > buf.length) throw unsupported('entry past the end');
    const key = name.toLowerCase().replace(/\\/g, '/');
    if (entries.has(key)) throw unsupported('duplicate entry');
    entries.set(key, { name, method, compressed, size, data });
  }
  return entries;
}

/**
 * The whole entry. The declared size caps the output, so an entry cannot unpack to more than
 * file-guard agreed to.
 * @param {Buffer} buf
 * @param {ZipEntry} e
 * @returns {Buffer}
 */
export function inflateEntry(buf, e) {
  const raw = buf.subarray(e.data, e.data + e.compressed);
  let out;
  if (e.method === 0) out = raw;
  else {
    try {
      // One output chunk a little larger than the part: no concatenation of 16 KB pieces.
      out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size), chunkSize: e.size + 1024 });
    } catch {
      throw unsupported(`cannot inflate ${e.name}`);
    }
  }
  if (out.length !== e.size) throw unsupported(`size of ${e.name} differs from its header`);
  return out;
}

/**
 * The first bytes of an entry, to look at its root element without inflating all of it.
 * @param {Buffer} buf
 * @param {ZipEntry} e
 * @param {number} compressedBytes
 * @returns {Buffer}
 */
export function peekEntry(buf, e, compressedBytes) {
  const raw = buf.subarray(e.data, e.data + Math.min(e.compressed, compressedBytes));
  if (e.method === 0) return raw;
  try {
    // A sync flush instead of a finish: the input is cut short on purpose.
    return inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    throw unsupported(`cannot inflate ${e.name}`);
  }
}
