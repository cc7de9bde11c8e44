// GPX and TCX through the real upload → queue → import chain in workerd: a Strava-shaped export
// with FIT, GPX(.gz) and TCX(.gz) imports every activity once, the same activity in two formats
// ends `duplicate: same_activity` naming the file kept, names come from activities.csv.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { decodeFit } from '../../src/core/fit';
import { recordsKey } from '../../src/core/keys';
import { RECORDS_LAPS_KEY } from '../../src/core/parquet/encode-records';
import { toRecordsFile, openRecordsParquet } from '../../src/core/parquet/read-records';
import { decodeLapsJson } from '../../src/core/laps/laps-json';
import { buildGpx, buildTcx, type GenPoint, utf8, wanderingTrack } from '../support/gpx-tcx-fixtures';
import { gzipSync, sessionCount, zip } from './archive-fixtures';
import { api, corpusFile, hasCorpus, signup, uploadFiles, waitForJob, type JobJson } from './helpers';
import { tokenFor, web, webSignup } from './web-support';

function gpxTcx(name: string): Uint8Array {
  const b64 = env.GPX_TCX[name];
  if (!b64) throw new Error(`GPX/TCX corpus file ${name} is not available`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

const hasGpxTcx = () => Object.keys(env.GPX_TCX).length > 0;

function byName(job: JobJson, suffix: string) {
  const file = job.files.find((f) => f.name.endsWith(suffix));
  if (!file) throw new Error(`no file ending in ${suffix}: ${job.files.map((f) => f.name).join(', ')}`);
  return file;
}

async function importFiles(token: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<JobJson> {
  const { status, body } = await uploadFiles(token, files);
  expect(status).toBe(202);
  return waitForJob(token, body.job.id, 60_000);
}

interface SessionJson { id: string; name?: string; sport?: string; startTime?: string; distanceM?: number }

async function sessionsOf(token: string): Promise<SessionJson[]> {
  return (await (await api('/sessions?limit=200', { token })).json<{ items: SessionJson[] }>()).items;
}

/**
 * The FIT run re-recorded by a phone app: its times from 4 s after the watch's start, its
 * positions (the first fix standing in until the watch had one).
 */
async function gpxOfFit(fit: Uint8Array): Promise<Uint8Array> {
  const { records } = await decodeFit(fit);
  const lat = records.channels.positionLat!;
  const lon = records.channels.positionLong!;
  const fix = lat.findIndex(Number.isFinite);
  const points: GenPoint[] = [];
  for (let i = 4; i < records.length; i++) {
    const k = Number.isFinite(lat[i]) ? i : fix;
    points.push({ lat: lat[k]!, lon: lon[k]!, time: records.timestamp[i]! });
  }
  return utf8(buildGpx({ points, name: 'Phone copy', type: '9', creator: 'StravaGPX' }));
}

const XXE = '<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<gpx version="1.1"><trk><name>&xxe;</name></trk></gpx>';

describe.runIf(hasCorpus() && hasGpxTcx())('GPX and TCX imports', () => {
  it('a Strava-shaped export: FIT, GPX, GPX.gz, TCX, TCX.gz each once, the GPX copy of the FIT run a same_activity duplicate, names from activities.csv', async () => {
    const { token, runnerId } = await signup();
    const fit = corpusFile('run-garmin-fr645m-hr-gps.fit');
    const csv = [
      'Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Filename,Distance,Some Future Column',
      '100,"Mar 1, 2019",Tempo Tuesday,Run,"fast, then slow",1800,5.1,activities/100.fit.gz,5100,x',
      '101,"Mar 1, 2019",Phone copy,Run,,1800,5.1,activities/101.gpx,5100,',
      '102,"Jul 4, 2021","Sunday ""long"" run\nwith friends",Run,"line one\nline two",3170,8.2,activities/102.gpx.gz,8200,',
      '103,"Nov 25, 2018",<script>alert(1)</script>,Run,,816,2.1,activities/103.tcx.gz,2100,',
      '105,"May 27, 2017",,Run,,1424,4.8,activities/105.gpx,4800,',
    ].join('\n');
    const exportZip = zip({
      'activities.csv': utf8(csv),
      'activities/100.fit.gz': gzipSync(fit),
      'activities/101.gpx': await gpxOfFit(fit),
      'activities/102.gpx.gz': gzipSync(gpxTcx('nike-run-gpxpy.gpx')),
      'activities/103.tcx.gz': gzipSync(gpxTcx('garmin-run-3-laps.tcx')),
      'activities/104.tcx': gpxTcx('basic-3-laps.tcx'),
      'activities/105.gpx': gpxTcx('run-tomtom-2017.gpx'),
      'activities/106.gpx': utf8(XXE),
    });
    const job = await importFiles(token, [{ name: 'export_42.zip', bytes: exportZip }]);
    expect(job.counts).toMatchObject({ imported: 5, duplicate: 1, rejected: 1, failed: 0 });
    const fitFile = byName(job, '100.fit.gz');
    expect(fitFile.status).toBe('imported');
    for (const n of ['102.gpx.gz', '103.tcx.gz', '104.tcx', '105.gpx']) expect(byName(job, n).status).toBe('imported');
    const copy = byName(job, '101.gpx');
    expect(copy).toMatchObject({ status: 'duplicate', code: 'same_activity', duplicateOf: fitFile.id });
    expect(copy.message).toContain('export_42.zip/activities/100.fit.gz');
    expect(copy.sessionIds).toEqual(fitFile.sessionIds);
    expect(byName(job, '106.gpx')).toMatchObject({ status: 'rejected', code: 'xml_dtd_not_allowed' });
    expect(await sessionCount(runnerId)).toBe(5);

    const sessions = await sessionsOf(token);
    const named = (file: string) => sessions.find((s) => s.id === byName(job, file).sessionIds![0]);
    expect(named('100.fit.gz')?.name).toBe('Tempo Tuesday');
    expect(named('102.gpx.gz')?.name).toBe('Sunday "long" run with friends');
    expect(named('103.tcx.gz')?.name).toBe('<script>alert(1)</script>');
    expect(named('104.tcx')?.name).toBe('Aerobics'); // not in the CSV: the TCX <Notes>
    expect(named('105.gpx')?.name).toBe('Running'); // an empty CSV name: the GPX <name>
    expect(named('102.gpx.gz')?.distanceM).toBeCloseTo(8248.08, 0);
    expect(named('103.tcx.gz')).toMatchObject({ sport: 'running', startTime: '2018-11-25T07:20:49.000Z' });

    // TCX laps are kept as laps, through the same lap type and store as FIT laps, and served
    const tcxSession = byName(job, '103.tcx.gz').sessionIds![0]!;
    // stored in the session's records Parquet (`pacelab.laps`), read back by range as the API does
    const parquet = new Uint8Array(await (await env.FILES.get(recordsKey(runnerId, tcxSession)))!.arrayBuffer());
    const laps = decodeLapsJson((await openRecordsParquet(toRecordsFile(parquet))).keyValueMetadata[RECORDS_LAPS_KEY]!)!;
    const served = await (await api(`/sessions/${tcxSession}/laps`, { token })).json<{ items: Array<{ index: number; timerS?: number; distanceM?: number; startTime?: string }> }>();
    expect(served.items.map((l) => [l.index, l.timerS, l.distanceM])).toEqual(laps.map((l) => [l.index, l.timerS, l.distanceM]));
    expect(served.items[0]!.startTime).toBe('2018-11-25T07:20:49.000Z');
    expect(laps.map((l) => [l.index, l.timerS, l.distanceM, l.trigger, l.intensity])).toEqual([
      [0, 390, 1000, 'manual', 'active'], [1, expect.any(Number), expect.any(Number), 'manual', 'active'], [2, expect.any(Number), expect.any(Number), 'manual', 'active'],
    ]);
    expect(laps.reduce((s, l) => s + l.timerS!, 0)).toBeCloseTo(816, 3);
    expect(laps.reduce((s, l) => s + l.distanceM!, 0)).toBeCloseTo(2153.67, 2);
    expect(laps[1]!.startOffsetS).toBeGreaterThan(390);

    // the original GPX comes back as GPX
    const original = await api(`/sessions/${byName(job, '105.gpx').sessionIds![0]}/fit`, { token });
    expect(original.headers.get('content-type')).toBe('application/gpx+xml');
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(gpxTcx('run-tomtom-2017.gpx'));
  });

  it('both recordings of one run in one export: the TCX is kept (richer than GPX), the GPX is its same_activity duplicate, though 4.9 % longer', async () => {
    const { token, runnerId } = await signup();
    const job = await importFiles(token, [{ name: 'pair.zip', bytes: zip({ 'a/strava.gpx': gpxTcx('strava-export-stops.gpx'), 'b/garmin.tcx': gpxTcx('garmin-stops-3-laps.tcx') }) }]);
    const tcx = byName(job, 'garmin.tcx');
    expect(tcx.status).toBe('imported');
    expect(byName(job, 'strava.gpx')).toMatchObject({ status: 'duplicate', code: 'same_activity', duplicateOf: tcx.id });
    expect(await sessionCount(runnerId)).toBe(1);
  });

  it('whichever came first is kept: a GPX then the TCX of the same run uploaded later', async () => {
    const { token } = await signup();
    const first = await importFiles(token, [{ name: 'tomtom.gpx', bytes: gpxTcx('run-tomtom-2017.gpx') }]);
    expect(first.files[0]!.status).toBe('imported');
    const later = await importFiles(token, [{ name: 'tomtom.tcx.gz', bytes: gzipSync(gpxTcx('run-tomtom-2017.tcx')) }]);
    expect(later.files[0]).toMatchObject({ status: 'duplicate', code: 'same_activity', duplicateOf: first.files[0]!.id });
    expect(later.files[0]!.message).toContain('tomtom.gpx');
  });

  it('the same activity uploaded twice at once in two formats ends with exactly one session, whatever the timing', async () => {
    const { token, runnerId } = await signup();
    const [a, b] = await Promise.all([
      importFiles(token, [{ name: 'phone.gpx', bytes: gpxTcx('strava-export-stops.gpx') }]),
      importFiles(token, [{ name: 'watch.tcx', bytes: gpxTcx('garmin-stops-3-laps.tcx') }]),
    ]);
    const outcomes = [a.files[0]!, b.files[0]!];
    expect(outcomes.map((f) => f.status).sort()).toEqual(['duplicate', 'imported']);
    const kept = outcomes.find((f) => f.status === 'imported')!;
    expect(outcomes.find((f) => f.status === 'duplicate')).toMatchObject({ code: 'same_activity', duplicateOf: kept.id, sessionIds: kept.sessionIds });
    expect(await sessionCount(runnerId)).toBe(1);
  });

  it('direct uploads: .gpx, .gpx.gz, .tcx and a .gpx that is really a FIT (content wins); bad files get their codes and never block the batch', async () => {
    const { token } = await signup();
    const start = Date.parse('2024-03-03T08:00:00Z');
    const backwards = wanderingTrack(20, { start });
    backwards[10] = { ...backwards[10]!, time: start };
    const truncated = gzipSync(utf8(buildGpx({ points: wanderingTrack(3000, { start: start + 86_400_000 }) })));
    const utf16 = (text: string) => { const out = new Uint8Array(2 + text.length * 2); out.set([0xff, 0xfe]); for (let i = 0; i < text.length; i++) { out[2 + 2 * i] = text.charCodeAt(i) & 0xff; out[3 + 2 * i] = text.charCodeAt(i) >> 8; } return out; };
    const job = await importFiles(token, [
      { name: 'plain.gpx', bytes: utf8(buildGpx({ points: wanderingTrack(600, { start: start + 2 * 86_400_000 }) })) },
      { name: 'packed.gpx.gz', bytes: gzipSync(utf8(buildGpx({ points: wanderingTrack(600, { start: start + 3 * 86_400_000 }) }))) },
      { name: 'laps.tcx', bytes: utf8(buildTcx({ laps: [{ points: wanderingTrack(300, { start: start + 4 * 86_400_000 }) }] })) },
      { name: 'watch.gpx', bytes: corpusFile('run-garmin-fenix5-tiny.fit') },
      { name: 'wide.gpx', bytes: utf16(buildGpx({ points: wanderingTrack(50, { start: start + 5 * 86_400_000 }) }).replace('UTF-8', 'UTF-16')) },
      { name: 'backwards.gpx', bytes: utf8(buildGpx({ points: backwards })) },
      { name: 'cut.gpx.gz', bytes: truncated.subarray(0, truncated.length >> 1) },
      { name: 'single.gpx', bytes: utf8(buildGpx({ points: wanderingTrack(1, { start: start + 6 * 86_400_000 }) })) },
      { name: 'empty-laps.tcx', bytes: utf8(buildTcx({ laps: [{ points: wanderingTrack(30) }], trackpoints: false })) },
      { name: 'billion.gpx', bytes: utf8('<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><gpx><trk><name>&b;</name></trk></gpx>') },
    ]);
    const status = Object.fromEntries(job.files.map((f) => [f.name, f.code ? `${f.status}:${f.code}` : f.status]));
    expect(status).toEqual({
      'plain.gpx': 'imported', 'packed.gpx.gz': 'imported', 'laps.tcx': 'imported', 'watch.gpx': 'imported', 'wide.gpx': 'imported',
      'backwards.gpx': 'rejected:time_not_monotonic', 'cut.gpx.gz': expect.stringMatching(/^rejected:(truncated_data|corrupt_data)$/),
      'single.gpx': 'skipped:too_few_points', 'empty-laps.tcx': 'skipped:no_trackpoints', 'billion.gpx': 'rejected:xml_dtd_not_allowed',
    });
    for (const f of job.files) if (f.status !== 'imported') expect(f.message!.length).toBeGreaterThan(15);
    const detail = await (await api(`/sessions/${byName(job, 'watch.gpx').sessionIds![0]}`, { token })).json<{ fitFile: { format: string } }>();
    expect(detail.fitFile.format).toBe('fit');
  });

  it('PATCH /sessions/{id} sets and clears the title; hostile titles render literally in the pages', async () => {
    const { cookie } = await webSignup('Titles');
    const token = await tokenFor(cookie);
    const job = await importFiles(token, [{ name: 'run.gpx', bytes: utf8(buildGpx({ points: wanderingTrack(120), name: '<img src=x onerror=alert(1)> & "tempo"' })) }]);
    const id = job.files[0]!.sessionIds![0]!;
    for (const path of ['/sessions', `/sessions/${id}`, '/']) {
      const page = await (await web(path, { cookie })).text();
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;tempo&quot;');
      expect(page).not.toContain('<img src=x');
    }
    const patch = (body: unknown) => api(`/sessions/${id}`, { token, method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const renamed = await patch({ name: '  Easy 10k  ' });
    expect(renamed.status).toBe(200);
    expect((await renamed.json<{ session: SessionJson; job: unknown }>())).toMatchObject({ session: { name: 'Easy 10k' }, job: null });
    expect((await (await api(`/sessions/${id}`, { token })).json<SessionJson>()).name).toBe('Easy 10k');
    expect((await (await patch({ name: null })).json<{ session: SessionJson }>()).session.name).toBeUndefined();
    expect((await patch({ name: 'x'.repeat(201) })).status).toBe(400);
    expect((await patch({ name: '' })).status).toBe(400);
    expect((await patch({ title: 'no such field' })).status).toBe(400);
    expect((await api('/sessions/nope', { token, method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' })).status).toBe(404);
  });
});
