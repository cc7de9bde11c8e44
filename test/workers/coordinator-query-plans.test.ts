/**
 * The runner's coordinator ledger (Durable Object SQLite) keeps every job the runner ever ran; it
 * is read on every report, dispatch and banner refresh. Every statement of the Ledger runs here
 * against a ledger holding years of finished work and a little open work, and is explained
 * (EXPLAIN QUERY PLAN, with its own parameters): no table is read by a full scan, so a report
 * costs the open work, not the history (a scan of job_files on each dispatch made a 1,000-file
 * import quadratic). Every method of the Ledger must be exercised, so a new query is explained too.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { JobCounts } from '../../src/core/chain/job-counts';
import type { JobFile } from '../../src/core/chain/job-state';
import type { JobStep } from '../../src/core/chain/steps';
import { Ledger } from '../../workers/coordinator-ledger';

interface Sent {
  query: string;
  binds: SqlStorageValue[];
}

/** the Durable Object's SQL storage, recording every statement it is given (the statements run for real) */
function recording(sql: SqlStorage, sent: Sent[]): SqlStorage {
  return new Proxy(sql, {
    get(target, prop) {
      if (prop === 'exec') {
        return (query: string, ...binds: SqlStorageValue[]) => {
          sent.push({ query, binds });
          return target.exec(query, ...binds);
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const COUNTS = {} as JobCounts;
const TABLES = /^SCAN (jobs|job_files|job_steps)\b/;

describe('coordinator ledger query plans', () => {
  it('every ledger statement finds its rows by index, with years of finished jobs in the ledger', async () => {
    const stub = env.COORDINATOR.getByName(`query-plans-${crypto.randomUUID()}`);
    const { report, scans, exercised, methods } = await runInDurableObject(stub, (_instance, state) => {
      const sent: Sent[] = [];
      const ledger = new Ledger(recording(state.storage.sql, sent));
      // history: 300 finished jobs of 5 files and 5 steps each
      const t0 = Date.UTC(2021, 0, 1);
      for (let j = 0; j < 300; j++) {
        const id = `old${String(j).padStart(4, '0')}`;
        ledger.insertJob({ id, kind: 'upload', status: 'queued', stage: 'import', counts: COUNTS, createdAt: t0 + j * 86_400_000 });
        for (let f = 0; f < 5; f++) {
          ledger.insertFile(id, { fileId: `f${f}`, name: `${f}.fit`, status: f === 4 ? 'rejected' : 'imported', sessionIds: [`s${j}-${f}`], dispatched: true, task: { f } }, t0);
          ledger.insertStep(id, { stepId: `a${f}`, kind: 'analyse-session', status: f === 3 ? 'failed' : 'succeeded', exclusive: false, task: { f } }, t0);
        }
        ledger.updateJob(id, { status: 'completed', stage: 'done', counts: COUNTS, started: true, finishedAt: t0 + j * 86_400_000 + 60_000 });
      }
      // open work: one job with files sent and unsent, steps waiting, held and in flight
      const now = Date.now();
      ledger.insertJob({ id: 'open', kind: 'upload', status: 'running', stage: 'import', counts: COUNTS, createdAt: now });
      for (let f = 0; f < 4; f++) ledger.insertFile('open', { fileId: `f${f}`, name: `${f}.fit`, status: 'queued', dispatched: f < 2, task: { f } }, now);
      ledger.insertStep('open', { stepId: 'bests', kind: 'refresh-bests', status: 'waiting', exclusive: true, task: {} }, now);
      ledger.insertStep('open', { stepId: 'held', kind: 'delete-session', status: 'queued', exclusive: false, task: {}, dispatched: false, notBefore: now + 10_000 }, now);
      const file: JobFile = { fileId: 'f0', name: '0.fit', status: 'processing', attempts: 1, leaseUntil: now + 120_000, updatedAt: now };
      const step: JobStep = { stepId: 'bests', kind: 'refresh-bests', status: 'queued', exclusive: true, attempts: 0, updatedAt: now, task: {} } as unknown as JobStep;

      const calls: Record<string, () => unknown> = {
        setRunnerId: () => ledger.setRunnerId('runner'),
        runnerId: () => ledger.runnerId(),
        job: () => ledger.job('old0150'),
        file: () => ledger.file('old0150', 'f1'),
        step: () => ledger.step('old0150', 'a1'),
        files: () => ledger.files('old0150'),
        filesPage: () => [ledger.filesPage('old0150', 0, 2), ledger.filesPage('old0150', 0, 2, ['rejected', 'failed'])],
        steps: () => ledger.steps('old0150'),
        openFiles: () => ledger.openFiles(),
        openSteps: () => ledger.openSteps(),
        newSessionIds: () => ledger.newSessionIds('old0150'),
        stepGroups: () => ledger.stepGroups('old0150'),
        failedJobSteps: () => ledger.failedJobSteps('old0150'),
        failedSteps: () => ledger.failedSteps('old0150', 10),
        problemFiles: () => ledger.problemFiles('old0150', 10),
        hasOpenWork: () => ledger.hasOpenWork(),
        inFlight: () => ledger.inFlight(),
        undispatched: () => ledger.undispatched(16, now),
        heldSteps: () => ledger.heldSteps('open'),
        nextNotBefore: () => ledger.nextNotBefore(now),
        markDispatched: () => { ledger.markDispatched('file', 'open', 'f2', now); ledger.markDispatched('step', 'open', 'held', now); },
        exclusiveBusy: () => ledger.exclusiveBusy(),
        oldestWaiting: () => ledger.oldestWaiting(),
        openJobsOfKind: () => ledger.openJobsOfKind('upload'),
        activeJobs: () => ledger.activeJobs(now - 600_000),
        page: () => ledger.page([t0 + 150 * 86_400_000, 'old0150'], 20),
        insertJob: () => ledger.insertJob({ id: 'new', kind: 'upload', status: 'queued', stage: 'import', counts: COUNTS, createdAt: now }),
        updateJob: () => ledger.updateJob('new', { status: 'running', stage: 'import', counts: COUNTS, started: true, finishedAt: null }),
        insertFile: () => ledger.insertFile('new', { fileId: 'f0', name: 'x.fit', status: 'queued', dispatched: false, task: {} }, now),
        saveFile: () => ledger.saveFile('open', file),
        insertStep: () => ledger.insertStep('new', { stepId: 's', kind: 'refresh-bests', status: 'waiting', exclusive: true, task: {} }, now),
        saveStep: () => ledger.saveStep('open', step),
      };
      const report: string[] = [];
      const scans: string[] = [];
      for (const [name, call] of Object.entries(calls)) {
        const from = sent.length;
        call();
        for (const { query, binds } of sent.slice(from)) {
          const plan = state.storage.sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, ...binds).toArray().map((r) => r.detail);
          report.push(`${name}: ${query.replace(/\s+/g, ' ').slice(0, 150)}\n${plan.map((d) => `    ${d}`).join('\n')}`);
          scans.push(...plan.filter((d) => TABLES.test(d)).map((d) => `${name}: ${d}`));
        }
      }
      const methods = Object.getOwnPropertyNames(Ledger.prototype).filter((m) => m !== 'constructor' && m !== 'all').sort();
      return { report, scans, exercised: Object.keys(calls).sort(), methods };
    });
    console.log(`Coordinator ledger query plans (EXPLAIN QUERY PLAN):\n${report.join('\n')}`);
    expect(exercised).toEqual(methods);
    expect(report.length).toBeGreaterThanOrEqual(methods.length);
    expect(scans).toEqual([]);
  });
});
