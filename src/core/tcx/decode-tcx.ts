/**
 * TCX (Garmin Training Center Database v2) → the FIT-shaped decode, streaming
 * (schema: https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd, extensions:
 * ActivityExtensionv2.xsd). Each `<Activity>` with trackpoints is a session (sport from
 * `Sport=`), each `<Lap>` a lap with the device's totals, each `<Trackpoint>` a record: `Time`,
 * `Position`, `AltitudeMeters`, `DistanceMeters` (the device's distance, kept as it is),
 * `HeartRateBpm`, `Cadence`, and `Extensions/TPX` `Speed`, `Watts`, `RunCadence`. Session totals
 * are the sums of the laps (timer: `TotalTimeSeconds`, distance: `DistanceMeters`), as the device
 * wrote them. Garmin Connect writes one `<Track>` per lap; a second `<Track>` inside one lap is a
 * pause (Training Center's convention), so it becomes a timer stop/start like a GPX segment.
 */
import type { DecodedFit, FitLap, FitSession } from '../fit/types.js';
import { cleanTitle, MAX_TRACK_POINTS, MAX_XML_BYTES, type DecodedActivity, type XmlActivityOptions } from '../activity/types.js';
import { sportFromTcx } from '../track/sport.js';
import { TrackBuilder, type TrackPoint } from '../track/track-builder.js';
import { checkPlausibleTime, parseDateTime, parseDecimal, within } from '../track/values.js';
import { walkXml, type ByteInput } from '../xml/walk-xml.js';
import { createTextCapture } from '../xml/text-capture.js';
import { DomainError } from '../errors.js';

const POINT_VALUES = new Set(['Time', 'LatitudeDegrees', 'LongitudeDegrees', 'AltitudeMeters', 'DistanceMeters', 'Value', 'Cadence', 'Speed', 'Watts', 'RunCadence']);
const LAP_VALUES = new Set(['TotalTimeSeconds', 'DistanceMeters', 'MaximumSpeed', 'Calories', 'Cadence', 'Value', 'AvgSpeed', 'AvgRunCadence', 'MaxRunCadence', 'AvgWatts', 'MaxWatts', 'TriggerMethod', 'Intensity']);
/** TCX TriggerMethod_t and Intensity_t onto the FIT lap_trigger / intensity words laps use. */
const TRIGGERS: Record<string, string> = { Manual: 'manual', Distance: 'distance', Location: 'position_marked', Time: 'time', HeartRate: 'fitness_equipment' };
const INTENSITIES: Record<string, string> = { Active: 'active', Resting: 'rest' };
const MAX_DEPTH = 64;
const MAX_VALUE_CHARS = 2048;

interface LapDraft extends FitLap {
  firstPoint?: number;
  lastPoint?: number;
  tracks: number;
}

interface ActivityDraft {
  sport?: string;
  id?: number;
  notes?: string;
  laps: LapDraft[];
  points: number;
  firstPoint?: number;
  lastPoint?: number;
}

export async function decodeTcx(input: ByteInput, options: XmlActivityOptions = {}): Promise<DecodedActivity> {
  const track = new TrackBuilder(options.maxPoints ?? MAX_TRACK_POINTS);
  const stack: string[] = [];
  const activities: ActivityDraft[] = [];
  let activity: ActivityDraft | null = null;
  let lap: LapDraft | null = null;
  let point: TrackPoint | null = null;
  const capture = createTextCapture(MAX_VALUE_CHARS);
  let creator: string | undefined;
  let lapCount = 0;

  await walkXml(input, {
    open(name, attributes) {
      if (stack.length === 0 && name !== 'TrainingCenterDatabase') {
        throw new DomainError('not_tcx', `The file is XML but its root element is <${name.slice(0, 40)}>, not <TrainingCenterDatabase>.`);
      }
      if (stack.length >= MAX_DEPTH) throw new DomainError('xml_too_deep', `The file nests elements more than ${MAX_DEPTH} deep.`);
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (name === 'Activity' && parent === 'Activities') {
        activity = { sport: attributes.Sport, laps: [], points: 0 };
        activities.push(activity);
        track.breakSegment();
      } else if (name === 'Lap' && activity) {
        const start = attributes.StartTime !== undefined ? parseDateTime(attributes.StartTime) : undefined;
        lap = { index: lapCount++, tracks: 0, ...(start !== undefined ? { startTime: start } : {}) };
        activity.laps.push(lap);
      } else if (name === 'Track' && lap) {
        if (lap.tracks++ > 0) track.breakSegment();
      } else if (name === 'Trackpoint' && activity) {
        point = {};
      } else if (point ? POINT_VALUES.has(name) : lap ? LAP_VALUES.has(name) : false) {
        capture.start();
      } else if (activity && !lap && (name === 'Notes' || name === 'Id') && parent === 'Activity') {
        capture.start();
      } else if (name === 'Name' && parent === 'Creator' && stack[stack.length - 3] === 'Activity') {
        capture.start();
      }
    },
    text(text) {
      capture.append(text);
    },
    close(name) {
      stack.pop();
      const parent = stack[stack.length - 1];
      const value = capture.take();
      if (value !== null) {
        if (point) setPointValue(point, name, parent, value);
        else if (lap) setLapValue(lap, name, parent, value);
        else if (activity && name === 'Notes') activity.notes ??= value;
        else if (activity && name === 'Id') activity.id = parseDateTime(value);
        else if (name === 'Name') creator ??= value;
      }
      if (name === 'Trackpoint' && point && activity) {
        track.push(point);
        if (point.time !== undefined) {
          const t = point.time;
          activity.points++;
          activity.firstPoint ??= t;
          activity.lastPoint = t;
          if (lap) { lap.firstPoint ??= t; lap.lastPoint = t; }
        }
        point = null;
      } else if (name === 'Lap') {
        lap = null;
      } else if (name === 'Activity' && parent === 'Activities') {
        activity = null;
      }
    },
  }, { maxBytes: options.maxBytes ?? MAX_XML_BYTES });

  const title = cleanTitle(activities[0]?.notes);
  const built = track.build({ computeDistance: false });
  const timed = activities.filter((a) => a.points > 0);
  const fileId: DecodedFit['fileId'] = { type: 'activity', ...(creator ? { productName: cleanTitle(creator)!.slice(0, 100) } : {}) };
  const empty: DecodedFit = { fileId, sessions: [], laps: [], records: { length: 0, timestamp: new Float64Array(0), channels: {} }, events: [], segments: 1, errors: [] };
  if (activities.length === 0) {
    return { format: 'tcx', title, decoded: empty, skip: { code: 'not_activity', message: 'This TCX file holds no activity (a course or a workout); there is nothing to import.' } };
  }
  if (timed.length === 0) {
    const message = built.untimedPoints > 0 ? 'The TCX trackpoints carry no times; there is nothing to analyse.' : 'The TCX activity has laps but no trackpoints; there is nothing to analyse.';
    return { format: 'tcx', title, decoded: empty, skip: { code: 'no_trackpoints', message } };
  }
  const laps: FitLap[] = [];
  const sessions: FitSession[] = timed.map((a, index) => {
    const start = a.laps.find((l) => l.startTime !== undefined)?.startTime ?? a.id ?? a.firstPoint!;
    checkPlausibleTime(start, 'the activity start');
    const end = Math.max(a.lastPoint!, ...a.laps.map((l) => (l.startTime ?? start) + (l.totalTimerTime ?? 0) * 1000));
    a.laps.forEach((l, k) => {
      const next = a.laps[k + 1]?.startTime;
      const lapStart = l.startTime ?? l.firstPoint;
      const { firstPoint: _f, lastPoint: _l, tracks: _t, ...fields } = l;
      const elapsed = lapStart !== undefined ? ((next ?? end) - lapStart) / 1000 : undefined;
      laps.push({ ...fields, index: laps.length, ...(elapsed !== undefined && elapsed >= 0 ? { totalElapsedTime: elapsed } : {}) });
    });
    const { sport, subSport } = sportFromTcx(a.sport);
    return { index, sessionCount: timed.length, sport, subSport, startTime: start, totalElapsedTime: (end - start) / 1000, ...lapTotals(a.laps) };
  });
  const decoded: DecodedFit = { fileId, sessions, laps, records: built.records, events: built.events, segments: 1, errors: [] };
  return { format: 'tcx', title, decoded };
}

/** The session's totals from its laps: sums, maxima, and timer-weighted averages. */
function lapTotals(laps: LapDraft[]): Partial<FitSession> {
  const sum = (pick: (l: LapDraft) => number | undefined) => laps.some((l) => pick(l) !== undefined) ? laps.reduce((s, l) => s + (pick(l) ?? 0), 0) : undefined;
  const max = (pick: (l: LapDraft) => number | undefined) => { const v = laps.map(pick).filter((x): x is number => x !== undefined); return v.length > 0 ? Math.max(...v) : undefined; };
  const weighted = (pick: (l: LapDraft) => number | undefined) => {
    let w = 0; let s = 0;
    for (const l of laps) { const v = pick(l); if (v !== undefined && (l.totalTimerTime ?? 0) > 0) { w += l.totalTimerTime!; s += v * l.totalTimerTime!; } }
    return w > 0 ? s / w : undefined;
  };
  const out: Partial<FitSession> = {
    totalTimerTime: sum((l) => l.totalTimerTime), totalDistance: sum((l) => l.totalDistance), totalCalories: sum((l) => l.totalCalories),
    maxSpeed: max((l) => l.maxSpeed), maxHeartRate: max((l) => l.maxHeartRate), maxCadence: max((l) => l.maxCadence), maxPower: max((l) => l.maxPower),
    avgHeartRate: weighted((l) => l.avgHeartRate), avgCadence: weighted((l) => l.avgCadence), avgPower: weighted((l) => l.avgPower),
  };
  for (const k of Object.keys(out) as (keyof FitSession)[]) if (out[k] === undefined) delete out[k];
  return out;
}

function setPointValue(point: TrackPoint, name: string, parent: string | undefined, text: string): void {
  switch (name) {
    case 'Time': {
      const t = parseDateTime(text);
      if (t === undefined) throw new DomainError('bad_time', `A trackpoint's time "${text.trim().slice(0, 40)}" is not a date and time.`);
      point.time = t;
      return;
    }
    case 'LatitudeDegrees': point.lat = coordinate(text, 'latitude'); return;
    case 'LongitudeDegrees': point.lon = coordinate(text, 'longitude'); return;
    case 'AltitudeMeters': point.altitude = within(parseDecimal(text), -500, 9000); return;
    case 'DistanceMeters': point.distance = within(parseDecimal(text), 0, 1e7); return;
    case 'Value': if (parent === 'HeartRateBpm') point.heartRate = within(parseDecimal(text), 1, 300); return;
    case 'Cadence': case 'RunCadence': point.cadence = within(parseDecimal(text), 0, 300); return;
    case 'Speed': point.speed = within(parseDecimal(text), 0, 200); return;
    case 'Watts': point.power = within(parseDecimal(text), 0, 5000); return;
  }
}

function setLapValue(lap: FitLap, name: string, parent: string | undefined, text: string): void {
  if (name === 'TriggerMethod') { lap.trigger = TRIGGERS[text.trim()]; if (!lap.trigger) delete lap.trigger; return; }
  if (name === 'Intensity') { lap.intensity = INTENSITIES[text.trim()]; if (!lap.intensity) delete lap.intensity; return; }
  const v = parseDecimal(text);
  if (v === undefined) return;
  switch (name) {
    case 'TotalTimeSeconds': if (parent === 'Lap') lap.totalTimerTime = within(v, 0, 1e7); return;
    case 'DistanceMeters': if (parent === 'Lap') lap.totalDistance = within(v, 0, 1e7); return;
    case 'MaximumSpeed': lap.maxSpeed = within(v, 0, 200); return;
    case 'Calories': lap.totalCalories = within(v, 0, 1e5); return;
    case 'Cadence': if (parent === 'Lap') lap.avgCadence = within(v, 0, 300); return;
    case 'Value':
      if (parent === 'AverageHeartRateBpm') lap.avgHeartRate = within(v, 1, 300);
      else if (parent === 'MaximumHeartRateBpm') lap.maxHeartRate = within(v, 1, 300);
      return;
    case 'AvgSpeed': lap.avgSpeed = within(v, 0, 200); return;
    case 'AvgRunCadence': lap.avgCadence = within(v, 0, 300); return;
    case 'MaxRunCadence': lap.maxCadence = within(v, 0, 300); return;
    case 'AvgWatts': lap.avgPower = within(v, 0, 5000); return;
    case 'MaxWatts': lap.maxPower = within(v, 0, 5000); return;
  }
}

/** A present but unreadable coordinate is as bad as an impossible one. */
function coordinate(text: string, what: string): number {
  const v = parseDecimal(text);
  if (v === undefined) throw new DomainError('bad_coordinates', `A trackpoint's ${what} "${text.trim().slice(0, 40)}" is not a number.`);
  return v;
}
