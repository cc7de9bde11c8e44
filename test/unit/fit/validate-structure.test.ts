import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { fitCrc16 } from '../../../src/core/fit/crc.js';
import { type FitStructure, validateFitStructure } from '../../../src/core/fit/validate-structure.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { buildFit, concat, firstMessages, recomputeCrcs, toTwelveByteHeader } from './fixtures.js';
import { parseManifest } from './manifest.js';

const MAX = 8 * 1024 * 1024;
const BASE = 'run-garmin-fr645m-hr-gps.fit';

/** The DomainError code `run` throws (fails the test when it does not throw one). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).retryable).toBe(false);
    expect((error as DomainError).message.length).toBeGreaterThan(20);
    return (error as DomainError).code;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

function validate(bytes: Uint8Array, maxBytes = MAX): FitStructure {
  return validateFitStructure(bytes, { maxBytes });
}

describe('fitCrc16', () => {
  it('matches the CRC-16/ARC check value', () => {
    expect(fitCrc16(new TextEncoder().encode('123456789'))).toBe(0xbb3d);
  });
  it('continues from a seed', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(fitCrc16(bytes, 4, 9, fitCrc16(bytes, 0, 4))).toBe(0xbb3d);
  });
});

describe('validateFitStructure: synthetic files', () => {
  // definition: local 0 → global 20 (record), one field heart_rate (3), 1 byte, uint8
  const definition = [0x40, 0, 0, 20, 0, 1, 3, 1, 0x02];
  it('accepts a minimal file and counts its messages', () => {
    const s = validate(buildFit([...definition, 0x00, 150, 0x00, 151]));
    expect(s.segments).toHaveLength(1);
    expect(s.recordMessages).toBe(2);
    expect(s.segments[0]).toMatchObject({ headerSize: 14, dataSize: 13, definitionMessages: 1, byGlobal: { 20: 2 } });
  });
  it('accepts a 12-byte header, and a 14-byte header whose CRC is 0 (absent)', () => {
    expect(validate(buildFit([...definition, 0x00, 150], 12)).segments[0]!.headerSize).toBe(12);
    const zeroCrc = buildFit([...definition, 0x00, 150]);
    zeroCrc.set([0, 0], 12);
    expect(validate(recomputeFileCrcOnly(zeroCrc)).recordMessages).toBe(1);
  });
  it('reads big-endian definitions and developer fields', () => {
    const bigEndian = [0x41, 0, 1, 0, 20, 1, 3, 1, 0x02];
    const withDev = [0x62, 0, 0, 20, 0, 1, 3, 1, 0x02, 1, 0, 2, 0]; // 1 dev field of 2 bytes
    const s = validate(buildFit([...bigEndian, 0x01, 150, ...withDev, 0x02, 151, 7, 7]));
    expect(s.segments[0]).toMatchObject({ developerDefinitions: 1, byGlobal: { 20: 2 } });
  });
  it('reads compressed-timestamp headers', () => {
    expect(validate(buildFit([...definition, 0x00, 150, 0x85, 151, 0x86, 152])).segments[0]!.compressedTimestampMessages).toBe(2);
  });
  it.each([
    ['a data message with reserved bit 4', [...definition, 0x10, 150], 'bad_record_header'],
    ['a definition with reserved bit 4', [0x50, 0, 0, 20, 0, 1, 3, 1, 0x02], 'bad_record_header'],
    ['an undefined local message type', [...definition, 0x03, 150], 'bad_record_header'],
    ['a compressed header on an undefined local type', [...definition, 0xa5, 150], 'bad_record_header'],
    ['architecture byte 2', [0x40, 0, 2, 20, 0, 1, 3, 1, 0x02], 'bad_definition'],
    ['an unknown base type', [0x40, 0, 0, 20, 0, 1, 3, 1, 0x1f], 'bad_definition'],
    ['a data message overrunning the data section', [0x40, 0, 0, 20, 0, 1, 3, 4, 0x86, 0x00, 1, 2], 'truncated'],
    ['a definition overrunning the data section', [0x40, 0, 0, 20, 0, 3, 3, 1], 'truncated'],
    ['definitions but no data message', definition, 'no_messages'],
  ])('rejects %s', (_what, data, code) => {
    expect(codeOf(() => validate(buildFit(data as number[])))).toBe(code);
  });
  it('rejects an empty input, a too-large input, and bad options', () => {
    expect(codeOf(() => validate(new Uint8Array(0)))).toBe('empty_file');
    const file = buildFit([...definition, 0x00, 150]);
    expect(codeOf(() => validate(file, file.length - 1))).toBe('too_large');
    expect(validate(file, file.length).recordMessages).toBe(1);
    expect(() => validateFitStructure(file, { maxBytes: Number.NaN })).toThrow(RangeError);
  });
  it('names the byte offset of a bad record header', () => {
    const data = [...definition, 0x00, 150, 0x0f, 150];
    try {
      validate(buildFit(data));
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).details).toEqual({ offset: 14 + definition.length + 2 });
      expect((error as DomainError).message).toContain(`byte ${14 + definition.length + 2}`);
    }
  });
});

function recomputeFileCrcOnly(source: Uint8Array): Uint8Array {
  const bytes = source.slice();
  const crc = fitCrc16(bytes, 0, bytes.length - 2);
  bytes.set([crc & 0xff, crc >>> 8], bytes.length - 2);
  return bytes;
}

describe.skipIf(!hasCorpus())('validateFitStructure: corpus', () => {
  const manifest = hasCorpus() ? parseManifest(readCorpusManifest()) : [];

  it('finds every manifest row (23 valid, 17 to reject)', () => {
    expect(manifest.filter((f) => !f.mustReject)).toHaveLength(23);
    expect(manifest.filter((f) => f.mustReject)).toHaveLength(17);
  });

  it.each(manifest.filter((f) => !f.mustReject).map((f) => [f.name, f] as const))('accepts %s with the manifest counts', (name, expected) => {
    const bytes = readCorpusFile(name);
    expect(bytes.length).toBe(expected.bytes);
    const s = validate(bytes);
    expect(s.recordMessages).toBe(expected.records);
    expect(s.segments).toHaveLength(Math.max(1, expected.chained));
    expect(s.segments.reduce((n, seg) => n + seg.developerDefinitions, 0)).toBe(expected.developerDefinitions);
    expect(s.segments.reduce((n, seg) => n + seg.compressedTimestampMessages, 0)).toBe(expected.compressedTimestamps);
    expect(s.segments[0]!.headerSize).toBe(expected.twelveByteHeader ? 12 : 14);
    expect(s.segments.reduce((n, seg) => n + (seg.byGlobal[19] ?? 0), 0)).toBe(expected.laps);
    expect(s.segments.reduce((n, seg) => n + seg.byteLength, 0)).toBe(bytes.length);
  });

  const expectedCodes: Record<string, string> = {
    'bad-real-empty-activities.fit': 'crc_mismatch',
    'bad-real-lezyne-bad-endian.fit': 'crc_mismatch',
    'bad-real-sigma-unterminated.fit': 'crc_mismatch',
    'bad-real-strava-android-truncated.fit': 'truncated',
    'corrupt-bad-definition-valid-crc.fit': 'bad_record_header',
    'corrupt-bad-file-crc.fit': 'crc_mismatch',
    'corrupt-bad-header-crc.fit': 'header_crc_mismatch',
    'corrupt-bad-record-header-valid-crc.fit': 'bad_record_header',
    'corrupt-bad-signature.fit': 'not_fit',
    'corrupt-bitflip.fit': 'crc_mismatch',
    'corrupt-empty.fit': 'empty_file',
    'corrupt-header-only.fit': 'no_messages',
    'corrupt-huge-datasize.fit': 'truncated',
    'corrupt-not-fit-gpx.fit': 'not_fit',
    'corrupt-trailing-garbage.fit': 'trailing_bytes',
    'corrupt-truncated-half.fit': 'truncated',
    'corrupt-truncated-nocrc.fit': 'truncated',
  };

  it('has an expected code for every file to reject', () => {
    expect(Object.keys(expectedCodes).sort()).toEqual(manifest.filter((f) => f.mustReject).map((f) => f.name).sort());
  });

  it.each(Object.entries(expectedCodes))('rejects %s with %s', (name, code) => {
    expect(codeOf(() => validate(readCorpusFile(name)))).toBe(code);
  });

  it('reports the byte offsets the manifest names', () => {
    const offsetOf = (name: string): unknown => {
      try {
        validate(readCorpusFile(name));
      } catch (error) {
        return (error as DomainError).details?.['offset'];
      }
      return undefined;
    };
    expect(offsetOf('corrupt-bad-record-header-valid-crc.fit')).toBe(23_058);
    expect(offsetOf('corrupt-bad-definition-valid-crc.fit')).toBe(2_094);
    expect(offsetOf('corrupt-trailing-garbage.fit')).toBe(57_621);
  });

  it('finds the broken definition of the Lezyne file (byte 22,225) once its CRC is repaired', () => {
    const repaired = recomputeFileCrcOnly(readCorpusFile('bad-real-lezyne-bad-endian.fit'));
    // header 0x7B there: a definition with reserved bit 4 set (and architecture byte 0xE5)
    expect(codeOf(() => validate(repaired))).toBe('bad_record_header');
    expect(() => validate(repaired)).toThrow(/at byte 22225/);
  });

  it('finds the overrunning last record of the Sigma file once its CRC is repaired', () => {
    expect(codeOf(() => validate(recomputeFileCrcOnly(readCorpusFile('bad-real-sigma-unterminated.fit'))))).toBe('truncated');
  });

  describe('generated from the base run', () => {
    const base = hasCorpus() ? readCorpusFile(BASE) : new Uint8Array();

    it.each([1, 11, 13, 14, 15, 100, 1000, 28_810, 57_000, 57_620])('truncated to %i bytes → truncated', (length) => {
      expect(codeOf(() => validate(base.subarray(0, length)))).toBe('truncated');
    });

    it('invalid architecture byte (CRC repaired) → bad_definition', () => {
      const bytes = base.slice();
      bytes[firstMessages(bytes).definition + 2] = 7;
      expect(codeOf(() => validate(recomputeCrcs(bytes)))).toBe('bad_definition');
    });

    it('undefined local message type (CRC repaired) → bad_record_header', () => {
      const bytes = base.slice();
      bytes[firstMessages(bytes).data] = 0x0e;
      expect(codeOf(() => validate(recomputeCrcs(bytes)))).toBe('bad_record_header');
    });

    it('declared data size one byte short (CRCs repaired) → truncated (last message overruns)', () => {
      const bytes = base.slice(0, base.length - 1);
      new DataView(bytes.buffer).setUint32(4, base.length - 17, true);
      expect(codeOf(() => validate(recomputeCrcs(bytes)))).toBe('truncated');
    });

    it('header size 13 → bad_header; first byte 0 → not_fit', () => {
      const bytes = base.slice();
      bytes[0] = 13;
      expect(codeOf(() => validate(bytes))).toBe('bad_header');
      bytes[0] = 0;
      expect(codeOf(() => validate(bytes))).toBe('bad_header');
      bytes.set([0x3c, 0x3f, 0x78, 0x6d, 0x6c, 0x20, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f], 0); // "<?xml versio"
      expect(codeOf(() => validate(bytes))).toBe('not_fit');
    });

    it('a 12-byte header version is valid with the same counts', () => {
      const s = validate(toTwelveByteHeader(base));
      expect(s.segments[0]!.headerSize).toBe(12);
      expect(s.recordMessages).toBe(validate(base).recordMessages);
    });

    it('two chained copies → 2 segments, twice the records', () => {
      const s = validate(concat(base, base));
      expect(s.segments.map((seg) => seg.offset)).toEqual([0, base.length]);
      expect(s.recordMessages).toBe(2 * 1202);
    });

    it('a chained segment with a bad CRC → crc_mismatch naming its offset', () => {
      const second = base.slice();
      second[second.length - 1]! ^= 0xff;
      const bytes = concat(base, second);
      expect(codeOf(() => validate(bytes))).toBe('crc_mismatch');
    });

    it('a truncated chained segment → truncated; a stray zero byte → trailing_bytes', () => {
      expect(codeOf(() => validate(concat(base, base.subarray(0, 5000))))).toBe('truncated');
      expect(codeOf(() => validate(concat(base, base.subarray(0, 13))))).toBe('truncated');
      expect(codeOf(() => validate(concat(base, new Uint8Array(1))))).toBe('trailing_bytes');
    });
  });
});
