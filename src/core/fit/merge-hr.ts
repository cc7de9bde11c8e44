/**
 * Heart rate from chained HRM segments (HRM-Swim/Tri/Pro store `hr` messages, global 132, and the
 * watch appends them as extra FIT segments). Garmin FIT Profile, message `hr`: the first message
 * anchors UTC (`timestamp` + `fractional_timestamp`) to the strap clock (`event_timestamp`,
 * 1/1024 s); later ones pack 8 samples as 12-bit rolling `event_timestamp_12` values with 8
 * `filtered_bpm`. https://developer.garmin.com/fit/protocol/ ("Chained FIT Files").
 *
 * Merge rule (ours): a record without HR gets the rounded mean of the samples in
 * (previous record, this record], the window capped at MAX_WINDOW_MS. Recorded HR is never replaced.
 */
import type { RecordColumns } from './types.js';
import { num, type ParsedRow, timeMs } from './values.js';

export interface HrSamples {
  /** Unix ms, ascending */
  time: number[];
  bpm: number[];
}

const TICKS = 1024;
const ROLL = 0x1000;
const MAX_WINDOW_MS = 5_000;

/** Expands hr messages (in file order) into timed samples; messages before an anchor are skipped. */
export function expandHrMessages(rows: readonly ParsedRow[]): HrSamples {
  const samples: HrSamples = { time: [], bpm: [] };
  let anchorMs = NaN;
  let anchorTicks = 0;
  let lastTicks = 0;
  const push = (ticks: number, bpm: unknown): void => {
    if (typeof bpm !== 'number' || !Number.isFinite(anchorMs)) return;
    samples.time.push(anchorMs + ((ticks - anchorTicks) * 1000) / TICKS);
    samples.bpm.push(bpm);
  };
  for (const row of rows) {
    const bpm = asArray(row['filtered_bpm']);
    const full = asArray(row['event_timestamp']);
    const utc = timeMs(row, 'timestamp');
    if (full.length > 0 && typeof full[0] === 'number') {
      if (utc !== undefined) {
        anchorMs = utc + (num(row, 'fractional_timestamp') ?? 0) * 1000;
        anchorTicks = Math.round(full[0] * TICKS);
      }
      full.forEach((seconds, i) => {
        if (typeof seconds !== 'number') return;
        lastTicks = Math.round(seconds * TICKS);
        push(lastTicks, bpm[i]);
      });
      continue;
    }
    const packed = asArray(row['event_timestamp12'] ?? row['event_timestamp_12']);
    for (let pair = 0; pair * 3 + 2 < packed.length; pair++) {
      const [b0, b1, b2] = byteTriple(packed, pair * 3);
      const lows = [b0 | ((b1 & 0x0f) << 8), (b1 >> 4) | (b2 << 4)];
      lows.forEach((low, j) => {
        // plain arithmetic, not bitwise: tick counts exceed 2^31
        let ticks = lastTicks - (lastTicks % ROLL) + low;
        if (ticks < lastTicks) ticks += ROLL;
        lastTicks = ticks;
        push(ticks, bpm[pair * 2 + j]);
      });
    }
  }
  return sortSamples(samples);
}

/** Three bytes of a packed array; the parser turns 0xFF bytes of a byte array into null. */
function byteTriple(packed: readonly unknown[], at: number): [number, number, number] {
  const byte = (k: number): number => {
    const value = packed[at + k];
    return typeof value === 'number' ? value : 0xff;
  };
  return [byte(0), byte(1), byte(2)];
}

/** Fills NaN/absent heart rate in `records` from `samples`; returns how many records were filled. */
export function mergeHeartRate(records: RecordColumns, samples: HrSamples): number {
  if (samples.time.length === 0 || records.length === 0) return 0;
  const existing = records.channels.heartRate;
  const column = existing ?? new Float64Array(records.length).fill(NaN);
  let filled = 0;
  for (let i = 0; i < records.length; i++) {
    if (!Number.isNaN(column[i]!)) continue;
    const t = records.timestamp[i]!;
    const previous = i > 0 ? records.timestamp[i - 1]! : t - 1000;
    const from = Math.max(previous, t - MAX_WINDOW_MS);
    let sum = 0;
    let count = 0;
    for (let k = firstAfter(samples.time, from); k < samples.time.length && samples.time[k]! <= t; k++) {
      sum += samples.bpm[k]!;
      count++;
    }
    if (count > 0) {
      column[i] = Math.round(sum / count);
      filled++;
    }
  }
  if (!existing && filled > 0) records.channels.heartRate = column;
  return filled;
}

/** Index of the first time strictly greater than `from` (binary search). */
function firstAfter(times: readonly number[], from: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortSamples(samples: HrSamples): HrSamples {
  const order = samples.time.map((_, i) => i).sort((a, b) => samples.time[a]! - samples.time[b]!);
  return { time: order.map((i) => samples.time[i]!), bpm: order.map((i) => samples.bpm[i]!) };
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
