/**
 * Strict structural validation of a FIT upload, before any parser library sees it (Garmin
 * "FIT Protocol": https://developer.garmin.com/fit/protocol/, sections "File Header",
 * "File CRC", "Chained FIT Files"). See shared/design/research/fit-parsers.md for why: the
 * parser checks the first segment only and ignores anything after it.
 *
 * Order of checks, cheapest and most specific first: size → every segment's header, declared
 * size, header CRC, file CRC → trailing bytes → record structure of every segment → messages.
 */
import { DomainError } from '../errors.js';
import { fitCrc16 } from './crc.js';
import { FILE_CRC_SIZE, type FitHeader, hasFitSignature, hex, readFitHeader } from './header.js';
import { type SegmentMessageCounts, walkSegmentMessages } from './walk-messages.js';

export interface ValidateFitOptions {
  /** Largest accepted input in bytes (uploads above it are rejected with `too_large`). */
  maxBytes: number;
}

export interface FitSegmentInfo extends FitHeader, SegmentMessageCounts {
  /** header + data + file CRC */
  byteLength: number;
}

export interface FitStructure {
  byteLength: number;
  segments: FitSegmentInfo[];
  /** data messages over all segments */
  dataMessages: number;
  /** `record` messages (global 20) over all segments */
  recordMessages: number;
}

const GLOBAL_RECORD = 20;

/** Throws a DomainError (retryable false) with a stable code for every fatal problem. */
export function validateFitStructure(bytes: Uint8Array, options: ValidateFitOptions): FitStructure {
  checkOptions(options);
  if (bytes.length === 0) throw new DomainError('empty_file', 'The file is empty (0 bytes).');
  if (bytes.length > options.maxBytes) {
    throw new DomainError('too_large', `The file is ${bytes.length} bytes; the limit is ${options.maxBytes} bytes.`, {
      details: { byteLength: bytes.length, maxBytes: options.maxBytes },
    });
  }
  const headers = readSegmentHeaders(bytes);
  const segments = headers.map((header): FitSegmentInfo => {
    const dataStart = header.offset + header.headerSize;
    const counts = walkSegmentMessages(bytes, dataStart, dataStart + header.dataSize);
    return { ...header, ...counts, byteLength: header.headerSize + header.dataSize + FILE_CRC_SIZE };
  });
  const dataMessages = segments.reduce((sum, s) => sum + s.dataMessages, 0);
  if (dataMessages === 0) throw new DomainError('no_messages', 'The FIT file contains no data messages (no file_id, session or records).');
  const recordMessages = segments.reduce((sum, s) => sum + (s.byGlobal[GLOBAL_RECORD] ?? 0), 0);
  return { byteLength: bytes.length, segments, dataMessages, recordMessages };
}

/** Headers, sizes and CRCs of every chained segment; rejects anything after the last one. */
function readSegmentHeaders(bytes: Uint8Array): FitHeader[] {
  const headers: FitHeader[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset > 0 && !hasFitSignature(bytes, offset)) {
      throw new DomainError('trailing_bytes', `${bytes.length - offset} bytes after the FIT data ending at byte ${offset} are not another FIT file.`, {
        details: { offset },
      });
    }
    const header = readFitHeader(bytes, offset);
    const end = offset + header.headerSize + header.dataSize + FILE_CRC_SIZE;
    if (end > bytes.length) {
      const where = offset === 0 ? 'The file' : `The FIT segment at byte ${offset}`;
      throw new DomainError(
        'truncated',
        `${where} is truncated: its header declares ${header.dataSize} data bytes, so it needs ${end - offset} bytes, but only ${bytes.length - offset} are present.`,
        { details: { offset, declared: end - offset, present: bytes.length - offset } },
      );
    }
    const stored = bytes[end - 2]! | (bytes[end - 1]! << 8);
    const computed = fitCrc16(bytes, offset, end - 2);
    if (stored !== computed) {
      throw new DomainError('crc_mismatch', `The file CRC at byte ${end - 2} is 0x${hex(stored)} but the data gives 0x${hex(computed)}: the file is damaged.`, {
        details: { offset: end - 2 },
      });
    }
    headers.push(header);
    offset = end;
  }
  return headers;
}

function checkOptions(options: ValidateFitOptions): void {
  if (!Number.isFinite(options?.maxBytes) || options.maxBytes <= 0) {
    throw new RangeError(`validateFitStructure: options.maxBytes must be a positive number (got ${options?.maxBytes}).`);
  }
}
