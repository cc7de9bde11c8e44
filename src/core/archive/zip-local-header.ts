/**
 * Reads an entry's local file header (APPNOTE.TXT 6.3.10 §4.3.7) and checks it against the
 * central directory before any data is trusted: signature, name (length and bytes), method,
 * encryption and data-descriptor flags, and, without a data descriptor (§4.3.9), CRC and sizes
 * (via the local ZIP64 field, §4.5.3, when saturated). The central directory stays authoritative
 * for sizes and CRC; the local header only decides where the data starts.
 */
import type { ByteRange, ByteSource } from './byte-source.js';
import { readExact } from './byte-source.js';
import { equalBytes, readU16, readU32 } from './bytes.js';
import { createArchiveError } from './codes.js';
import { LOCAL_HEADER_SIZE } from './zip-list.js';
import type { ZipEntry } from './zip-entry.js';
import { applyZip64, FLAG_DATA_DESCRIPTOR, FLAG_ENCRYPTED, readExtraFields } from './zip-entry.js';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
/** Flags that change how the data must be read, so the two headers must agree on them. */
const CHECKED_FLAGS = FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR;
/** Local extra fields are usually short: read this much with the header to save a round trip. */
const EXTRA_READ_AHEAD = 256;

/** Returns the entry's compressed bytes; throws a per-entry DomainError (details.index). */
export async function resolveZipEntryData(source: ByteSource, entry: ZipEntry): Promise<ByteRange> {
  if (entry.rejection) throw createArchiveError(entry.rejection.code, { index: entry.index });
  if (entry.dataRange) return entry.dataRange;
  const mismatch = (field: string) => createArchiveError('local_header_mismatch', { index: entry.index, field });
  const start = entry.localHeaderOffset;
  const available = Math.min(entry.spanEnd, source.size) - start;
  if (!(available >= LOCAL_HEADER_SIZE + entry.rawName.length)) throw mismatch('bounds');

  let header = await readExact(source, start, Math.min(available, LOCAL_HEADER_SIZE + entry.rawName.length + EXTRA_READ_AHEAD));
  if (readU32(header, 0) !== LOCAL_HEADER_SIGNATURE) throw mismatch('signature');
  const flags = readU16(header, 6);
  const nameLength = readU16(header, 26);
  const extraLength = readU16(header, 28);
  if ((flags & CHECKED_FLAGS) !== (entry.flags & CHECKED_FLAGS)) throw mismatch('flags');
  if (readU16(header, 8) !== entry.method) throw mismatch('method');
  if (nameLength !== entry.rawName.length) throw mismatch('name length');
  if (!equalBytes(header.subarray(LOCAL_HEADER_SIZE, LOCAL_HEADER_SIZE + nameLength), entry.rawName)) throw mismatch('name');

  const dataOffset = start + LOCAL_HEADER_SIZE + nameLength + extraLength;
  // A local extra field long enough to push the data into the next entry is the "quoted
  // overlap" variant of the Fifield bomb (or plain damage): either way the data is not ours.
  if (dataOffset + entry.compressedSize > entry.spanEnd) {
    throw createArchiveError('overlapping_entries', { index: entry.index, field: 'local extra length' });
  }
  if (!entry.hasDataDescriptor) {
    if (header.length < LOCAL_HEADER_SIZE + nameLength + extraLength) {
      header = await readExact(source, start, LOCAL_HEADER_SIZE + nameLength + extraLength);
    }
    const extra = header.subarray(LOCAL_HEADER_SIZE + nameLength, LOCAL_HEADER_SIZE + nameLength + extraLength);
    const sizes = { uncompressed: readU32(header, 22), compressed: readU32(header, 18) };
    if (!applyZip64(sizes, readExtraFields(extra)?.get(0x0001))) throw mismatch('ZIP64 sizes');
    if (readU32(header, 14) !== entry.crc32) throw mismatch('crc-32');
    if (sizes.compressed !== entry.compressedSize) throw mismatch('compressed size');
    if (sizes.uncompressed !== entry.uncompressedSize) throw mismatch('uncompressed size');
  }
  return { offset: dataOffset, length: entry.compressedSize };
}
