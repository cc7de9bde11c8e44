/**
 * Finds the central directory of a ZIP archive from its tail (PKWARE APPNOTE.TXT 6.3.10:
 * §4.3.16 end of central directory record, §4.3.15 ZIP64 EOCD locator, §4.3.14 ZIP64 EOCD
 * record). The EOCD is 22 bytes plus a comment of at most 65,535, so it lies in the last 65,557
 * bytes; we take the last signature whose comment runs exactly to the end of the file.
 */
import type { ArchiveCaps } from './caps.js';
import { DEFAULT_ARCHIVE_CAPS } from './caps.js';
import type { ByteSource } from './byte-source.js';
import { readExact } from './byte-source.js';
import { readU16, readU32, readU64 } from './bytes.js';
import { createArchiveError } from './codes.js';

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const MAX_EOCD_SEARCH = EOCD_SIZE + 0xffff;
/** Smallest central-directory record (§4.3.12): used to catch entry counts that cannot fit. */
export const MIN_CENTRAL_RECORD_SIZE = 46;

export interface ZipLayout {
  readonly entryCount: number;
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  /** Where the EOCD (or ZIP64 EOCD record) starts: nothing of the CD may reach past it. */
  readonly centralDirectoryLimit: number;
  readonly zip64: boolean;
}

export async function locateZipLayout(source: ByteSource, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS): Promise<ZipLayout> {
  return (await readZipTail(source, caps)).layout;
}

/** The layout plus the tail bytes already read, which often hold the whole central directory. */
export interface ZipTail {
  readonly layout: ZipLayout;
  readonly tail: Uint8Array;
  readonly tailStart: number;
}

export async function readZipTail(source: ByteSource, caps: ArchiveCaps): Promise<ZipTail> {
  if (source.size > caps.maxArchiveBytes) {
    throw createArchiveError('archive_too_large', { size: source.size, maxArchiveBytes: caps.maxArchiveBytes });
  }
  const tailLength = Math.min(source.size, MAX_EOCD_SEARCH);
  const tailStart = source.size - tailLength;
  const tail = await readExact(source, tailStart, tailLength);
  const at = findEocd(tail);
  if (at < 0) throw await explainMissingEocd(source, tail, tailStart);

  const eocdOffset = tailStart + at;
  let layout = {
    diskNumber: readU16(tail, at + 4),
    centralDirectoryDisk: readU16(tail, at + 6),
    entriesOnDisk: readU16(tail, at + 8),
    entryCount: readU16(tail, at + 10),
    centralDirectorySize: readU32(tail, at + 12),
    centralDirectoryOffset: readU32(tail, at + 16),
    centralDirectoryLimit: eocdOffset,
    zip64: false,
  };
  if (eocdOffset >= ZIP64_LOCATOR_SIZE) {
    // The locator sits right before the EOCD, almost always inside the tail we already hold.
    const locator = at >= ZIP64_LOCATOR_SIZE
      ? tail.subarray(at - ZIP64_LOCATOR_SIZE, at)
      : await readExact(source, eocdOffset - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE);
    if (readU32(locator, 0) === ZIP64_LOCATOR_SIGNATURE) layout = await readZip64Record(source, locator, eocdOffset);
  }
  if (layout.diskNumber !== 0 || layout.centralDirectoryDisk !== 0 || layout.entriesOnDisk !== layout.entryCount) {
    throw createArchiveError('multi_disk_archive', { diskNumber: layout.diskNumber });
  }
  return { layout: checkLayout(layout, source.size, caps), tail, tailStart };
}

function findEocd(tail: Uint8Array): number {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (readU32(tail, i) === EOCD_SIGNATURE && i + EOCD_SIZE + readU16(tail, i + 20) === tail.length) return i;
  }
  return -1;
}

/** No EOCD: a file that starts like a ZIP was cut short; anything else is not a ZIP at all. */
async function explainMissingEocd(source: ByteSource, tail: Uint8Array, tailStart: number) {
  const head = tailStart === 0 ? tail : await readExact(source, 0, Math.min(4, source.size));
  const looksLikeZip = head.length >= 4 && readU32(head, 0) === LOCAL_HEADER_SIGNATURE;
  return createArchiveError(looksLikeZip ? 'truncated_archive' : 'not_zip', { size: source.size });
}

async function readZip64Record(source: ByteSource, locator: Uint8Array, eocdOffset: number) {
  const recordOffset = readU64(locator, 8);
  const totalDisks = readU32(locator, 16);
  const locatorOffset = eocdOffset - ZIP64_LOCATOR_SIZE;
  if (totalDisks > 1 || readU32(locator, 4) !== 0) throw createArchiveError('multi_disk_archive', { totalDisks });
  if (!(recordOffset + ZIP64_EOCD_SIZE <= locatorOffset)) {
    throw createArchiveError('invalid_central_directory', { reason: 'ZIP64 end record out of bounds', recordOffset });
  }
  const record = await readExact(source, recordOffset, ZIP64_EOCD_SIZE);
  if (readU32(record, 0) !== ZIP64_EOCD_SIGNATURE) {
    throw createArchiveError('invalid_central_directory', { reason: 'ZIP64 end record signature', recordOffset });
  }
  return {
    diskNumber: readU32(record, 16),
    centralDirectoryDisk: readU32(record, 20),
    entriesOnDisk: readU64(record, 24),
    entryCount: readU64(record, 32),
    centralDirectorySize: readU64(record, 40),
    centralDirectoryOffset: readU64(record, 48),
    centralDirectoryLimit: recordOffset,
    zip64: true,
  };
}

function checkLayout(layout: ZipLayout, size: number, caps: ArchiveCaps): ZipLayout {
  const { entryCount, centralDirectoryOffset: offset, centralDirectorySize: length } = layout;
  if (![entryCount, offset, length].every(Number.isSafeInteger)) {
    throw createArchiveError('invalid_central_directory', { reason: 'ZIP64 field out of range' });
  }
  // Cap checks come before any CD byte is read, so a hostile count costs nothing.
  if (entryCount > caps.maxEntries) throw createArchiveError('too_many_entries', { entryCount, maxEntries: caps.maxEntries });
  if (length > caps.maxCentralDirectoryBytes) {
    throw createArchiveError('central_directory_too_large', { length, maxCentralDirectoryBytes: caps.maxCentralDirectoryBytes });
  }
  // A CD that reaches past the end of the object is what a cut-short upload looks like.
  if (offset + length > size) throw createArchiveError('truncated_archive', { offset, length, size });
  if (offset + length > layout.centralDirectoryLimit || length < entryCount * MIN_CENTRAL_RECORD_SIZE) {
    throw createArchiveError('invalid_central_directory', { offset, length, entryCount });
  }
  return {
    entryCount,
    centralDirectoryOffset: offset,
    centralDirectorySize: length,
    centralDirectoryLimit: layout.centralDirectoryLimit,
    zip64: layout.zip64,
  };
}
