/**
 * GPX 1.0 / 1.1 → the FIT-shaped decode, streaming (GPX 1.1: https://www.topografix.com/GPX/1/1/,
 * GPX 1.0: https://www.topografix.com/gpx_manual.asp). Every `<trk>` and `<trkseg>` of the file
 * is one activity; the gap between segments (or tracks) is a pause. Per point: `time`, `ele`,
 * GPX 1.0 `speed`; Garmin TrackPointExtension v1/v2 (`hr`, `cad`, `atemp`, `speed`), Cluetrust
 * gpxdata (`hr`, `cadence`, `temp`) and the common power extensions (Strava `power`, Garmin
 * PowerExtension `PowerInWatts`), matched by local name since prefixes vary. Sport from the
 * first track's `<type>` (a Strava number or a word), else running.
 * Distance: a GPX has no device distance. It is the haversine length of the track (IUGG mean
 * radius 6 371 008.8 m) summed within each segment, point to point, with no smoothing or
 * filtering — a clean track's length is exactly its geometry; the jump across a pause is not run.
 */
import type { DecodedFit, FitSession } from '../fit/types.js';
import { cleanTitle, MAX_TRACK_POINTS, MAX_XML_BYTES, type DecodedActivity, type XmlActivityOptions } from '../activity/types.js';
import { sportFromGpxType } from '../track/sport.js';
import { TrackBuilder, type TrackPoint } from '../track/track-builder.js';
import { checkPlausibleTime, parseDateTime, parseDecimal, within } from '../track/values.js';
import { walkXml, type ByteInput } from '../xml/walk-xml.js';
import { createTextCapture } from '../xml/text-capture.js';
import { DomainError } from '../errors.js';

/** Elements whose text is read inside a track point (local names). */
const POINT_VALUES = new Set(['time', 'ele', 'speed', 'hr', 'heartrate', 'cad', 'cadence', 'atemp', 'temp', 'power', 'PowerInWatts', 'watts']);
const MAX_DEPTH = 64;
const MAX_VALUE_CHARS = 2048;

export async function decodeGpx(input: ByteInput, options: XmlActivityOptions = {}): Promise<DecodedActivity> {
  const track = new TrackBuilder(options.maxPoints ?? MAX_TRACK_POINTS);
  const stack: string[] = [];
  let creator: string | undefined;
  let point: TrackPoint | null = null;
  const capture = createTextCapture(MAX_VALUE_CHARS);
  let trackName: string | undefined;
  let metadataName: string | undefined;
  let trackType: string | undefined;
  let trkCount = 0;
  let routesOrWaypoints = 0;

  await walkXml(input, {
    open(name, attributes) {
      if (stack.length === 0 && name !== 'gpx') throw new DomainError('not_gpx', `The file is XML but its root element is <${name.slice(0, 40)}>, not <gpx>.`);
      if (stack.length >= MAX_DEPTH) throw new DomainError('xml_too_deep', `The file nests elements more than ${MAX_DEPTH} deep.`);
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (stack.length === 1) creator = attributes.creator;
      if (name === 'trkpt') {
        point = { lat: coordinate(attributes.lat, 'latitude'), lon: coordinate(attributes.lon, 'longitude') };
      } else if (name === 'trk') {
        trkCount++;
        track.breakSegment();
      } else if (name === 'trkseg') {
        track.breakSegment();
      } else if (name === 'wpt' || name === 'rte') {
        routesOrWaypoints++;
      } else if (point && POINT_VALUES.has(name)) {
        capture.start();
      } else if ((name === 'name' && (parent === 'trk' || parent === 'metadata' || parent === 'gpx')) || (name === 'type' && parent === 'trk')) {
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
        if (point) setPointValue(point, name, value);
        else if (name === 'name' && parent === 'trk' && trkCount === 1) trackName ??= value;
        else if (name === 'name' && parent !== 'trk') metadataName ??= value;
        else if (name === 'type' && trkCount === 1) trackType ??= value;
      }
      if (name === 'trkpt' && point) {
        track.push(point);
        point = null;
      }
    },
  }, { maxBytes: options.maxBytes ?? MAX_XML_BYTES });

  const title = cleanTitle(trackName ?? metadataName);
  const built = track.build({ computeDistance: true });
  const base = { format: 'gpx' as const, title };
  if (built.records.length === 0) {
    const what = built.untimedPoints > 0 ? 'a track without times (a planned route)' : routesOrWaypoints > 0 ? 'routes or waypoints but no recorded track' : 'no recorded track';
    return { ...base, decoded: emptyDecode(creator), skip: { code: 'not_activity', message: `This GPX file holds ${what}; there is no activity to import.` } };
  }
  if (built.records.length < 2) {
    return { ...base, decoded: emptyDecode(creator), skip: { code: 'too_few_points', message: 'This GPX file has a single timed point; an activity needs at least two.' } };
  }
  const first = built.records.timestamp[0]!;
  const last = built.records.timestamp[built.records.length - 1]!;
  checkPlausibleTime(first, 'the first point');
  checkPlausibleTime(last, 'the last point');
  const elapsedS = (last - first) / 1000;
  let pausedS = 0;
  for (let k = 0; k + 1 < built.events.length; k += 2) pausedS += (built.events[k + 1]!.timestamp - built.events[k]!.timestamp) / 1000;
  const { sport, subSport } = sportFromGpxType(trackType);
  const session: FitSession = {
    index: 0, sessionCount: 1, sport, subSport, startTime: first, totalElapsedTime: elapsedS, totalTimerTime: elapsedS - pausedS,
    ...(built.records.channels.positionLat ? { totalDistance: built.trackDistanceM } : {}),
  };
  const decoded: DecodedFit = { fileId: fileIdOf(creator), sessions: [session], laps: [], records: built.records, events: built.events, segments: 1, errors: [] };
  return { ...base, decoded };
}

function setPointValue(point: TrackPoint, name: string, text: string): void {
  switch (name) {
    case 'time': {
      const t = parseDateTime(text);
      if (t === undefined) throw new DomainError('bad_time', `A point's time "${text.trim().slice(0, 40)}" is not a date and time.`);
      point.time = t;
      return;
    }
    case 'ele': point.altitude = within(parseDecimal(text), -500, 9000); return;
    case 'speed': point.speed = within(parseDecimal(text), 0, 200); return;
    case 'hr': case 'heartrate': point.heartRate = within(parseDecimal(text), 1, 300); return;
    case 'cad': case 'cadence': point.cadence = within(parseDecimal(text), 0, 300); return;
    case 'atemp': case 'temp': point.temperature = within(parseDecimal(text), -80, 80); return;
    case 'power': case 'PowerInWatts': case 'watts': point.power = within(parseDecimal(text), 0, 5000); return;
  }
}

function coordinate(text: string | undefined, what: string): number {
  const v = parseDecimal(text);
  if (v === undefined) throw new DomainError('bad_coordinates', `A track point has no readable ${what} ("${(text ?? '').slice(0, 40)}").`);
  return v;
}

function fileIdOf(creator: string | undefined): DecodedFit['fileId'] {
  const productName = cleanTitle(creator);
  return { type: 'activity', ...(productName ? { productName: productName.slice(0, 100) } : {}) };
}

function emptyDecode(creator: string | undefined): DecodedFit {
  return { fileId: fileIdOf(creator), sessions: [], laps: [], records: { length: 0, timestamp: new Float64Array(0), channels: {} }, events: [], segments: 1, errors: [] };
}
