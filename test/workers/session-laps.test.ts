/**
 * Laps and intervals through the API (issue 12 item 4): every corpus activity file the workerd
 * bindings carry is imported; GET /sessions/{id}/laps serves as many laps, summed over the file's
 * sessions, as MANIFEST.md counts; the session detail carries flags; intervals answer.
 * (Files over the 400 KB binding limit are covered by the Node corpus laps test.)
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { lapsKey, recordsKey } from '../../src/core/keys';
import { encodeLapsJson } from '../../src/core/laps/laps-json';
import { encodeRecordsParquet } from '../../src/core/parquet/encode-records';
import { api, corpusFile, hasCorpus, signup, uploadFiles, waitForJob } from './helpers';

describe.skipIf(!hasCorpus())('laps and intervals API', () => {
  it('serves the MANIFEST lap count for every corpus activity file in the bindings', async () => {
    const { token } = await signup();
    const names = Object.keys(env.CORPUS_LAPS).filter((n) => env.CORPUS[n] !== undefined).sort();
    expect(names.length).toBeGreaterThanOrEqual(12);
    const up = await uploadFiles(token, names.map((name) => ({ name, bytes: corpusFile(name) })));
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id, 120_000);
    let checked = 0;
    for (const file of job.files) {
      expect(file.status, `${file.name}: ${file.message ?? ''}`).toBe('imported');
      let total = 0;
      for (const id of file.sessionIds ?? []) {
        const res = await api(`/sessions/${id}/laps`, { token });
        expect(res.status).toBe(200);
        const body = await res.json<{ items: Array<{ index: number; timerS?: number; distanceM?: number; trigger?: string }> }>();
        body.items.forEach((l, k) => expect(l.index).toBe(k));
        total += body.items.length;
      }
      expect(total, file.name).toBe(env.CORPUS_LAPS[file.name]);
      checked++;
    }
    expect(checked).toBe(names.length);
  });

  it('answers laps, intervals and flags for a session, and 404 for another runner', async () => {
    const { token } = await signup();
    const up = await uploadFiles(token, [{ name: 'run-garmin-fr645m-hr-gps.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }]);
    const job = await waitForJob(token, up.body.job.id);
    const id = job.files[0]!.sessionIds![0]!;
    const laps = await (await api(`/sessions/${id}/laps`, { token })).json<{ items: Array<{ startTime?: string; distanceM?: number; avgHr?: number }> }>();
    expect(laps.items).toHaveLength(6);
    expect(laps.items[0]!.startTime).toBe('2019-09-14T15:22:05.000Z');
    expect(laps.items.reduce((a, l) => a + (l.distanceM ?? 0), 0)).toBeCloseTo(5839.77, 1);
    const intervals = await api(`/sessions/${id}/intervals`, { token });
    expect(intervals.status).toBe(200);
    expect(['laps', 'detected', 'none']).toContain((await intervals.json<{ source: string }>()).source);
    const detail = await (await api(`/sessions/${id}`, { token })).json<{ flags: unknown[]; distanceM: number; stats: { totals?: { distanceM: number } } }>();
    expect(Array.isArray(detail.flags)).toBe(true);
    // one number everywhere: the session's distance equals its stats' totals
    if (detail.stats.totals) expect(detail.distanceM).toBe(detail.stats.totals.distanceM);
    const other = await signup();
    expect((await api(`/sessions/${id}/laps`, { token: other.token })).status).toBe(404);
    expect((await api(`/sessions/${id}/intervals`, { token: other.token })).status).toBe(404);
  });

  it('keeps the laps in the records Parquet (no object of their own); a session stored the older way reads its laps object', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, [{ name: 'run-garmin-fr645m-hr-gps.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }]);
    const id = (await waitForJob(token, up.body.job.id)).files[0]!.sessionIds![0]!;
    // issue 14 item 5: one R2 put less per imported session
    expect(await env.FILES.head(lapsKey(runnerId, id))).toBeNull();
    expect(await env.FILES.head(recordsKey(runnerId, id))).not.toBeNull();
    expect((await (await api(`/sessions/${id}/laps`, { token })).json<{ items: unknown[] }>()).items).toHaveLength(6);
    // the layout before: records without `pacelab.laps`, the laps in laps.json
    await env.FILES.put(recordsKey(runnerId, id), encodeRecordsParquet({ length: 0, timestamp: new Float64Array(0), channels: {} }, { sessionId: id }));
    await env.FILES.put(lapsKey(runnerId, id), encodeLapsJson([{ index: 0, timerS: 61, distanceM: 200 }, { index: 1, timerS: 62, distanceM: 201 }]));
    const old = await (await api(`/sessions/${id}/laps`, { token })).json<{ items: Array<{ timerS?: number; distanceM?: number }> }>();
    expect(old.items.map((l) => [l.timerS, l.distanceM])).toEqual([[61, 200], [62, 201]]);
  });
});
