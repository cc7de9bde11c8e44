/**
 * Deterministic queue simulation for the fault tests: jobs registered with the coordinator but
 * whose messages we deliver ourselves (worker.queue with a FAULTS var), retried messages
 * redelivered with attempts + 1, and those past max_retries handed to the dead-letter consumer,
 * as Cloudflare Queues would. The analysis chain that follows an import runs on the real queue.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { gzipSync } from 'fflate';
import worker from '../../workers/test-entry';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import { uploadKey } from '../../src/core/keys';
import { readTestLedger, type TestLedger } from '../../src/adapters/faults-ledger';
import type { FaultPlan } from '../../src/core/faults';
import { corpusFile, stageUnsentJob } from './helpers';

/** max_retries = 3 in test/wrangler.test.toml: a message is tried four times. */
export const MAX_ATTEMPTS = 4;

export interface StagedFile {
  name: string;
  corpus: string;
  gzip?: boolean;
}

/** A mix with every outcome but duplicate: imported (incl. a gzip: the inflate boundary), rejected, skipped. */
export const MIXED: StagedFile[] = [
  { name: 'tiny.fit', corpus: 'run-garmin-fenix5-tiny.fit' },
  { name: 'hr-gps.fit', corpus: 'run-garmin-fr645m-hr-gps.fit' },
  { name: 'old.fit.gz', corpus: 'run-garmin-fr110-2013.fit', gzip: true },
  { name: 'pool.fit', corpus: 'swim-pool-fr965.fit' },
  { name: 'bitflip.fit', corpus: 'corrupt-bitflip.fit' },
  { name: 'settings.fit', corpus: 'settings-garmin-edge510.fit' },
];

export async function stageJob(runnerId: string, files: StagedFile[]): Promise<{ jobId: string; tasks: ImportFileMessage[] }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const tasks: ImportFileMessage[] = [];
  for (const f of files) {
    const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    const key = uploadKey(runnerId, fileId);
    const raw = corpusFile(f.corpus);
    const bytes = f.gzip ? gzipSync(raw) : raw;
    await env.FILES.put(key, bytes);
    tasks.push(f.gzip
      ? { type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key, name: f.name, size: bytes.length, source: { kind: 'gzip', key } }
      : { type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key, name: f.name, size: bytes.length });
  }
  await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: tasks.map((task) => ({ fileId: task.fileId, name: task.name, task })) });
  return { jobId, tasks };
}

function envWith(faults: Partial<FaultPlan> | undefined): Env {
  return faults ? { ...env, FAULTS: JSON.stringify(faults) } as Env : env;
}

/** One delivery of a batch; returns the bodies the consumer asked to retry. */
export async function deliver(bodies: unknown[], options: { faults?: Partial<FaultPlan>; attempts?: number; queue?: string } = {}): Promise<unknown[]> {
  const ids = bodies.map((_, i) => `m${i}-${crypto.randomUUID()}`);
  const batch = createMessageBatch(options.queue ?? 'pacelab-tasks', bodies.map((body, i) => ({ id: ids[i], timestamp: new Date(), attempts: options.attempts ?? 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, envWith(options.faults));
  const result = await getQueueResult(batch, ctx);
  const retried = new Set(result.retryMessages.map((m: { msgId: string }) => m.msgId));
  return bodies.filter((_, i) => retried.has(ids[i]));
}

/** Delivers until every message is acked; past MAX_ATTEMPTS a message goes to the dead-letter consumer. */
export async function drain(bodies: unknown[], faults?: Partial<FaultPlan>): Promise<{ deliveries: number; dead: unknown[] }> {
  let pending = bodies;
  let deliveries = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length > 0; attempt++) {
    deliveries += pending.length;
    pending = await deliver(pending, { faults, attempts: attempt });
  }
  if (pending.length > 0) await deliver(pending, { queue: 'pacelab-tasks-dlq' });
  return { deliveries, dead: pending };
}

export function ledgerOf(runnerId: string): Promise<TestLedger> {
  return readTestLedger(env, runnerId);
}

/** What must be equal between a faulty run and a fault-free run of the same input. */
export function resultOf(ledger: TestLedger) {
  return { importDigest: ledger.importDigest, analysisDigest: ledger.analysisDigest, rows: ledger.rows, duplicateRows: ledger.duplicateRows, openFiles: ledger.openFiles };
}

export function statusesByName(files: Array<{ name: string; status: string; code?: string }>): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f.name, `${f.status}${f.code ? `:${f.code}` : ''}`]));
}
