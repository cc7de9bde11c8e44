/**
 * Generated GPX and TCX documents for the Node and workerd tests and the bench (no Node APIs):
 * deterministic tracks whose geometry is known, written the ways real apps write them.
 */
export interface GenPoint {
  lat: number;
  lon: number;
  /** ms since epoch */
  time?: number;
  ele?: number;
  hr?: number;
  cad?: number;
  atemp?: number;
  power?: number;
}

/** A wandering run: `count` points, 1 s apart, ~3 m/s, a deterministic zig-zag around (lat0, lon0). */
export function wanderingTrack(count: number, options: { start?: number; lat0?: number; lon0?: number; stepS?: number } = {}): GenPoint[] {
  const start = options.start ?? Date.parse('2024-05-04T07:00:00Z');
  const stepS = options.stepS ?? 1;
  const points: GenPoint[] = [];
  let lat = options.lat0 ?? 48.85;
  let lon = options.lon0 ?? 2.35;
  for (let i = 0; i < count; i++) {
    const heading = (i / 90) + 0.7 * Math.sin(i / 17);
    lat += 2.7e-5 * Math.cos(heading) * stepS;
    lon += 4.1e-5 * Math.sin(heading) * stepS;
    points.push({ lat: round(lat, 7), lon: round(lon, 7), time: start + i * stepS * 1000, ele: round(40 + 10 * Math.sin(i / 200), 1), hr: 120 + (i % 40), cad: 85 + (i % 5) });
  }
  return points;
}

export interface GpxOptions {
  /** segments of points (a gap between them is a pause); or pass `points` for one */
  segments?: GenPoint[][];
  points?: GenPoint[];
  name?: string;
  type?: string;
  creator?: string;
  /** the TrackPointExtension prefix ('gpxtpx', 'ns3', '' = default namespace) and version */
  tpxPrefix?: string;
  tpxVersion?: 1 | 2;
  version?: '1.0' | '1.1';
  /** write power as Strava does (<power> in extensions) */
  power?: boolean;
  /** extra markup after <metadata> (waypoints, routes) */
  extra?: string;
}

export function buildGpx(options: GpxOptions): string {
  const segments = options.segments ?? [options.points ?? []];
  const prefix = options.tpxPrefix ?? 'gpxtpx';
  const p = prefix ? `${prefix}:` : '';
  const tpxNs = `http://www.garmin.com/xmlschemas/TrackPointExtension/v${options.tpxVersion ?? 1}`;
  const ns = options.version === '1.0' ? 'http://www.topografix.com/GPX/1/0' : 'http://www.topografix.com/GPX/1/1';
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<gpx version="${options.version ?? '1.1'}" creator="${options.creator ?? 'Pacelab test'}" xmlns="${ns}" ${prefix ? `xmlns:${prefix}="${tpxNs}"` : ''}>\n`,
    '<metadata><time>2024-05-04T07:00:00Z</time></metadata>\n',
    options.extra ?? '',
    '<trk>',
    options.name !== undefined ? `<name>${escapeXml(options.name)}</name>` : '',
    options.type !== undefined ? `<type>${escapeXml(options.type)}</type>` : '',
    '\n',
  ];
  for (const segment of segments) {
    out.push('<trkseg>\n');
    for (const pt of segment) out.push(gpxPoint(pt, p, prefix ? '' : ` xmlns="${tpxNs}"`, options.power ?? false));
    out.push('</trkseg>\n');
  }
  out.push('</trk>\n</gpx>\n');
  return out.join('');
}

export function gpxPoint(pt: GenPoint, p: string, tpxXmlns: string, power: boolean): string {
  const ext: string[] = [];
  if (pt.hr !== undefined || pt.cad !== undefined || pt.atemp !== undefined) {
    ext.push(`<${p}TrackPointExtension${tpxXmlns}>`);
    if (pt.atemp !== undefined) ext.push(`<${p}atemp>${pt.atemp}</${p}atemp>`);
    if (pt.hr !== undefined) ext.push(`<${p}hr>${pt.hr}</${p}hr>`);
    if (pt.cad !== undefined) ext.push(`<${p}cad>${pt.cad}</${p}cad>`);
    ext.push(`</${p}TrackPointExtension>`);
  }
  if (power && pt.power !== undefined) ext.push(`<power>${pt.power}</power>`);
  return `<trkpt lat="${pt.lat}" lon="${pt.lon}">${pt.ele !== undefined ? `<ele>${pt.ele}</ele>` : ''}${pt.time !== undefined ? `<time>${new Date(pt.time).toISOString()}</time>` : ''}${ext.length > 0 ? `<extensions>${ext.join('')}</extensions>` : ''}</trkpt>\n`;
}

export interface TcxLap {
  points: GenPoint[];
  /** device distance per point (cumulative); computed as 3 m/s when absent */
  distances?: number[];
}

export function buildTcx(options: { laps: TcxLap[]; sport?: string; notes?: string; trackpoints?: boolean }): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">\n',
    `<Activities><Activity Sport="${options.sport ?? 'Running'}">`,
  ];
  const first = options.laps[0]?.points[0]?.time ?? Date.parse('2024-05-04T07:00:00Z');
  out.push(`<Id>${new Date(first).toISOString()}</Id>\n`);
  let distance = 0;
  let count = 0;
  for (const lap of options.laps) {
    const start = lap.points[0]?.time ?? first;
    const end = lap.points[lap.points.length - 1]?.time ?? start;
    const lapStartDistance = distance;
    const distances = lap.points.map((_, i) => lap.distances?.[i] ?? (distance += count++ === 0 ? 0 : 3));
    if (lap.distances) distance = lap.distances[lap.distances.length - 1] ?? distance;
    out.push(`<Lap StartTime="${new Date(start).toISOString()}"><TotalTimeSeconds>${(end - start) / 1000}</TotalTimeSeconds><DistanceMeters>${distance - lapStartDistance}</DistanceMeters>`);
    out.push('<AverageHeartRateBpm><Value>140</Value></AverageHeartRateBpm><Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>\n');
    if (options.trackpoints !== false) {
      out.push('<Track>\n');
      lap.points.forEach((pt, i) => {
        out.push(`<Trackpoint><Time>${new Date(pt.time!).toISOString()}</Time><Position><LatitudeDegrees>${pt.lat}</LatitudeDegrees><LongitudeDegrees>${pt.lon}</LongitudeDegrees></Position>`);
        if (pt.ele !== undefined) out.push(`<AltitudeMeters>${pt.ele}</AltitudeMeters>`);
        out.push(`<DistanceMeters>${distances[i]}</DistanceMeters>`);
        if (pt.hr !== undefined) out.push(`<HeartRateBpm><Value>${pt.hr}</Value></HeartRateBpm>`);
        out.push(`<Extensions><ns3:TPX><ns3:Speed>3.0</ns3:Speed>${pt.cad !== undefined ? `<ns3:RunCadence>${pt.cad}</ns3:RunCadence>` : ''}${pt.power !== undefined ? `<ns3:Watts>${pt.power}</ns3:Watts>` : ''}</ns3:TPX></Extensions></Trackpoint>\n`);
      });
      out.push('</Track>\n');
    }
    out.push('</Lap>\n');
  }
  if (options.notes !== undefined) out.push(`<Notes>${escapeXml(options.notes)}</Notes>`);
  out.push('<Creator><Name>Pacelab test watch</Name></Creator></Activity></Activities>\n</TrainingCenterDatabase>\n');
  return out.join('');
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** An independent haversine (atan2 form, same IUGG mean radius) for checking the decoder's distance. */
export function referenceLengthM(points: GenPoint[]): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    total += 2 * R * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
  }
  return total;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
