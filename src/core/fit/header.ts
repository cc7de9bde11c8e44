/**
 * FIT file header (Garmin "FIT Protocol", section "File Header"):
 * byte 0 header size (12, or 14 with a header CRC), byte 1 protocol version, bytes 2-3 profile
 * version (LE), bytes 4-7 data size (LE), bytes 8-11 ".FIT", bytes 12-13 header CRC (0 = absent).
 * https://developer.garmin.com/fit/protocol/
 */
import { DomainError } from '../errors.js';
import { fitCrc16 } from './crc.js';

export interface FitHeader {
  offset: number;
  headerSize: 12 | 14;
  protocolVersion: number;
  profileVersion: number;
  dataSize: number;
  /** header CRC as stored (14-byte headers only; 0 = not computed by the writer) */
  headerCrc?: number;
}

/** The file CRC that ends every segment. */
export const FILE_CRC_SIZE = 2;

/** True when the bytes at `offset` carry the ".FIT" signature where a header would have it. */
export function hasFitSignature(bytes: Uint8Array, offset: number): boolean {
  return (
    offset + 12 <= bytes.length &&
    bytes[offset + 8] === 0x2e && // .
    bytes[offset + 9] === 0x46 && // F
    bytes[offset + 10] === 0x49 && // I
    bytes[offset + 11] === 0x54 // T
  );
}

/**
 * Reads and checks the header at `offset`. Throws `not_fit`, `bad_header`, `truncated` or
 * `header_crc_mismatch`. Does not look at the data size against the file length.
 */
export function readFitHeader(bytes: Uint8Array, offset: number): FitHeader {
  const where = offset === 0 ? 'the file' : `the FIT segment at byte ${offset}`;
  const size = bytes[offset]!;
  const signed = hasFitSignature(bytes, offset);
  if (size !== 12 && size !== 14) {
    if (signed) {
      throw new DomainError('bad_header', `The header of ${where} declares ${size} bytes; FIT headers are 12 or 14 bytes.`, {
        details: { offset },
      });
    }
    throw notFit(offset, `${capitalise(where)} does not start with a FIT header (header size byte is ${size}, and bytes 8-11 are not ".FIT").`);
  }
  if (offset + size > bytes.length) {
    throw new DomainError('truncated', `${capitalise(where)} ends inside its ${size}-byte FIT header (${bytes.length - offset} bytes present).`, {
      details: { offset },
    });
  }
  if (!signed) throw notFit(offset, `Bytes ${offset + 8}-${offset + 11} of ${where} are not the ".FIT" signature.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, size);
  const header: FitHeader = {
    offset,
    headerSize: size,
    protocolVersion: view.getUint8(1),
    profileVersion: view.getUint16(2, true),
    dataSize: view.getUint32(4, true),
  };
  if (size === 14) {
    header.headerCrc = view.getUint16(12, true);
    const expected = fitCrc16(bytes, offset, offset + 12);
    if (header.headerCrc !== 0 && header.headerCrc !== expected) {
      throw new DomainError(
        'header_crc_mismatch',
        `The header CRC of ${where} is 0x${hex(header.headerCrc)} but the header bytes give 0x${hex(expected)} (the file is damaged).`,
        { details: { offset: offset + 12 } },
      );
    }
  }
  return header;
}

function notFit(offset: number, message: string): DomainError {
  return new DomainError('not_fit', message, { details: { offset } });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}
