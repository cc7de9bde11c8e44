/**
 * Golden file: the encoder's exact bytes for a fixed input. A failure means the file format
 * changed (a library upgrade, an encoding or metadata change). If that is intended, bump
 * RECORDS_SCHEMA_VERSION when readers would notice, then regenerate:
 *   UPDATE_GOLDEN=1 npx vitest run --config vitest.unit.config.ts test/unit/parquet/golden
 * and commit the new file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import { readRecordsParquet, toRecordsFile } from '../../../src/core/parquet/read-records.js';
import { expectedRows, makeRun } from './fixtures.js';

const GOLDEN = fileURLToPath(new URL('./golden/records-v1.parquet', import.meta.url));
// 620 rows: a pause at row 310, a GPS dropout at rows 590–599, HR gaps; every channel
const INPUT = makeRun({ rows: 620, seed: 42 });
const META = { sessionId: 'golden-session', sport: 'running', algorithmVersion: 'golden-1' };

describe('records Parquet golden file', () => {
  const actual = encodeRecordsParquet(INPUT, META);

  if (process.env.UPDATE_GOLDEN === '1') {
    it('rewrites the golden file (UPDATE_GOLDEN=1)', () => {
      writeFileSync(GOLDEN, actual);
      expect(existsSync(GOLDEN)).toBe(true);
    });
    return;
  }

  it('encodes byte-for-byte as the committed golden file', () => {
    const golden = readFileSync(GOLDEN);
    // compared as (length, first differing offset): readable when it fails, unlike a 25 kB diff
    let firstDiff = -1;
    for (let i = 0; i < Math.max(golden.length, actual.length); i++) {
      if (golden[i] !== actual[i]) {
        firstDiff = i;
        break;
      }
    }
    expect({ length: actual.length, firstDiff }).toEqual({ length: golden.length, firstDiff: -1 });
  });

  it('decodes the committed golden file to the fixture values', async () => {
    const rows = await readRecordsParquet(toRecordsFile(new Uint8Array(readFileSync(GOLDEN))));
    expect(rows).toEqual(expectedRows(INPUT));
  });
});
