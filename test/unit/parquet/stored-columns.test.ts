import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFit, decodeFit, sliceRecordsForSession } from '../../../src/core/fit/index.js';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import { readRecordColumns } from '../../../src/core/parquet/read-columns.js';
import { toRecordsFile } from '../../../src/core/parquet/read-records.js';
import { toStoredRecordColumns } from '../../../src/core/parquet/stored-columns.js';
import { corpusDir, hasCorpus, readCorpusFile } from '../support/corpus.js';
import { makeRun } from './fixtures.js';

// The importer analyses sessions from toStoredRecordColumns; the analyse step from the stored
// Parquet. Equal columns (NaN at the same places, no −0, same channel set) = equal statistics.
async function expectSameAsStored(records: Parameters<typeof toStoredRecordColumns>[0]) {
  const fromParquet = await readRecordColumns(toRecordsFile(encodeRecordsParquet(records, { sessionId: 's' })));
  const direct = toStoredRecordColumns(records);
  expect(Object.keys(direct.channels)).toEqual(Object.keys(fromParquet.channels));
  expect(direct).toEqual(fromParquet);
  for (const column of Object.values(direct.channels)) expect(column.some((v) => Object.is(v, -0))).toBe(false);
}

describe('toStoredRecordColumns', () => {
  it('equals the Parquet round trip on a synthetic run with gaps, fractions, −0 and infinities', async () => {
    const run = makeRun({ rows: 5_000, seed: 11 });
    const hr = run.channels.heartRate!;
    hr[3] = 141.6; hr[4] = Number.POSITIVE_INFINITY; hr[5] = -0;
    run.channels.speed![7] = -0;
    await expectSameAsStored(run);
  });

  it.runIf(hasCorpus())('equals the Parquet round trip for every session of every valid corpus activity', async () => {
    let sessions = 0;
    for (const name of readdirSync(corpusDir()).filter((n) => n.endsWith('.fit') && !/^(bad|corrupt)-/.test(n))) {
      const decoded = await decodeFit(readCorpusFile(name));
      if (classifyFit(decoded).kind !== 'activity') continue;
      for (const session of decoded.sessions) { await expectSameAsStored(sliceRecordsForSession(decoded.records, session)); sessions++; }
    }
    expect(sessions).toBeGreaterThan(20);
  });
});
