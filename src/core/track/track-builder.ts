/**
 * Collects the timed points of a GPX track or TCX activity into the typed record columns every
 * importer produces (fit/types.ts: SI units, UTC ms, NaN = missing sample), checking as it goes:
 * coordinates on the globe (`bad_coordinates`), times never going backwards
 * (`time_not_monotonic`), every point timed or none (`missing_time`), at most `maxPoints`
 * (`too_many_points`). Columns grow by doubling, so memory is the points kept, never the file.
 * A new segment is a pause: a timer stop at the last point before it and a start at its first.
 */
import { DomainError } from '../errors.js';
import type { FitEvent, RecordChannel, RecordColumns } from '../fit/types.js';
import { computeHaversineM } from '../metrics/distance.js';

export interface TrackPoint {
  time?: number;
  lat?: number;
  lon?: number;
  altitude?: number;
  heartRate?: number;
  cadence?: number;
  power?: number;
  temperature?: number;
  /** the device's cumulative distance (TCX) */
  distance?: number;
  speed?: number;
}

const CHANNELS = ['positionLat', 'positionLong', 'altitude', 'heartRate', 'cadence', 'power', 'temperature', 'distance', 'speed'] as const satisfies readonly RecordChannel[];
type Channel = (typeof CHANNELS)[number];

export interface BuiltTrack {
  records: RecordColumns;
  events: FitEvent[];
  /** haversine length summed within each segment (m; 0 when the device's distance is kept); the jump across a pause is not distance */
  trackDistanceM: number;
  /** points without a time that were seen (all of them, when the track is untimed) */
  untimedPoints: number;
}

export class TrackBuilder {
  private length = 0;
  private capacity = 256;
  private timestamp = new Float64Array(256);
  private columns = new Map<Channel, Float64Array>();
  private events: FitEvent[] = [];
  private newSegment = false;
  private segmentHasPoint = false;
  private segmentStarts = new Set<number>();
  private untimed = 0;
  private seen = 0;

  constructor(private readonly maxPoints: number) {}

  get pointCount(): number {
    return this.length;
  }

  /** The next point starts a new segment (GPX trkseg/trk, a second TCX Track in one lap). */
  breakSegment(): void {
    if (this.segmentHasPoint) this.newSegment = true;
    this.segmentHasPoint = false;
  }

  push(p: TrackPoint): void {
    this.seen++;
    const hasLat = p.lat !== undefined;
    if (hasLat !== (p.lon !== undefined) || (hasLat && !(Math.abs(p.lat!) <= 90 && Math.abs(p.lon!) <= 180))) {
      throw new DomainError('bad_coordinates', `Point ${this.seen} has a position that is not on the globe (latitude ${p.lat ?? 'missing'}, longitude ${p.lon ?? 'missing'}).`);
    }
    if (p.time === undefined) {
      this.untimed++;
      if (this.length > 0) throw missingTime(this.seen);
      return;
    }
    if (this.untimed > 0) throw missingTime(this.untimed);
    const last = this.length > 0 ? this.timestamp[this.length - 1]! : -Infinity;
    if (p.time < last) {
      throw new DomainError('time_not_monotonic', `Point ${this.seen} is timed ${new Date(p.time).toISOString()}, before the point ahead of it (${new Date(last).toISOString()}); times must never go backwards.`);
    }
    if (this.length >= this.maxPoints) {
      throw new DomainError('too_many_points', `The activity has more than ${this.maxPoints} points; it was not read further.`);
    }
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    this.timestamp[i] = p.time;
    if (this.newSegment && i > 0) {
      this.events.push({ timestamp: this.timestamp[i - 1]!, event: 'timer', eventType: 'stop_all' }, { timestamp: p.time, event: 'timer', eventType: 'start' });
      this.segmentStarts.add(i);
    }
    this.newSegment = false;
    this.segmentHasPoint = true;
    this.set('positionLat', i, p.lat);
    this.set('positionLong', i, p.lon);
    this.set('altitude', i, p.altitude);
    this.set('heartRate', i, p.heartRate);
    this.set('cadence', i, p.cadence);
    this.set('power', i, p.power);
    this.set('temperature', i, p.temperature);
    this.set('distance', i, p.distance);
    this.set('speed', i, p.speed);
  }

  /** The first timestamp kept, if any. */
  firstTime(): number | undefined {
    return this.length > 0 ? this.timestamp[0] : undefined;
  }

  lastTime(): number | undefined {
    return this.length > 0 ? this.timestamp[this.length - 1] : undefined;
  }

  /**
   * The columns. `computeDistance`: the distance column is the track's haversine length (GPX has
   * no device distance; a TCX without DistanceMeters neither); otherwise the device's is kept.
   */
  build(options: { computeDistance: boolean }): BuiltTrack {
    const n = this.length;
    const channels: Partial<Record<RecordChannel, Float64Array>> = {};
    for (const [name, column] of this.columns) channels[name] = column.slice(0, n);
    let trackDistanceM = 0;
    if ((options.computeDistance || !channels.distance) && channels.positionLat) {
      channels.distance = this.cumulativeDistance(channels.positionLat, channels.positionLong!);
      trackDistanceM = n > 0 ? channels.distance[n - 1]! : 0;
    }
    return { records: { length: n, timestamp: this.timestamp.slice(0, n), channels }, events: this.events, trackDistanceM, untimedPoints: this.untimed };
  }

  /** Cumulative haversine within segments (IUGG mean radius, as metrics/distance.ts); a point without a fix keeps the distance so far. */
  private cumulativeDistance(lat: Float64Array, lon: Float64Array): Float64Array {
    const out = new Float64Array(lat.length);
    let total = 0;
    let pLat = NaN;
    let pLon = NaN;
    for (let i = 0; i < lat.length; i++) {
      if (this.segmentStarts.has(i)) pLat = NaN;
      if (Number.isFinite(lat[i])) {
        if (Number.isFinite(pLat)) total += computeHaversineM(pLat, pLon, lat[i]!, lon[i]!);
        pLat = lat[i]!;
        pLon = lon[i]!;
      }
      out[i] = total;
    }
    return out;
  }

  private set(name: Channel, i: number, value: number | undefined): void {
    if (value === undefined) return;
    let column = this.columns.get(name);
    if (!column) {
      column = new Float64Array(this.capacity).fill(NaN);
      this.columns.set(name, column);
    }
    column[i] = value;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const ts = new Float64Array(capacity);
    ts.set(this.timestamp);
    this.timestamp = ts;
    for (const [name, column] of this.columns) {
      const next = new Float64Array(capacity).fill(NaN);
      next.set(column);
      this.columns.set(name, next);
    }
    this.capacity = capacity;
  }
}

function missingTime(point: number): DomainError {
  return new DomainError('missing_time', `Point ${point} has no time while others have one; every point of an activity needs its time.`);
}
