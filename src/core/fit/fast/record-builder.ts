/**
 * `record` messages → typed columns (channel meanings: types.ts; field scales: Garmin FIT
 * Profile, message `record`, https://developer.garmin.com/fit/protocol/). Each mapped field
 * has its own slot column, written in place by the decode loop (no per-record objects or
 * scratch rows); a slot's column is allocated on its first valid value, so "absent" costs
 * nothing. Columns are sized from the structural walk's record count and double if that was
 * short. At the end the slots are composed into channels by map-records.ts's rules, mostly in
 * place: enhanced_* before plain, cadence plus its fraction, running dynamics mm/ms → m/s,
 * FR70 compressed speed/distance as a fallback.
 */
import { RECORD_CHANNELS, type RecordChannel, type RecordColumns } from '../types.js';
import { SLOT, SLOT_COUNT } from './profile-subset.js';

export interface RecordBuilder {
  /** records committed so far (the next message's index) */
  length: number;
  capacity: number;
  /** by SLOT; undefined until the slot's first valid value */
  slots: (Float64Array | undefined)[];
}

export function createRecordBuilder(capacity: number): RecordBuilder {
  return { length: 0, capacity: Math.max(capacity, 1), slots: new Array<Float64Array | undefined>(SLOT_COUNT).fill(undefined) };
}

/** The column of `slot`, allocated (all NaN = absent) on first use. */
export function slotColumn(builder: RecordBuilder, slot: number): Float64Array {
  return builder.slots[slot] ?? (builder.slots[slot] = nanColumn(builder.capacity));
}

/** Makes room for one more record (the walk's count is exact, so this rarely grows). */
export function reserveRecord(builder: RecordBuilder): number {
  if (builder.length === builder.capacity) {
    builder.capacity *= 2;
    builder.slots = builder.slots.map((column) => {
      if (!column) return column;
      const wider = nanColumn(builder.capacity);
      wider.set(column);
      return wider;
    });
  }
  return builder.length++;
}

function nanColumn(length: number): Float64Array {
  return new Float64Array(length).fill(NaN);
}

export function finishRecords(builder: RecordBuilder): RecordColumns {
  const { length } = builder;
  const s = builder.slots.map((column) => (column && column.length !== length ? column.slice(0, length) : column));
  const timestamp = s[SLOT.timestamp] ?? nanColumn(length);
  const out: Partial<Record<RecordChannel, Float64Array>> = {};
  out.positionLat = s[SLOT.positionLat];
  out.positionLong = s[SLOT.positionLong];
  out.distance = s[SLOT.distance];
  out.speed = preferFirst(s[SLOT.enhancedSpeed], s[SLOT.speed]);
  out.altitude = preferFirst(s[SLOT.enhancedAltitude], s[SLOT.altitude]);
  out.heartRate = s[SLOT.heartRate];
  out.cadence = addFraction(s[SLOT.cadence], s[SLOT.fractionalCadence]);
  out.power = s[SLOT.power];
  out.temperature = s[SLOT.temperature];
  // the profile scale gives mm and ms; the channels are m and s
  out.verticalOscillation = divide(s[SLOT.verticalOscillation], 1000);
  out.stanceTime = divide(s[SLOT.stanceTime], 1000);
  out.stepLength = divide(s[SLOT.stepLength], 1000);
  out.verticalRatio = s[SLOT.verticalRatio];
  const packed = s[SLOT.compressedSpeedDistance];
  if (packed && (!out.speed || !out.distance)) unpackSpeedDistance(packed, out);
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (const name of RECORD_CHANNELS) if (out[name]) channels[name] = out[name];
  return { length, timestamp, channels };
}

/** `first` where present, else `second` (written into `first`). */
function preferFirst(first: Float64Array | undefined, second: Float64Array | undefined): Float64Array | undefined {
  if (!first || !second) return first ?? second;
  for (let i = 0; i < first.length; i++) if (first[i] !== first[i]) first[i] = second[i]!;
  return first;
}

function addFraction(whole: Float64Array | undefined, fraction: Float64Array | undefined): Float64Array | undefined {
  if (!whole || !fraction) return whole;
  for (let i = 0; i < whole.length; i++) {
    const f = fraction[i]!;
    if (f === f) whole[i]! += f;
  }
  return whole;
}

function divide(column: Float64Array | undefined, by: number): Float64Array | undefined {
  if (!column) return column;
  for (let i = 0; i < column.length; i++) column[i]! /= by;
  return column;
}

/**
 * FR70-era `compressed_speed_distance`: bits 0-11 speed (1/100 m/s), bits 12-23 distance
 * (1/16 m, a rolling 12-bit counter accumulated here). Fills only channels the file lacks.
 */
function unpackSpeedDistance(packed: Float64Array, out: Partial<Record<RecordChannel, Float64Array>>): void {
  const fillSpeed = !out.speed;
  const fillDistance = !out.distance;
  let speed: Float64Array | undefined;
  let distance: Float64Array | undefined;
  let lastRaw = 0;
  let accumulated = 0;
  for (let i = 0; i < packed.length; i++) {
    const value = packed[i]!;
    if (value !== value) continue;
    if (fillSpeed) (speed ??= nanColumn(packed.length))[i] = (value & 0xfff) / 100;
    if (fillDistance) {
      const raw = value >>> 12;
      accumulated += (raw - lastRaw) & 0xfff;
      lastRaw = raw;
      (distance ??= nanColumn(packed.length))[i] = accumulated / 16;
    }
  }
  if (speed) out.speed = speed;
  if (distance) out.distance = distance;
}
