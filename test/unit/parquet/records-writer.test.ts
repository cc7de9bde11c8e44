/** records-writer.ts writes exactly the bytes hyparquet-writer's parquetWriteBuffer wrote (issue 14 item 5). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyFit, decodeFit, sliceRecordsForSession } from '../../../src/core/fit/index.js';
import type { RecordColumns } from '../../../src/core/fit/types.js';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import { corpusDir, hasCorpus, readCorpusFile } from '../support/corpus.js';
import { makeRun } from './fixtures.js';
import { encodeWithLibrary } from './library-encode.js';

function expectLibraryBytes(records: RecordColumns, meta = { sessionId: 's', sport: 'running' }) {
  const ours = encodeRecordsParquet(records, meta);
  const library = encodeWithLibrary(records, meta);
  expect(ours.length).toBe(library.length);
  expect(Buffer.from(ours).equals(Buffer.from(library))).toBe(true);
}

function constantRun(rows: number, value: number): RecordColumns {
  const run = makeRun({ rows, seed: 3 });
  for (const column of Object.values(run.channels)) column!.fill(value);
  return run;
}

describe('writeRecordsParquet', () => {
  it('gives the library\'s bytes on synthetic runs: gaps, several row groups, odd lengths', () => {
    for (const [rows, seed] of [[0, 1], [1, 2], [7, 3], [9, 4], [1_000, 5], [3_600, 6], [10_000, 7], [10_001, 8], [25_123, 9]] as const) {
      expectLibraryBytes(makeRun({ rows, seed }));
      expectLibraryBytes(makeRun({ rows, seed, gaps: false }));
    }
  });

  it('gives the library\'s bytes on constant, all-null, −0, fractional and sparse channels', () => {
    expectLibraryBytes(constantRun(500, 7));
    expectLibraryBytes(constantRun(500, Number.NaN));
    expectLibraryBytes(constantRun(20, -0));
    const run = makeRun({ rows: 4_000, seed: 12 });
    run.channels.heartRate![3] = 141.6; run.channels.heartRate![4] = -0.4; run.channels.power![5] = Number.POSITIVE_INFINITY;
    run.channels.speed![7] = -0;
    // few distinct values among many nulls: the dictionary rule near its edges
    for (let i = 0; i < run.length; i++) run.channels.temperature![i] = i % 5 === 0 ? i % 40 : Number.NaN;
    for (let i = 0; i < run.length; i++) run.channels.cadence![i] = i < 2_100 ? i : 80;
    for (let i = 0; i < run.length; i++) run.channels.stanceTime![i] = i % 3 === 0 ? Number.NaN : Math.floor(i / 2);
    expectLibraryBytes(run);
  });

  it('gives the library\'s bytes for timestamps: irregular steps, a 30-day gap, before 1970, steps of ±2^31 ms', () => {
    const irregular = makeRun({ rows: 1_000, seed: 21 });
    for (let i = 1; i < irregular.length; i++) irregular.timestamp[i] = irregular.timestamp[i - 1]! + 1 + ((i * 7919) % 9000);
    expectLibraryBytes(irregular);
    const gap = makeRun({ rows: 3_000, seed: 22 });
    for (let i = 1_500; i < gap.length; i++) gap.timestamp[i] += 30 * 86_400_000;
    expectLibraryBytes(gap);
    const early = makeRun({ rows: 600, seed: 23, start: -5_000_000 });
    expectLibraryBytes(early);
    for (const step of [2 ** 31, 2 ** 31 + 1, -(2 ** 31), 2 ** 32]) {
      const edge = makeRun({ rows: 300, seed: 24 });
      for (let i = 150; i < edge.length; i++) edge.timestamp[i] = edge.timestamp[i - 1]! + (i === 150 ? step : 1000);
      expectLibraryBytes(edge);
    }
  });

  it('gives the library\'s bytes where the dictionary is kept or dropped by a hair', () => {
    // n values, d distinct: kept iff 2·(8d + ⌈n·⌈log2 d⌉/8⌉) ≤ 8n; sweep d around the edge
    for (const n of [64, 1_000, 3_001]) {
      for (let d = Math.floor(n * 0.3); d <= Math.ceil(n * 0.55); d += Math.max(1, Math.floor(n / 200))) {
        const run = makeRun({ rows: n, seed: d, gaps: false });
        for (let i = 0; i < n; i++) run.channels.altitude![i] = (i * 7919) % d;
        for (let i = 0; i < n; i++) run.channels.power![i] = (i * 104_729) % d;
        expectLibraryBytes(run);
      }
    }
  });

  it.runIf(hasCorpus())('gives the library\'s bytes for every session of every valid corpus activity', async () => {
    let sessions = 0;
    for (const name of readdirSync(corpusDir()).filter((n) => n.endsWith('.fit') && !/^(bad|corrupt)-/.test(n))) {
      const decoded = await decodeFit(readCorpusFile(name));
      if (classifyFit(decoded).kind !== 'activity') continue;
      for (const session of decoded.sessions) {
        expectLibraryBytes(sliceRecordsForSession(decoded.records, session), { sessionId: `s${sessions}`, sport: session.sport ?? 'x' });
        sessions++;
      }
    }
    expect(sessions).toBeGreaterThan(20);
  });
});
