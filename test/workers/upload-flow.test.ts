import { describe, expect, it } from 'vitest';
import { api, corpusFile, signup, uploadFiles, waitForJob } from './helpers';

describe('upload → background import → sessions', () => {
  it('imports every good file of a mixed batch and gives each bad one its own code', async () => {
    const { token } = await signup();
    const files = [
      { name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') },
      { name: 'bitflip.fit', bytes: corpusFile('corrupt-bitflip.fit') },
      { name: 'gpx-in-disguise.fit', bytes: corpusFile('corrupt-not-fit-gpx.fit') },
      { name: 'settings.fit', bytes: corpusFile('settings-garmin-edge510.fit') },
      { name: 'triathlon.fit', bytes: corpusFile('multisport-fr255-triathlon-summary-first.fit') },
      { name: 'empty.fit', bytes: new Uint8Array(0) },
    ];
    const started = Date.now();
    const { status, body } = await uploadFiles(token, files);
    expect(status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(body.uploads).toHaveLength(6);
    expect(body.job.counts.found).toBe(6);

    const job = await waitForJob(token, body.job.id);
    const byName = Object.fromEntries(job.files.map((f) => [f.name, f]));
    expect(byName['run.fit']).toMatchObject({ status: 'imported' });
    expect(byName['bitflip.fit']).toMatchObject({ status: 'rejected', code: 'crc_mismatch' });
    // content wins over the name: a GPX named .fit is read as GPX (one point: nothing to import)
    expect(byName['gpx-in-disguise.fit']).toMatchObject({ status: 'skipped', code: 'too_few_points' });
    expect(byName['settings.fit']).toMatchObject({ status: 'skipped', code: 'not_activity' });
    expect(byName['triathlon.fit'].status).toBe('imported');
    expect(byName['triathlon.fit'].sessionIds).toHaveLength(5);
    expect(byName['empty.fit']).toMatchObject({ status: 'rejected', code: 'empty_file' });
    for (const f of job.files) if (f.status === 'rejected') expect(f.message?.length).toBeGreaterThan(10);
    expect(job.status).toBe('completed_with_errors');
    expect(job.counts).toMatchObject({ found: 6, imported: 2, rejected: 2, skipped: 2, duplicate: 0, failed: 0 });

    const list = await (await api('/sessions', { token })).json<{ items: Array<{ id: string; sport: string; startTime: string }>; nextCursor: string | null }>();
    expect(list.items).toHaveLength(6);
    const starts = list.items.map((s) => s.startTime);
    expect([...starts].sort().reverse()).toEqual(starts);

    const runId = byName['run.fit'].sessionId!;
    const detail = await (await api(`/sessions/${runId}`, { token })).json<{ sport: string; startTime: string; device: Record<string, number> }>();
    expect(detail.sport).toBe('running');
    expect(detail.startTime).toBe('2019-09-14T15:22:05.000Z');
    expect(detail.device.distanceM).toBeCloseTo(5839.77, 2);
    expect(detail.device.avgHr).toBe(130);

    const parquet = await api(`/sessions/${runId}/records`, { token });
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const bytes = new Uint8Array(await parquet.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');

    const json = await (await api(`/sessions/${runId}/records?format=json`, { token })).json<{ rows: unknown[] }>();
    expect(json.rows).toHaveLength(1202);
    const csv = await (await api(`/sessions/${runId}/records?format=csv`, { token })).text();
    expect(csv.trim().split('\n')).toHaveLength(1203);

    const fit = await api(`/sessions/${runId}/fit`, { token });
    expect(new Uint8Array(await fit.arrayBuffer())).toEqual(corpusFile('run-garmin-fr645m-hr-gps.fit'));
  });
});
