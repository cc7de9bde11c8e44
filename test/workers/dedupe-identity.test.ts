/**
 * Two different FIT files with the same file_id identity (device serial + time_created): the
 * same recording re-saved or edited (a watch never writes two activities under one identity),
 * so one is imported and the other is `duplicate_activity` of exactly that file — its outcome
 * names that file and its sessions, and every stored object is under a committed session.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { runnerPrefix } from '../../src/core/keys';
import { buildActivity } from '../unit/analysis/generated-activity';
import { shardDb, signup, uploadFiles, waitForJob, type JobJson } from './helpers';

/** a pool swim from the identity's creation time (START) */
function swim(): Uint8Array {
  const lengths = Array.from({ length: 4 }, (_, k) => ({ start: k * 20, elapsed: 20, type: 1, strokes: 14, speed: 1.25 }));
  const records = Array.from({ length: 81 }, (_, s) => ({ t: s, hr: 120 }));
  return buildActivity({ records, lengths, sessions: [{ start: 0, elapsed: 80, timer: 80, distance: 100, sport: 5, subSport: 17, poolLength: 25, poolUnit: 0 }] });
}

/** a run with the same file_id (base START) but other content, starting `hours` later */
function run(hours = 1): Uint8Array {
  const start = hours * 3600;
  const records = Array.from({ length: 301 }, (_, s) => ({ t: start + s, distance: s * 3, hr: 140, speed: 3 }));
  return buildActivity({ records, sessions: [{ start, elapsed: 300, distance: 900, sport: 1 }] });
}

async function committed(runnerId: string): Promise<Array<{ id: string; fit_file_id: string }>> {
  const db = await shardDb(runnerId);
  return (await db.prepare('SELECT id, fit_file_id FROM sessions WHERE runner_id = ? ORDER BY id').bind(runnerId).all<{ id: string; fit_file_id: string }>()).results;
}

async function sessionObjectIds(runnerId: string): Promise<string[]> {
  const prefix = `${runnerPrefix(runnerId)}sessions/`;
  const listed = await env.FILES.list({ prefix });
  return [...new Set(listed.objects.map((o) => o.key.slice(prefix.length).split('/')[0]!))].sort();
}

/** each outcome names what was committed: its own sessions, or the file it duplicates and that file's sessions */
async function expectOneImportedOneDuplicate(runnerId: string, files: JobJson['files'], heldBefore?: JobJson['files'][number]) {
  const sessions = await committed(runnerId);
  const imported = files.filter((f) => f.status === 'imported');
  const duplicates = files.filter((f) => f.status === 'duplicate');
  const holder = heldBefore ?? imported[0]!;
  expect(imported.length + duplicates.length).toBe(files.length);
  expect(duplicates).toHaveLength(1);
  expect(new Set(sessions.map((s) => s.fit_file_id))).toEqual(new Set([holder.id]));
  for (const f of imported) expect(f.sessionIds).toEqual(sessions.filter((s) => s.fit_file_id === f.id).map((s) => s.id));
  expect(duplicates[0]).toMatchObject({ code: 'duplicate_activity', duplicateOf: holder.id, sessionIds: holder.sessionIds });
  expect(duplicates[0]!.message).toContain(holder.name);
  // Parquet, laps.json, lengths.json, stats: only under the committed sessions
  expect(await sessionObjectIds(runnerId)).toEqual(sessions.map((s) => s.id));
}

describe('same FIT identity, different content', () => {
  it('in one upload: one file imported, the other a duplicate of exactly that file, objects under its sessions only', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, [{ name: 'pool.fit', bytes: swim() }, { name: 'run.fit', bytes: run() }]);
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id, 60_000);
    expect(job.files.map((f) => f.status).sort()).toEqual(['duplicate', 'imported']);
    // the kept file is decided by a rule (both FIT: the smaller file id), not by which insert reached D1 first
    const [kept] = job.files.map((f) => f.id).sort();
    expect(job.files.find((f) => f.status === 'imported')!.id).toBe(kept);
    await expectOneImportedOneDuplicate(runnerId, job.files);
  });

  it('against a held file: a duplicate of the held file with its sessions, nothing left behind', async () => {
    const { token, runnerId } = await signup();
    const first = await waitForJob(token, (await uploadFiles(token, [{ name: 'pool.fit', bytes: swim() }])).body.job.id, 60_000);
    expect(first.files[0]).toMatchObject({ status: 'imported' });
    const second = await waitForJob(token, (await uploadFiles(token, [{ name: 'run.fit', bytes: run() }])).body.job.id, 60_000);
    await expectOneImportedOneDuplicate(runnerId, [...first.files, ...second.files], first.files[0]);
  });

  it('in concurrent uploads: one file imported, every other one a duplicate of it', async () => {
    const { token, runnerId } = await signup();
    const uploads = await Promise.all([1, 2, 3, 4].map((h) => uploadFiles(token, [{ name: `run${h}.fit`, bytes: run(h) }])));
    const jobs = await Promise.all(uploads.map((u) => waitForJob(token, u.body.job.id, 60_000)));
    const files = jobs.flatMap((j) => j.files);
    const imported = files.filter((f) => f.status === 'imported');
    expect(imported).toHaveLength(1);
    const sessions = await committed(runnerId);
    expect(sessions.map((s) => s.fit_file_id)).toEqual([imported[0]!.id]);
    for (const f of files.filter((x) => x.status !== 'imported')) {
      expect(f).toMatchObject({ status: 'duplicate', code: 'duplicate_activity', duplicateOf: imported[0]!.id, sessionIds: imported[0]!.sessionIds });
    }
    expect(await sessionObjectIds(runnerId)).toEqual(sessions.map((s) => s.id));
  });
});
