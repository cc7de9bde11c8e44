/**
 * Issue 13 §3, export my data: POST /exports → an 'export' job whose queue step streams ONE ZIP
 * into R2 (originals, Parquet, a JSON of sessions and statistics); GET says when it is ready;
 * the download is an attachment, never cached; the settings page links it; another runner
 * cannot read it; it is not charged to the quota.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import { api, signup, uploadFiles, waitForJob } from './helpers';
import { ledgerOf, objectsUnder, run, usage } from './storage-support';
import { tokenFor, web, webSignup } from './web-support';

interface ExportJson { id: string; status: string; size?: number; downloadUrl?: string; job: { id: string; kind: string } }

async function readyExport(token: string, id: string): Promise<ExportJson> {
  for (let i = 0; i < 300; i++) {
    const current = await (await api(`/exports/${id}`, { token })).json<ExportJson>();
    if (current.status !== 'building') return current;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('export not ready');
}

describe('export my data', () => {
  it('builds one ZIP of the originals, the Parquet and a JSON of sessions with statistics', async () => {
    const { token, runnerId } = await signup('Exporter');
    const up = await uploadFiles(token, [{ name: 'monday.fit', bytes: run(0) }, { name: 'week.zip', bytes: zipSync({ 'w/tue.fit': run(1), 'w/wed.fit': run(2) }) }]);
    const job = await waitForJob(token, up.body.job.id);
    const sessionIds = job.files.flatMap((f) => f.sessionIds ?? []);
    expect(sessionIds).toHaveLength(3);
    const usedBefore = (await usage(token)).usedBytes;

    const started = await api('/exports', { method: 'POST', token });
    expect(started.status).toBe(202);
    const created = await started.json<ExportJson>();
    expect(created.job.kind).toBe('export');
    expect(started.headers.get('location')).toBe(`/api/v1/exports/${created.id}`);
    const ready = await readyExport(token, created.id);
    expect(ready).toMatchObject({ status: 'ready', downloadUrl: `/api/v1/exports/${created.id}/download` });

    const other = await signup('Other');
    expect((await api(`/exports/${created.id}/download`, { token: other.token })).status).toBe(404);
    const res = await api(`/exports/${created.id}/download`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="pacelab-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(ready.size);
    const members = unzipSync(bytes);
    const names = Object.keys(members).sort();
    expect(names.filter((n) => n.startsWith('records/')).sort()).toEqual(sessionIds.map((id) => `records/${id}.parquet`).sort());
    const originals = names.filter((n) => n.startsWith('originals/'));
    expect(originals).toHaveLength(3);
    // the originals are the files as uploaded, byte for byte
    const originalOf = (suffix: string) => members[originals.find((n) => n.endsWith(suffix))!]!;
    expect(originalOf('-monday.fit')).toEqual(run(0));
    expect(originalOf('-wed.fit')).toEqual(run(2));
    // Parquet as stored (magic at both ends)
    const parquet = members[`records/${sessionIds[0]}.parquet`]!;
    expect(new TextDecoder().decode(parquet.subarray(0, 4))).toBe('PAR1');
    const json = JSON.parse(new TextDecoder().decode(members['pacelab.json']!)) as { format: string; runner: { id: string; name: string; passwordHash?: string }; sessions: Array<{ id: string; startTime: number; stats: { stats: unknown } | null }> };
    expect(json.format).toBe('pacelab-export/1');
    expect(json.runner).toMatchObject({ id: runnerId, name: 'Exporter' });
    expect(json.runner.passwordHash).toBeUndefined();
    expect(json.sessions.map((s) => s.id).sort()).toEqual([...sessionIds].sort());
    for (const s of json.sessions) expect(s.stats?.stats).toBeTruthy();

    // not charged to the quota, and one export is kept
    expect((await usage(token)).usedBytes).toBe(usedBefore);
    expect([...(await ledgerOf(runnerId)).keys()].some((k) => k.includes('/exports/'))).toBe(false);
    const again = await (await api('/exports', { method: 'POST', token })).json<ExportJson>();
    await readyExport(token, again.id);
    expect([...(await objectsUnder(`runners/${runnerId}/exports/`)).keys()]).toEqual([`runners/${runnerId}/exports/${again.id}.zip`]);
  });

  it('is offered on the settings page, with its own banner wording, and downloads with the session cookie', async () => {
    const { cookie } = await webSignup();
    const token = await tokenFor(cookie);
    const up = await uploadFiles(token, [{ name: 'run.fit', bytes: run(3) }]);
    await waitForJob(token, up.body.job.id);
    const posted = await web('/settings/export', { method: 'POST', cookie });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Your export is being prepared');
    const jobs = await (await api('/jobs', { token })).json<{ items: Array<{ id: string; kind: string }> }>();
    const exportJob = jobs.items.find((j) => j.kind === 'export')!;
    await readyExport(token, exportJob.id);
    const page = await (await web('/settings', { cookie })).text();
    expect(page).toContain(`href="/api/v1/exports/${exportJob.id}/download"`);
    expect(page).toMatch(/Your data export is ready to download|Preparing your data export|Download your export/);
    const res = await web(`/api/v1/exports/${exportJob.id}/download`, { cookie });
    expect(res.status).toBe(200);
    expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())))).toContain('pacelab.json');
  });
});
