/**
 * Synthetic record streams, built in code so the tests need no binary fixtures besides the
 * golden file. Seeded, so every run (and the golden file) sees the same values.
 */
import type { RecordChannel, RecordColumns } from '../../../src/core/fit/types.js';
import type { RecordRow } from '../../../src/core/parquet/read-records.js';
import { selectRecordColumns } from '../../../src/core/parquet/records-schema.js';
import { mulberry32 } from '../../support/mulberry32';

/** mulberry32: tiny seeded PRNG, good enough for test data. */
export const createRng = mulberry32;

const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;

function quantise(value: number, perUnit: number): number {
  return Math.round(value * perUnit) / perUnit;
}

export interface RunOptions {
  rows: number;
  seed?: number;
  /** ms since epoch of the first record; default 2025-03-01T07:00:00Z */
  start?: number;
  /** channels to leave out (never recorded) */
  omit?: RecordChannel[];
  /** add a 2-minute pause, a GPS dropout and HR gaps (default true) */
  gaps?: boolean;
}

/** A 1 Hz run with every channel, a pause, dropouts, and edge values. */
export function makeRun(options: RunOptions): RecordColumns {
  const { rows, seed = 1, start = Date.UTC(2025, 2, 1, 7, 0, 0), omit = [], gaps = true } = options;
  const rng = createRng(seed);
  const col = () => new Float64Array(rows);
  const c = {
    positionLat: col(), positionLong: col(), distance: col(), speed: col(), altitude: col(),
    heartRate: col(), cadence: col(), power: col(), temperature: col(),
    verticalOscillation: col(), stanceTime: col(), stepLength: col(), verticalRatio: col(),
  } satisfies Record<RecordChannel, Float64Array>;
  const timestamp = col();
  let t = start;
  let distance = 0;
  let lat = 48.8566;
  let lon = 2.3522;
  for (let i = 0; i < rows; i++) {
    if (gaps && i === Math.floor(rows / 2)) t += 120_000; // a pause: time jumps, no rows
    timestamp[i] = t;
    t += 1000;
    const speed = 3.2 + (rng() - 0.5) * 0.6;
    distance += speed;
    lat += (speed / 111_320) * 0.7;
    lon += (speed / 73_000) * 0.7;
    const gpsLost = gaps && i % 600 >= 590; // a 10 s dropout every 10 min
    // quantised as FIT stores them (semicircles, 1/100 m, 1/1000 m/s, 1/5 m), so sizes are realistic
    c.positionLat[i] = gpsLost ? NaN : quantise(lat, SEMICIRCLES_PER_DEGREE);
    c.positionLong[i] = gpsLost ? NaN : quantise(lon, SEMICIRCLES_PER_DEGREE);
    c.distance[i] = quantise(distance, 100);
    c.speed[i] = quantise(speed, 1000);
    c.altitude[i] = quantise(-4.25 + 30 * Math.sin(i / 400) + rng(), 5); // dips below sea level
    c.heartRate[i] = gaps && i % 97 === 13 ? NaN : Math.round(120 + 50 * (i / Math.max(rows, 1)) + rng() * 4);
    c.cadence[i] = 85 + Math.round(rng() * 8) + (rng() < 0.5 ? 0.5 : 0);
    c.power[i] = Math.round(230 + rng() * 60);
    c.temperature[i] = 18 + Math.floor(i / 900) * 0.5;
    c.verticalOscillation[i] = quantise(0.08 + rng() * 0.02, 10_000);
    c.stanceTime[i] = quantise(0.24 + rng() * 0.03, 10_000);
    c.stepLength[i] = quantise(1.05 + rng() * 0.2, 1000);
    c.verticalRatio[i] = Math.round((c.verticalOscillation[i] / c.stepLength[i]) * 1000) / 10;
  }
  const channels: RecordColumns['channels'] = {};
  for (const [name, values] of Object.entries(c) as [RecordChannel, Float64Array][]) {
    if (!omit.includes(name)) channels[name] = values;
  }
  return { length: rows, timestamp, channels };
}

/**
 * A short stream with the awkward values spelled out: 0 bpm vs missing, −0, negative altitude,
 * a channel that is present but never has a sample, ±Infinity.
 */
export function makeEdgeCases(): RecordColumns {
  const t0 = Date.UTC(2024, 11, 31, 23, 59, 58); // crosses midnight and the year
  const timestamp = Float64Array.from([0, 1, 2, 3, 4, 5], (i) => t0 + i * 1000 + (i === 5 ? 1 : 0));
  return {
    length: 6,
    timestamp,
    channels: {
      heartRate: Float64Array.from([0, NaN, 61, 255, NaN, 140]),
      altitude: Float64Array.from([-0, -12.5, 0, NaN, 8848.86, -430.5]),
      speed: Float64Array.from([0, 1e-9, NaN, Infinity, 3.3333333333333335, -Infinity]),
      power: Float64Array.from([0, 65535, NaN, 250, 1, NaN]),
      temperature: Float64Array.from([NaN, NaN, NaN, NaN, NaN, NaN]),
    },
  };
}

/** What the Parquet file should contain for a sample: null for missing/invalid, −0 as 0. */
export function expectedCell(value: number): number | null {
  return Number.isFinite(value) ? value + 0 : null;
}

/**
 * The rows the records file must hold for a stream, built straight from the input and the
 * schema table (not through the reader under test).
 */
export function expectedRows(records: RecordColumns): RecordRow[] {
  const columns = selectRecordColumns(records.channels);
  const rows: RecordRow[] = [];
  for (let i = 0; i < records.length; i++) {
    const row: RecordRow = {};
    for (const column of columns) {
      if (column.source === 'timestamp') row[column.name] = new Date(records.timestamp[i]).toISOString();
      else row[column.name] = expectedCell(records.channels[column.source]![i]);
    }
    rows.push(row);
  }
  return rows;
}
