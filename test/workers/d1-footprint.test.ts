/**
 * Issue 14 item 2: D1 bytes per session. Every valid corpus activity file the workerd bindings
 * carry is imported and analysed for one runner; the runner's rows are measured table by table
 * (test/workers/d1-footprint.ts) and printed. History days are priced separately (one row per
 * calendar day since the first session, whatever the number of sessions).
 */
import { env } from 'cloudflare:test';
import { zipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { api, corpusFile, hasCorpus, shardDb, signup, uploadFiles, waitForJob } from './helpers';
import { measureRunnerFootprint } from './d1-footprint';

const BUDGET_PER_SESSION = 3 * 1024;

describe.skipIf(!hasCorpus())('D1 footprint per session', () => {
  it('imports the corpus and stays within 3 KiB of D1 per session (history days aside)', async () => {
    const { token, runnerId } = await signup();
    const names = Object.keys(env.CORPUS_LAPS).filter((n) => env.CORPUS[n] !== undefined).sort();
    expect(names.length).toBeGreaterThanOrEqual(12);
    // all files but one in one job; the last one alone, to count what one more import writes
    const last = 'run-garmin-fr645m-hr-gps.fit';
    const importAll = async (files: string[]) => {
      const up = await uploadFiles(token, files.map((name) => ({ name, bytes: corpusFile(name) })));
      expect(up.status).toBe(202);
      const job = await waitForJob(token, up.body.job.id, 120_000);
      await vi.waitFor(async () => {
        const j = await (await api(`/jobs/${job.id}`, { token })).json<{ stage: string }>();
        if (j.stage !== 'done') throw new Error(`stage ${j.stage}`);
      }, { timeout: 120_000, interval: 100 });
    };
    const db = await shardDb(runnerId);
    const historyRows = async () => new Map((await db.prepare('SELECT * FROM daily_history WHERE runner_id = ?').bind(runnerId).all<Record<string, unknown>>()).results
      .map((r) => [String(r.date), JSON.stringify(r)]));
    await importAll(names.filter((n) => n !== last));
    const before = await measureRunnerFootprint(db, runnerId);
    const daysBefore = await historyRows();
    await importAll([last]);
    const tables = await measureRunnerFootprint(db, runnerId);
    const daysAfter = await historyRows();
    const changedDays = [...daysAfter].filter(([date, row]) => daysBefore.get(date) !== row).length;
    const inserted = Object.entries(tables).map(([name, t]) => [name, t.rows - before[name]!.rows] as const).filter(([, n]) => n !== 0);
    console.log(`D1 rows written by one more activity (${last}, 1 session, dated 2019): `
      + `${inserted.map(([name, n]) => `${name} +${n}`).join(', ')}; daily_history rows rewritten ${changedDays} (every day from the session's date on: CTL/ATL change)`);
    const sessions = tables.sessions!.rows;
    expect(sessions).toBeGreaterThanOrEqual(names.length);
    const { daily_history: history, ...perSession } = tables;
    const total = Object.values(perSession).reduce((a, t) => a + t.valueBytes + t.indexBytes, 0);
    const lines = Object.entries(tables).filter(([, t]) => t.rows > 0)
      .map(([name, t]) => `  ${name.padEnd(16)} rows ${String(t.rows).padStart(5)}  values ${String(t.valueBytes).padStart(8)} B  indexes ${String(t.indexBytes).padStart(7)} B  per session ${((t.valueBytes + t.indexBytes) / sessions).toFixed(0).padStart(6)} B`);
    console.log([
      `D1 footprint: ${names.length} files, ${sessions} sessions`,
      ...lines,
      `  per session (history days aside): ${(total / sessions).toFixed(0)} B (budget ${BUDGET_PER_SESSION} B)`,
      `  per history day: ${((history!.valueBytes + history!.indexBytes) / Math.max(1, history!.rows)).toFixed(1)} B (${history!.rows} days)`,
    ].join('\n'));
    expect(total / sessions).toBeLessThanOrEqual(BUDGET_PER_SESSION);
  }, 240_000);
  it('imports the same corpus as one watch export (ZIP: originals read from the archive) within the same budget', async () => {
    const { token, runnerId } = await signup();
    const names = Object.keys(env.CORPUS_LAPS).filter((n) => env.CORPUS[n] !== undefined).sort();
    // the bulk path: one upload row for the archive, each member's place in it on its fit_files row
    const zip = zipSync(Object.fromEntries(names.map((name) => [`export/activities/${name}`, corpusFile(name)])));
    const up = await uploadFiles(token, [{ name: 'export.zip', bytes: zip }]);
    expect(up.status).toBe(202);
    await waitForJob(token, up.body.job.id, 120_000);
    await vi.waitFor(async () => {
      const j = await (await api(`/jobs/${up.body.job.id}`, { token })).json<{ stage: string }>();
      if (j.stage !== 'done') throw new Error(`stage ${j.stage}`);
    }, { timeout: 120_000, interval: 100 });
    const db = await shardDb(runnerId);
    const tables = await measureRunnerFootprint(db, runnerId);
    const sessions = tables.sessions!.rows;
    expect(sessions).toBeGreaterThanOrEqual(names.length);
    const { daily_history: _history, ...perSession } = tables;
    const total = Object.values(perSession).reduce((a, t) => a + t.valueBytes + t.indexBytes, 0);
    const members = await db.prepare('SELECT count(*) AS n FROM fit_files WHERE runner_id = ? AND archive_member IS NOT NULL').bind(runnerId).first<{ n: number }>();
    expect(members?.n).toBe(names.length);
    console.log(`D1 footprint, the corpus as one ZIP: ${sessions} sessions, fit_files ${((tables.fit_files!.valueBytes + tables.fit_files!.indexBytes) / names.length).toFixed(0)} B per file, `
      + `uploads ${tables.uploads?.rows ?? 0} row(s); per session (history days aside): ${(total / sessions).toFixed(0)} B (budget ${BUDGET_PER_SESSION} B)`);
    expect(total / sessions).toBeLessThanOrEqual(BUDGET_PER_SESSION);
  }, 240_000);
});
