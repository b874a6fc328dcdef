import { AppError } from '../../../src/shared/errors';

// Limits for untrusted spreadsheets. Defaults: 20 MB files, 100,000 data rows, and at most
// 200 MB (and 100x) once unzipped — a real 100k-row .xlsx unpacks to ~60 MB.
export interface ImportLimits {
  maxFileBytes: number;
  maxRows: number;
  maxUnzippedBytes: number;
  maxZipRatio: number;
  // From this many rows on, rows are checked on a worker thread (it takes a moment to start).
  workerRows: number;
  // From this file size on, that thread and the import's writer start with the parse, before
  // the header is found (about workerRows rows of a typical sheet).
  earlyThreadsBytes: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 100_000,
  maxUnzippedBytes: 200 * 1024 * 1024,
  maxZipRatio: 100,
  workerRows: 5000,
  earlyThreadsBytes: 1024 * 1024,
};

export type FileKind = 'zip' | 'cfb' | 'text';

// By content, not by name: a renamed .csv that is really .xlsx still reads.
export function sniff(buf: Buffer): FileKind {
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'cfb';
  return 'text';
}

const tooLarge = (reason: string) => new AppError('IMPORT_FILE_REJECTED', { reason });

// Reads the zip's central directory and refuses it when the sizes it declares unpack to too
// much — before any inflating. Entries whose sizes live in ZIP64 fields (0xffffffff) are
// refused outright: no office file of an allowed size needs them.
export function assertSafeZip(buf: Buffer, limits: ImportLimits): void {
  const eocdMin = 22;
  let eocd = -1;
  for (let i = buf.length - eocdMin; i >= Math.max(0, buf.length - eocdMin - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw tooLarge('corrupt');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw tooLarge('zip64');
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw tooLarge('corrupt');
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) throw tooLarge('zip64');
    if (size > 1024 * 1024 && size / Math.max(1, compressed) > limits.maxZipRatio) throw tooLarge('zipBomb');
    total += size;
    if (total > limits.maxUnzippedBytes) throw tooLarge('zipBomb');
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}

export function assertFileSize(bytes: number, limits: ImportLimits): void {
  if (bytes > limits.maxFileBytes) throw tooLarge('fileTooLarge');
  if (bytes === 0) throw tooLarge('empty');
}
