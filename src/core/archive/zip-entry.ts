/**
 * One central-directory file header (APPNOTE.TXT 6.3.10 §4.3.12) parsed into a `ZipEntry`, with
 * the ZIP64 extended-information extra field (§4.5.3, id 0x0001) applied. Problems that only
 * concern this entry become its `rejection`; the walk over the directory goes on.
 */
import type { ArchiveCaps } from './caps.js';
import type { ByteRange } from './byte-source.js';
import { readU16, readU32, readU64 } from './bytes.js';
import type { ArchiveCode, EntryIssue } from './codes.js';
import { createEntryIssue } from './codes.js';
import { decodeEntryName, isDirectoryName } from './zip-names.js';

export const CENTRAL_RECORD_SIGNATURE = 0x02014b50;
export const CENTRAL_RECORD_SIZE = 46;
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_UTF8 = 0x0800;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
const METHOD_AES = 99; // WinZip AE-x (APPNOTE §4.4.5): always encrypted
const ZIP64_EXTRA_ID = 0x0001;
const UNICODE_PATH_EXTRA_ID = 0x7075;
const U32_SENTINEL = 0xffffffff;
const ZIP64_ORDER = ['uncompressed', 'compressed', 'offset'] as const;
const NO_EXTRAS: ReadonlyMap<number, Uint8Array> = new Map();

export interface ZipEntry {
  /** Position in the central directory: the entry's identity (names may repeat or lie). */
  readonly index: number;
  readonly rawName: Uint8Array;
  /** Decoded, invisible characters stripped: for display only, never a key or a path. */
  readonly displayName: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly crc32: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
  readonly isDirectory: boolean;
  readonly hasDataDescriptor: boolean;
  readonly hostileName: boolean;
  /** This entry's bytes must end by here: the next local header or the central directory. */
  readonly spanEnd: number;
  /** Compressed bytes, known once the local header has been read and checked. */
  readonly dataRange: ByteRange | null;
  /** Why the entry cannot be extracted; null when it can. */
  readonly rejection: EntryIssue | null;
}

export type MutableZipEntry = { -readonly [K in keyof ZipEntry]: ZipEntry[K] };

/** Parses the record at `at` (its fixed part and variable fields are known to be in `bytes`). */
export function parseCentralRecord(bytes: Uint8Array, at: number, index: number, caps: ArchiveCaps): MutableZipEntry {
  const flags = readU16(bytes, at + 8);
  const method = readU16(bytes, at + 10);
  const nameLength = readU16(bytes, at + 28);
  const nameStart = at + CENTRAL_RECORD_SIZE;
  // A view, not a copy: an ArrayBuffer per entry costs more than the directory chunks it pins
  // (the listing holds at most maxCentralDirectoryBytes either way).
  const rawName = bytes.subarray(nameStart, nameStart + nameLength);
  const extraLength = readU16(bytes, at + 30);
  const fields = { uncompressed: readU32(bytes, at + 24), compressed: readU32(bytes, at + 20), offset: readU32(bytes, at + 42) };
  // Most records have no extra field; skipping the view and map matters at 200,000 entries.
  const extras = extraLength === 0 ? NO_EXTRAS : readExtraFields(bytes.subarray(nameStart + nameLength, nameStart + nameLength + extraLength));
  const zip64Ok = extras !== null && applyZip64(fields, extras.get(ZIP64_EXTRA_ID), readU16(bytes, at + 34));
  const name = decodeEntryName(rawName, (flags & FLAG_UTF8) !== 0, extras?.get(UNICODE_PATH_EXTRA_ID));
  const entry: MutableZipEntry = {
    index,
    rawName,
    displayName: name.displayName,
    method,
    flags,
    compressedSize: fields.compressed,
    uncompressedSize: fields.uncompressed,
    crc32: readU32(bytes, at + 16),
    localHeaderOffset: fields.offset,
    encrypted: (flags & FLAG_ENCRYPTED) !== 0 || method === METHOD_AES,
    isDirectory: isDirectoryName(rawName),
    hasDataDescriptor: (flags & FLAG_DATA_DESCRIPTOR) !== 0,
    hostileName: name.hostile,
    spanEnd: Number.NaN,
    dataRange: null,
    rejection: null,
  };
  const code = findRejection(entry, zip64Ok, caps);
  entry.rejection = code ? createEntryIssue(index, code) : null;
  return entry;
}

/** Extra fields by header id (§4.5.1), or null when one runs past the end of the block. */
export function readExtraFields(extra: Uint8Array): ReadonlyMap<number, Uint8Array> | null {
  const fields = new Map<number, Uint8Array>();
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = readU16(extra, at);
    const size = readU16(extra, at + 2);
    if (at + 4 + size > extra.length) return null;
    if (!fields.has(id)) fields.set(id, extra.subarray(at + 4, at + 4 + size));
    at += 4 + size;
  }
  // Some writers pad with a few zero bytes; anything else left over is damage.
  for (; at < extra.length; at++) if (extra[at] !== 0) return null;
  return fields;
}

/**
 * §4.5.3: the ZIP64 field holds, in this order, only the values whose 32-bit slot is saturated.
 * Returns false when a needed value is missing or too large to be real.
 */
export function applyZip64(
  fields: { uncompressed: number; compressed: number; offset?: number },
  zip64: Uint8Array | undefined,
  diskStart = 0,
): boolean {
  let at = 0;
  for (const key of ZIP64_ORDER) {
    if (fields[key] !== U32_SENTINEL) continue;
    if (!zip64 || at + 8 > zip64.length) return false;
    fields[key] = readU64(zip64, at);
    if (!Number.isSafeInteger(fields[key])) return false;
    at += 8;
  }
  // A disk number other than 0 cannot happen in the single-disk archives we accept.
  return diskStart === 0 || (diskStart === 0xffff && zip64 !== undefined && at + 4 <= zip64.length && readU32(zip64, at) === 0);
}

function findRejection(entry: ZipEntry, zip64Ok: boolean, caps: ArchiveCaps): ArchiveCode | null {
  if (entry.rawName.length > caps.maxNameBytes) return 'name_too_long';
  if (!zip64Ok) return 'invalid_entry';
  if (entry.encrypted) return 'encrypted_entry';
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) return 'unsupported_method';
  if (entry.uncompressedSize > caps.maxEntryBytes) return 'entry_too_large';
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) return 'size_mismatch';
  // Declared sizes can lie (the stream is checked again while inflating), but an honest bomb
  // is turned away here, before a task is spent on it.
  const ratioLimit = Math.max(caps.ratioGraceBytes, entry.compressedSize * caps.maxRatio);
  if (entry.uncompressedSize > ratioLimit) return 'ratio_exceeded';
  return null;
}
