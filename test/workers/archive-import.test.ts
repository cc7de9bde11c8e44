import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, corpusFile, shardDb, signup, uploadFiles, waitForJob, type JobJson } from './helpers';
import { gzipSync, overlappingBomb, patchCrc, sessionCount, text, zip } from './archive-fixtures';

const tiny = () => corpusFile('run-garmin-fenix5-tiny.fit');
const suunto = () => corpusFile('run-suunto-move.fit');
const fr110 = () => corpusFile('run-garmin-fr110-2013.fit');

function byName(job: JobJson, suffix: string) {
  const file = job.files.find((f) => f.name.endsWith(suffix));
  if (!file) throw new Error(`no file ending in ${suffix}: ${job.files.map((f) => f.name).join(', ')}`);
  return file;
}

async function importArchive(token: string, name: string, bytes: Uint8Array): Promise<JobJson> {
  const { status, body } = await uploadFiles(token, [{ name, bytes }]);
  expect(status).toBe(202);
  return waitForJob(token, body.job.id, 60_000);
}

describe('archive uploads', () => {
  it('imports a Garmin-shaped export (zip → UploadedFiles_0_Part1.zip → FIT) once each, with the tree and counts', async () => {
    const { token, runnerId } = await signup();
    const inner = zip({ '1001.fit': tiny(), '1002.fit': suunto(), 'settings.fit': corpusFile('settings-garmin-edge510.fit') });
    const exportZip = zip({
      'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0_Part1.zip': inner,
      'DI_CONNECT/DI-Connect-Fitness/ana_0_summarizedActivities.json': text('[{"activityId":1}]'),
      'DI_CONNECT/DI-Connect-User/user_profile.json': text('{"userName":"ana"}'),
    });
    const job = await importArchive(token, 'garmin-export.zip', exportZip);
    expect(job.counts).toMatchObject({ found: 7, expanded: 2, imported: 2, skipped: 1, ignored: 2, rejected: 0, failed: 0 });
    expect(job.status).toBe('completed');
    const fit = byName(job, 'UploadedFiles_0_Part1.zip/1001.fit');
    expect(fit.name).toBe('garmin-export.zip/DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0_Part1.zip/1001.fit');
    expect(fit.status).toBe('imported');
    expect(byName(job, 'settings.fit')).toMatchObject({ status: 'skipped', code: 'not_activity' });
    expect(byName(job, 'user_profile.json')).toMatchObject({ status: 'ignored', code: 'not_activity' });
    expect(await sessionCount(runnerId)).toBe(2);
    // The original FIT bytes come back from the session, extracted from the nested archive.
    const res = await api(`/sessions/${fit.sessionIds![0]}/fit`, { token });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(tiny());
    // read from the archive by range (no copy stored); a member imported before that layout has
    // its copy at r2_key and no archive_member, and is read from the copy
    const db = await shardDb(runnerId);
    const row = await db.prepare('SELECT r2_key, archive_member FROM fit_files WHERE id = ?').bind(fit.id).first<{ r2_key: string; archive_member: string | null }>();
    expect(JSON.parse(row!.archive_member!)).toMatchObject({ uncompressedSize: tiny().length, method: 8 });
    expect(await env.FILES.head(row!.r2_key)).toBeNull();
    await db.prepare('UPDATE fit_files SET archive_member = NULL WHERE id = ?').bind(fit.id).run();
    expect((await api(`/sessions/${fit.sessionIds![0]}/fit`, { token })).status).toBe(404);
    await env.FILES.put(row!.r2_key, tiny());
    expect(new Uint8Array(await (await api(`/sessions/${fit.sessionIds![0]}/fit`, { token })).arrayBuffer())).toEqual(tiny());

    // The same export again: every FIT is a duplicate, nothing new is stored.
    const again = await importArchive(token, 'garmin-export.zip', exportZip);
    expect(again.counts).toMatchObject({ found: 7, expanded: 2, imported: 0, duplicate: 2, skipped: 1, ignored: 2 });
    expect(await sessionCount(runnerId)).toBe(2);
  });

  it('imports a Strava-shaped export: activities/*.fit.gz, an empty GPX/TCX skipped, activities.csv ignored', async () => {
    const { token, runnerId } = await signup();
    const gpx = '<?xml version="1.0"?><gpx version="1.1" creator="x"><trk/></gpx>';
    const tcx = '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"/>';
    const strava = zip({
      'activities/111.fit.gz': gzipSync(tiny()),
      'activities/222.fit.gz': gzipSync(fr110()),
      'activities/333.gpx': text(gpx),
      'activities/444.tcx.gz': gzipSync(text(tcx)),
      'activities.csv': text('Activity ID,Activity Date,Activity Name\n111,"Jan 1, 2024",Run\n'),
      'profile.json': text('{}'),
    });
    const job = await importArchive(token, 'export_12345.zip', strava);
    expect(job.counts).toMatchObject({ found: 7, expanded: 1, imported: 2, skipped: 2, ignored: 2, rejected: 0 });
    expect(byName(job, '333.gpx')).toMatchObject({ status: 'skipped', code: 'not_activity' });
    expect(byName(job, '444.tcx.gz')).toMatchObject({ status: 'skipped', code: 'not_activity' });
    expect(byName(job, 'activities.csv')).toMatchObject({ status: 'ignored', code: 'activities_csv' });
    expect(await sessionCount(runnerId)).toBe(2);

    // A .fit.gz uploaded on its own is unwrapped too (and is the same recording: a duplicate).
    const single = await importArchive(token, 'run.fit.gz', gzipSync(tiny()));
    expect(single.files[0]).toMatchObject({ status: 'duplicate', code: 'duplicate_file' });
  });

  it('rejects a damaged entry (CRC-32) with its code while its siblings import', async () => {
    const { token } = await signup();
    const bad = patchCrc(zip({ 'a.fit': tiny(), 'b.fit': suunto(), 'c.fit': fr110() }, 0), 1);
    const job = await importArchive(token, 'three.zip', bad);
    expect(job.counts).toMatchObject({ found: 4, expanded: 1, imported: 2, rejected: 1 });
    expect(byName(job, 'b.fit')).toMatchObject({ status: 'rejected', code: 'crc_mismatch' });
    expect(byName(job, 'b.fit').message).toMatch(/checksum/);
    expect(job.status).toBe('completed_with_errors');
  });

  it('rejects an overlapping-entries bomb before anything is inflated', async () => {
    const { token, runnerId } = await signup();
    const bomb = overlappingBomb(zip({ 'kernel.fit': tiny() }), 50);
    const job = await importArchive(token, 'bomb.zip', bomb);
    expect(job.counts).toMatchObject({ found: 1, rejected: 1 });
    expect(job.files[0]).toMatchObject({ status: 'rejected', code: 'overlapping_entries' });
    const listed = await env.FILES.list({ prefix: `runners/${runnerId}/` });
    expect(listed.objects.map((o) => o.key).filter((k) => !k.includes('/uploads/'))).toEqual([]);
  });

  it('rejects a third level of nesting, high-ratio entries and entries past the output budget, alone', async () => {
    const { token } = await signup();
    const level3 = zip({ 'deep.fit': fr110() });
    const level2 = zip({ 'inner.zip': level3, 'ok.fit': suunto() });
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const nested = zip({ 'middle.zip': level2, 'top.fit': tiny(), 'bomb.fit': zeros });
    const job = await importArchive(token, 'nested.zip', nested);
    expect(byName(job, 'inner.zip')).toMatchObject({ status: 'rejected', code: 'nesting_too_deep' });
    expect(byName(job, 'bomb.fit')).toMatchObject({ status: 'rejected', code: 'ratio_exceeded' });
    expect(job.counts).toMatchObject({ expanded: 2, imported: 2, rejected: 2 });

    // 900 KB of zeros stays under the ratio cap's 1 MiB grace, but ten of them pass 30 × the upload.
    const padded: Record<string, Uint8Array> = { 'a.fit': suunto() };
    for (let i = 0; i < 10; i++) padded[`z${i}.fit`] = new Uint8Array(900 * 1024);
    const budget = await importArchive(token, 'padded.zip', zip(padded));
    expect(byName(budget, 'a.fit').status).not.toBe('rejected');
    expect(budget.files.filter((f) => f.code === 'output_budget_exceeded')).toHaveLength(10);
  });
});
