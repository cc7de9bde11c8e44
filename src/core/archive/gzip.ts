/**
 * gzip files (RFC 1952), e.g. Strava's `activities/*.fit.gz`, read by range in constant memory.
 *
 * The member header (§2.3.1: FEXTRA, FNAME, FCOMMENT, FHCRC) is parsed and checked here, with
 * reserved flag bits rejected as §2.3.1.2 requires and a length cap against endless names; fflate
 * then sees only a canonical 10-byte header plus the compressed body, so untrusted header lengths
 * never reach it. CRC-32 and ISIZE come from the trailer and are verified against the output.
 *
 * Multi-member policy: ONE member per file. §2.2 allows concatenated members, but Strava, gzip(1)
 * and every exporter we import write one, and a member boundary is only visible inside the
 * inflater: accepting more would mean trusting it. A second member is rejected with
 * `gzip_multi_member`, any other bytes after the first with `trailing_data`.
 */
import type { ArchiveCaps } from './caps.js';
import { DEFAULT_ARCHIVE_CAPS } from './caps.js';
import type { ByteSource } from './byte-source.js';
import { readExact } from './byte-source.js';
import { readU16, readU32 } from './bytes.js';
import { createArchiveError } from './codes.js';
import { computeCrc32 } from './crc32.js';
import type { Inflater } from './inflate-stream.js';
import { pumpDecompressed } from './inflate-stream.js';
import type { OutputBudget } from './output-budget.js';
import { decodeLatin1, toDisplayName } from './zip-names.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const FTEXT = 0x01;
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
const FIXED_HEADER_SIZE = 10;
const TRAILER_SIZE = 8;
/** Magic, CM=8, no flags, no mtime, XFL 0, OS unknown (255). */
const CANONICAL_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);

export interface GzipHeader {
  /** Bytes before the compressed body. */
  readonly headerLength: number;
  readonly flags: number;
  readonly text: boolean;
  /** MTIME (seconds since the Unix epoch, 0 = none). */
  readonly mtime: number;
  readonly os: number;
  /** FNAME as ISO 8859-1, invisible characters stripped: display only, never a path. */
  readonly name: string | null;
  readonly extraLength: number;
}

export async function readGzipHeader(source: ByteSource, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS): Promise<GzipHeader> {
  if (source.size > caps.maxArchiveBytes) throw createArchiveError('archive_too_large', { size: source.size });
  const head = await readExact(source, 0, Math.min(source.size, caps.maxGzipHeaderBytes));
  if (head.length < 2 || head[0] !== 0x1f || head[1] !== 0x8b) throw createArchiveError('not_gzip', { size: source.size });
  // Past the end of what we read: a short file is cut off, a long one has an oversized header.
  const beyond = () =>
    head.length === source.size
      ? createArchiveError('truncated_data', { size: source.size })
      : createArchiveError('gzip_header_invalid', { reason: 'header longer than maxGzipHeaderBytes' });
  if (head.length < FIXED_HEADER_SIZE) throw beyond();
  if (head[2] !== 8) throw createArchiveError('unsupported_method', { method: head[2] });
  const flags = head[3];
  if (flags & RESERVED_FLAGS) throw createArchiveError('gzip_header_invalid', { reason: 'reserved flag bits set', flags });

  let at = FIXED_HEADER_SIZE;
  let extraLength = 0;
  if (flags & FEXTRA) {
    if (at + 2 > head.length) throw beyond();
    extraLength = readU16(head, at);
    at += 2 + extraLength;
  }
  let name: string | null = null;
  if (flags & FNAME) {
    const end = head.indexOf(0, at);
    if (end < 0) throw beyond();
    name = decodeHeaderText(head.subarray(at, end));
    at = end + 1;
  }
  if (flags & FCOMMENT) {
    const end = head.indexOf(0, at);
    if (end < 0) throw beyond();
    at = end + 1;
  }
  if (flags & FHCRC) {
    if (at + 2 > head.length) throw beyond();
    // §2.3.1: the two low bytes of the CRC-32 of every header byte before it.
    if ((computeCrc32(head.subarray(0, at)) & 0xffff) !== readU16(head, at)) {
      throw createArchiveError('gzip_header_invalid', { reason: 'header CRC mismatch' });
    }
    at += 2;
  }
  if (at > head.length) throw beyond();
  return { headerLength: at, flags, text: (flags & FTEXT) !== 0, mtime: readU32(head, 4), os: head[9], name, extraLength };
}

export interface GzipOptions {
  readonly budget?: OutputBudget;
  /** The runtime's decompressor (inflate-stream.ts); fflate when absent. */
  readonly inflater?: Inflater;
}

/**
 * The decompressed bytes of a single-member gzip file, checked against every cap; throws
 * DomainErrors with stable codes. Discard received output if iteration throws.
 */
export async function* openGzip(
  source: ByteSource,
  caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS,
  options: GzipOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const header = await readGzipHeader(source, caps);
  // The smallest body is 2 bytes (an empty final fixed-Huffman block).
  if (header.headerLength + 2 + TRAILER_SIZE > source.size) throw createArchiveError('truncated_data', { size: source.size });
  const trailer = await readExact(source, source.size - TRAILER_SIZE, TRAILER_SIZE);
  const expectedCrc = readU32(trailer, 0);
  const expectedSize = readU32(trailer, 4);
  const compressedLength = source.size - header.headerLength - TRAILER_SIZE;
  // With one member the real size is ISIZE + k·2^32 ≥ ISIZE, so an ISIZE over the cap that the
  // body could plausibly produce is refused before inflating. An implausible one is more likely
  // a cut-off file or trailing bytes read as a trailer: streaming then names the real problem
  // (truncated_data, trailing_data), and the output caps bound the work either way.
  if (expectedSize > caps.maxEntryBytes && expectedSize <= compressedLength * caps.maxRatio) {
    throw createArchiveError('entry_too_large', { expectedSize });
  }
  yield* pumpDecompressed({
    source,
    // The trailer goes through fflate too: that is how it notices a second member after it.
    range: { offset: header.headerLength, length: source.size - header.headerLength },
    prefix: CANONICAL_HEADER,
    engine: 'gzip',
    expectedSize,
    expectedCrc,
    caps,
    budget: options.budget,
    inflater: options.inflater,
  });
}

/**
 * RFC 1952 says FNAME is ISO 8859-1, but current tools write UTF-8: strict UTF-8 first, Latin-1
 * when that fails. Display only either way.
 */
function decodeHeaderText(bytes: Uint8Array): string {
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    decoded = decodeLatin1(bytes);
  }
  return toDisplayName(decoded).displayName;
}
