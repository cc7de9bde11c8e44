// Hostile and broken GPX/TCX: each refused (or skipped) with its own stable code, never expanded,
// never a crash, memory bounded by caps rather than by the file.
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeActivity, decodeGpx, decodeTcx } from '../../../src/core/activity';
import { createMemoryByteSource, DEFAULT_ARCHIVE_CAPS, openGzip } from '../../../src/core/archive';
import { MAX_XML_BYTES } from '../../../src/core/activity';
import { isDomainError } from '../../../src/core/errors';
import { buildGpx, buildTcx, gpxPoint, utf8, wanderingTrack } from '../../support/gpx-tcx-fixtures';
import { buildLongRun } from '../fit/synthetic';

async function codeOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(() => null, (e: unknown) => e);
  if (!isDomainError(error)) throw new Error(`expected a DomainError, got ${String(error)}`);
  expect(error.retryable).toBe(false);
  expect(error.message.length).toBeGreaterThan(10);
  return error.code;
}

const points = wanderingTrack(10);
const good = buildGpx({ points });

describe('DTDs and entities are refused, never expanded', () => {
  it('XXE (an external entity): xml_dtd_not_allowed', async () => {
    const xxe = good.replace('<gpx ', '<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<gpx ').replace('<trk>', '<trk><name>&xxe;</name>');
    expect(await codeOf(decodeGpx(utf8(xxe)))).toBe('xml_dtd_not_allowed');
  });

  it('billion laughs: xml_dtd_not_allowed', async () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE gpx [${lol.join('')}]>\n<gpx version="1.1"><trk><name>&lol9;</name></trk></gpx>`;
    expect(await codeOf(decodeGpx(utf8(doc)))).toBe('xml_dtd_not_allowed');
  });

  it('quadratic blowup (one 50 kB entity referenced 50 000 times): xml_dtd_not_allowed', async () => {
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE TrainingCenterDatabase [<!ENTITY a "${'a'.repeat(50_000)}">]>\n<TrainingCenterDatabase><Activities><Activity Sport="Running"><Notes>${'&a;'.repeat(50_000)}</Notes></Activity></Activities></TrainingCenterDatabase>`;
    expect(await codeOf(decodeTcx(utf8(doc)))).toBe('xml_dtd_not_allowed');
  });

  it('an entity used without any declaration is malformed, not looked up', async () => {
    expect(await codeOf(decodeGpx(utf8(good.replace('<trk>', '<trk><name>&xxe;</name>'))))).toBe('xml_malformed');
  });
});

describe('caps keep memory flat', () => {
  it('a 200 MB GPX of one point repeated (streamed, never held) stops at the size cap: xml_too_large', async () => {
    expect(MAX_XML_BYTES).toBeLessThan(200 * 1_048_576);
    const cap = 16 * 1_048_576; // the default cap works the same; a smaller one keeps the test quick
    const pt = utf8(gpxPoint(points[0]!, 'gpxtpx:', '', false));
    const head = utf8(buildGpx({ points: [] }).split('<trkseg>')[0] + '<trkseg>\n');
    const total = 200 * 1_048_576;
    let produced = 0;
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield head;
      const block = new Uint8Array(pt.length * 2000);
      for (let k = 0; k < 2000; k++) block.set(pt, k * pt.length);
      while (produced < total) { produced += block.length; yield block; }
    }
    expect(await codeOf(decodeGpx(stream(), { maxBytes: cap }))).toBe('xml_too_large');
    expect(produced).toBeLessThan(cap + 1_048_576); // read no further than the cap
  });

  it('the same point repeated past the point cap: too_many_points', async () => {
    const pt = gpxPoint(points[0]!, 'gpxtpx:', '', false);
    const doc = buildGpx({ points: [] }).replace('<trkseg>\n', `<trkseg>\n${pt.repeat(5001)}`);
    expect(await codeOf(decodeGpx(utf8(doc), { maxPoints: 5000 }))).toBe('too_many_points');
  });

  it('a truncated gzip (streamed into the decoder) is refused with the code of the gzip reader', async () => {
    const gz = gzipSync(utf8(buildGpx({ points: wanderingTrack(2000) })));
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const error = await decodeGpx(openGzip(createMemoryByteSource(cut), DEFAULT_ARCHIVE_CAPS)).then(() => null, (e: unknown) => e);
    expect(isDomainError(error) && error.code).toMatch(/^(truncated_data|corrupt_data)$/);
  });
});

describe('structure and values', () => {
  it('malformed XML: xml_malformed with the line', async () => {
    const error = await decodeGpx(utf8(good.replace('</trkseg>', ''))).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('xml_malformed');
    expect((error as Error).message).toMatch(/line \d+/);
  });

  it('a GPX with no track points: skipped not_activity', async () => {
    const a = await decodeGpx(utf8(buildGpx({ points: [] })));
    expect(a.skip?.code).toBe('not_activity');
  });

  it('a GPX with routes and waypoints but no timed track: skipped not_activity', async () => {
    const extra = '<wpt lat="45" lon="7"><name>Start</name></wpt><rte><rtept lat="45" lon="7"/><rtept lat="45.1" lon="7"/></rte>';
    const a = await decodeGpx(utf8(buildGpx({ points: [], extra })));
    expect(a.skip).toEqual({ code: 'not_activity', message: expect.stringContaining('routes or waypoints') });
  });

  it('a track without times (a planned route): skipped not_activity', async () => {
    const a = await decodeGpx(utf8(buildGpx({ points: points.map(({ time: _t, ...p }) => p) })));
    expect(a.skip?.code).toBe('not_activity');
  });

  it('a GPX with one point: skipped too_few_points', async () => {
    expect((await decodeGpx(utf8(buildGpx({ points: points.slice(0, 1) })))).skip?.code).toBe('too_few_points');
  });

  it('times going backwards: time_not_monotonic', async () => {
    const back = [...points.slice(0, 5), { ...points[5]!, time: points[2]!.time }, ...points.slice(6)];
    expect(await codeOf(decodeGpx(utf8(buildGpx({ points: back }))))).toBe('time_not_monotonic');
  });

  it('some points timed, some not: missing_time', async () => {
    const mixed = points.map((p, i) => (i === 4 ? { ...p, time: undefined } : p));
    expect(await codeOf(decodeGpx(utf8(buildGpx({ points: mixed }))))).toBe('missing_time');
  });

  it('an unreadable time: bad_time', async () => {
    expect(await codeOf(decodeGpx(utf8(good.replace('2024-05-04T07:00:03.000Z', 'yesterday'))))).toBe('bad_time');
  });

  for (const [lat, lon] of [['91', '7'], ['45', '-180.5'], ['NaN', '7'], ['', '7']]) {
    it(`absurd coordinates (${lat || 'empty'}, ${lon}): bad_coordinates`, async () => {
      const doc = good.replace(`lat="${points[3]!.lat}" lon="${points[3]!.lon}"`, `lat="${lat}" lon="${lon}"`);
      expect(await codeOf(decodeGpx(utf8(doc)))).toBe('bad_coordinates');
    });
  }

  it('a TCX without trackpoints: skipped no_trackpoints', async () => {
    const a = await decodeTcx(utf8(buildTcx({ laps: [{ points }], trackpoints: false })));
    expect(a.skip?.code).toBe('no_trackpoints');
  });

  it('a TCX of courses only (no activity): skipped not_activity', async () => {
    const doc = '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Courses><Course><Name>Loop</Name></Course></Courses></TrainingCenterDatabase>';
    expect((await decodeTcx(utf8(doc))).skip?.code).toBe('not_activity');
  });

  it('XML whose root is neither: not_gpx / not_tcx', async () => {
    expect(await codeOf(decodeGpx(utf8('<?xml version="1.0"?><kml/>')))).toBe('not_gpx');
    expect(await codeOf(decodeActivity(utf8('<?xml version="1.0"?><Activities/>'), { name: 'x.tcx' }))).toBe('not_tcx');
  });

  it('an encoding nobody writes GPX in: xml_encoding_unsupported', async () => {
    expect(await codeOf(decodeGpx(utf8(good.replace('encoding="UTF-8"', 'encoding="EBCDIC-US"'))))).toBe('xml_encoding_unsupported');
  });
});

describe('encodings and content sniffing', () => {
  function utf16(text: string, littleEndian: boolean): Uint8Array {
    const out = new Uint8Array(2 + text.length * 2);
    out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + 2 * i] = littleEndian ? c & 0xff : c >> 8;
      out[3 + 2 * i] = littleEndian ? c >> 8 : c & 0xff;
    }
    return out;
  }

  for (const littleEndian of [true, false]) {
    it(`UTF-16${littleEndian ? 'LE' : 'BE'} with a BOM reads like UTF-8 (non-ASCII name across chunk edges)`, async () => {
      const long = wanderingTrack(400);
      const text = buildGpx({ points: long, name: 'Course à pied — 𝄞 Zürich' }).replace('encoding="UTF-8"', 'encoding="UTF-16"');
      const a = await decodeActivity(utf16(text, littleEndian), { name: 'run.gpx' });
      const b = await decodeActivity(utf8(text.replace('encoding="UTF-16"', 'encoding="UTF-8"')));
      expect(a.format).toBe('gpx');
      expect(a.title).toBe('Course à pied — 𝄞 Zürich');
      expect(a.decoded.records.length).toBe(400);
      expect(a.decoded.sessions).toEqual(b.decoded.sessions);
    });
  }

  it('a UTF-8 BOM and a Latin-1 declaration', async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(good)]);
    expect((await decodeActivity(withBom)).decoded.records.length).toBe(10);
    const latin = buildGpx({ points, name: 'Caf\u00e9' }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const bytes = Uint8Array.from(latin, (c) => c.charCodeAt(0));
    expect((await decodeGpx(bytes)).title).toBe('Café');
  });

  it('a ".gpx" that is really a FIT is decoded as FIT (content wins over the name)', async () => {
    const a = await decodeActivity(buildLongRun(60), { name: 'morning.gpx' });
    expect(a.format).toBe('fit');
    expect(a.decoded.sessions.length).toBe(1);
  });

  it('a ".fit" that is really a GPX is decoded as GPX', async () => {
    expect((await decodeActivity(utf8(good), { name: 'run.fit' })).format).toBe('gpx');
  });
});
