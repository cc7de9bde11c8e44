/**
 * The oracle after each scenario: wait (bounded) until every job of the runners is done, then
 * check: found = imported + duplicate + rejected + skipped + failed + expanded + ignored per
 * job; nothing queued/processing; one fit file per bytes and per recording; every R2 key under
 * a runner's prefix and every referenced key present; and, when given, the digests of a
 * fault-free run of the same input.
 */
import { ledger } from './http.mjs';

const TERMINAL = ['imported', 'duplicate', 'rejected', 'skipped', 'failed', 'expanded', 'ignored'];

export async function waitQuiet(base, runnerIds, deadlineMs) {
  const t0 = Date.now();
  let last = [];
  while (Date.now() - t0 < deadlineMs) {
    last = await Promise.all(runnerIds.map((id) => ledger(base, id)));
    if (last.every((l) => l.openFiles === 0 && l.openJobs === 0 && l.jobs.length > 0)) return { quiet: true, ms: Date.now() - t0, ledgers: last };
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { quiet: false, ms: Date.now() - t0, ledgers: last };
}

/** Problems found (empty when the oracle holds). */
export function checkLedger(l, reference) {
  const problems = [];
  for (const j of l.jobs) {
    const sum = TERMINAL.reduce((n, s) => n + (j.counts[s] ?? 0), 0);
    if (j.counts.found !== sum) problems.push(`job ${j.id}: found ${j.counts.found} ≠ terminal ${sum} (${JSON.stringify(j.counts)})`);
    if (j.stage !== 'done') problems.push(`job ${j.id}: stage ${j.stage}, status ${j.status} (stuck past the deadline)`);
    const listed = Object.values(j.byStatus).reduce((a, b) => a + b, 0);
    if (listed !== j.counts.found) problems.push(`job ${j.id}: ${listed} files listed, counts say ${j.counts.found}`);
  }
  if (l.openFiles > 0) problems.push(`${l.openFiles} files still queued/processing`);
  if (l.duplicateRows > 0) problems.push(`${l.duplicateRows} duplicate fit_files rows (same bytes or same recording)`);
  if (l.rowsInOtherShards > 0) problems.push(`${l.rowsInOtherShards} rows of the runner in a data shard other than its own (${l.shard})`);
  if (l.r2.outsideAnyRunner > 0) problems.push(`${l.r2.outsideAnyRunner} R2 keys outside any runner's prefix`);
  if (l.r2.rowKeysOutsidePrefix > 0) problems.push(`${l.r2.rowKeysOutsidePrefix} keys of this runner's rows outside its prefix`);
  if (l.r2.rowKeysMissing > 0) problems.push(`${l.r2.rowKeysMissing} keys referenced by rows missing from R2`);
  if (l.rows.stats !== l.rows.sessions) problems.push(`${l.rows.sessions} sessions but ${l.rows.stats} statistics rows`);
  if (reference) {
    if (l.importDigest !== reference.importDigest) problems.push(`import digest differs from the fault-free run (${JSON.stringify(l.rows)} vs ${JSON.stringify(reference.rows)})`);
    if (l.analysisDigest !== reference.analysisDigest) {
      const ref = new Set(reference.analysisLines ?? []);
      const got = new Set(l.analysisLines ?? []);
      const diff = [...(l.analysisLines ?? []).filter((x) => !ref.has(x)).map((x) => `+${x}`), ...(reference.analysisLines ?? []).filter((x) => !got.has(x)).map((x) => `-${x}`)];
      problems.push(`analysis digest differs from the fault-free run: ${diff.slice(0, 6).join(' ; ').slice(0, 900)}`);
    }
  }
  return problems;
}

export function byStatusTotal(l) {
  const out = {};
  for (const j of l.jobs) for (const [s, n] of Object.entries(j.byStatus)) out[s] = (out[s] ?? 0) + n;
  return out;
}
