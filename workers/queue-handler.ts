/**
 * Queue consumers. Each message is validated, handled, and acked or retried on its own: bad
 * input was already turned into an outcome by the job, so a throw here means a transient
 * failure worth retrying. A message past max_retries lands in the dead-letter queue, whose
 * consumer marks the file failed with the reason: every file ends in a visible state.
 */
import { parseTaskMessage, type ImportFileMessage, type PurgeAccountMessage, type TaskMessage } from '../src/contracts/queue-messages';
import { isDomainError } from '../src/core/errors';
import { importFits } from '../src/jobs/import-fit';
import { inspectArchive } from '../src/jobs/inspect-archive';
import { coordinatorFor } from '../src/adapters/coordinator-client';
import { buildAnalysisDeps, buildDeleteSessionDeps, buildImportDeps, buildInspectDeps, buildPlanStepDeps, buildPurgeAccountDeps, buildReplanDeps, buildExportDeps } from './wiring';
import { purgeAccount } from '../src/jobs/purge-account';
import { buildExport } from '../src/jobs/build-export';
import { noFaults } from '../src/adapters/faults';
import type { Faults } from '../src/ports';
import { runPlanStep } from '../src/jobs/plan-step';
import { analyseSession } from '../src/jobs/analyse-session';
import { refreshBests } from '../src/jobs/refresh-bests';
import { runStep } from '../src/jobs/run-step';
import { updateHistory } from '../src/jobs/update-history';
import { runHeldDelete } from '../src/jobs/request-delete';


type OtherTask = Exclude<TaskMessage, ImportFileMessage | PurgeAccountMessage>;

/** Every task but imports, which go through handleImportGroup, and account deletions (handlePurge). */
async function runTask(task: OtherTask, env: Env, faults: Faults): Promise<void> {
  switch (task.type) {
    case 'inspect-archive':
      await inspectArchive(task, buildInspectDeps(env, task.runnerId));
      return;
    case 'analyse-session':
      await runStep(coordinatorFor(env.COORDINATOR, task.runnerId), task, () => analyseSession(task, buildAnalysisDeps(env, faults)));
      return;
    case 'refresh-bests':
      await runStep(coordinatorFor(env.COORDINATOR, task.runnerId), task, async () => { await faults.hit('bests', task.jobId); return refreshBests(task, buildAnalysisDeps(env, faults)); });
      return;
    case 'update-history':
      await runStep(coordinatorFor(env.COORDINATOR, task.runnerId), task, async () => { await faults.hit('history', task.jobId); return updateHistory(task, buildAnalysisDeps(env, faults), buildReplanDeps(env, task.runnerId)); });
      return;
    case 'delete-session':
      await runStep(coordinatorFor(env.COORDINATOR, task.runnerId), task, () => runHeldDelete(task, buildDeleteSessionDeps(env, task.runnerId)));
      return;
    case 'plan-step':
      await runPlanStep(task, buildPlanStepDeps(env, task.runnerId));
      return;
    case 'build-export':
      await runStep(coordinatorFor(env.COORDINATOR, task.runnerId), task, () => buildExport(task, buildExportDeps(env)));
      return;
  }
}

/** A frozen runner (a shard move in progress) is retried after this long, past the move's grace and copy. */
const MOVING_RETRY_SECONDS = 120;

function retryDelay(attempts: number): number {
  return Math.min(300, 2 ** attempts);
}

function parseOrDrop(message: Message<unknown>): TaskMessage | null {
  try {
    return parseTaskMessage(message.body);
  } catch (error) {
    console.error('dropping malformed task message', message.id, error instanceof Error ? error.message.slice(0, 500) : String(error));
    message.ack();
    return null;
  }
}

/** Acks a handled message, or decides between retry and a reported permanent failure. */
async function settle(message: Message<unknown>, task: Exclude<TaskMessage, PurgeAccountMessage>, env: Env, error?: unknown): Promise<void> {
  if (error === undefined) {
    message.ack();
  } else if (isDomainError(error) && error.code === 'unknown_runner') {
    // the account was deleted while this was queued: there is nothing to do it for, nor to report to
    message.ack();
  } else if (isDomainError(error) && !error.retryable) {
    console.error('permanent task failure', task.type, error.code, error.message);
    try {
      await markFailed(task, env, error.code, error.message);
      message.ack();
    } catch (reportError) {
      console.warn('could not report the failure; retrying', reportError);
      message.retry({ delaySeconds: retryDelay(message.attempts) });
    }
  } else if (isDomainError(error) && error.code === 'runner_moving') {
    // the runner's rows are being copied to another shard (about a minute): come back after it
    message.retry({ delaySeconds: MOVING_RETRY_SECONDS });
  } else {
    console.warn('transient task failure; retrying', task.type, message.attempts, error);
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}

/** One piece of an account deletion; it sends the next piece itself. Failures retry (idempotent). */
async function handlePurge(message: Message<unknown>, task: PurgeAccountMessage, env: Env): Promise<void> {
  try {
    await purgeAccount(task, buildPurgeAccountDeps(env, task.runnerId));
    message.ack();
  } catch (error) {
    if (isDomainError(error) && error.code === 'unknown_runner') { message.ack(); return; } // finished by an earlier copy
    console.warn('account deletion step failed; retrying', message.attempts, error);
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}

async function handleOne(message: Message<unknown>, task: OtherTask, env: Env, faults: Faults): Promise<void> {
  let failure: unknown;
  try {
    await runTask(task, env, faults);
  } catch (error) {
    failure = error ?? new Error('task failed');
  }
  await settle(message, task, env, failure);
}

/** A runner's import-file messages of one batch go through one group import (shared round trips). */
async function handleImportGroup(group: Array<{ message: Message<unknown>; task: ImportFileMessage }>, env: Env, faults: Faults): Promise<void> {
  let errors: Map<string, unknown>;
  try {
    errors = await importFits(group.map((g) => g.task), buildImportDeps(env, group[0]!.task.runnerId, faults));
  } catch (error) {
    errors = new Map(group.map((g) => [g.task.fileId, error ?? new Error('import failed')]));
  }
  for (const { message, task } of group) await settle(message, task, env, errors.get(task.fileId));
}

// Units of a batch (one message, or one runner's imports as a group) run side by side (their
// time is mostly D1, R2 and coordinator round trips), a few at a time so the isolate's 128 MB
// holds several decodes at once; a group import bounds its own bytes in memory per wave.
const CONCURRENCY = 4;

/** `faults` is a no-op except under the test/drill entry (workers/test-entry.ts). */
export async function handleTasks(batch: MessageBatch<unknown>, env: Env, faults: Faults = noFaults): Promise<void> {
  const units: Array<() => Promise<void>> = [];
  const imports = new Map<string, Array<{ message: Message<unknown>; task: ImportFileMessage }>>();
  for (const message of batch.messages) {
    const task = parseOrDrop(message);
    if (!task) continue;
    if (task.type === 'purge-account') { units.push(() => handlePurge(message, task, env)); continue; }
    if (task.type !== 'import-file') { units.push(() => handleOne(message, task, env, faults)); continue; }
    const group = imports.get(task.runnerId) ?? [];
    if (group.length === 0) { imports.set(task.runnerId, group); units.push(() => handleImportGroup(group, env, faults)); }
    group.push({ message, task });
  }
  const workers = Array.from({ length: Math.min(CONCURRENCY, units.length) }, async () => {
    for (let unit = units.shift(); unit; unit = units.shift()) await unit();
  });
  await Promise.all(workers);
}

async function markFailed(task: Exclude<TaskMessage, PurgeAccountMessage>, env: Env, code: string, message: string): Promise<void> {
  const coordinator = coordinatorFor(env.COORDINATOR, task.runnerId);
  if ('fileId' in task) await coordinator.reportFileOutcome(task.jobId, task.fileId, { status: 'failed', code, message });
  else await coordinator.reportStepOutcome(task.jobId, task.stepId, { status: 'failed', code, message });
}

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const task = parseTaskMessage(message.body);
      if (task.type === 'purge-account') {
        // never given up: the cron re-sends a stalled deletion (scheduled.ts)
        console.error('account deletion step dead-lettered; the cron resumes it', task.runnerId);
        message.ack();
        continue;
      }
      await markFailed(task, env, 'failed_after_retries', 'fileId' in task
        ? 'Processing failed repeatedly (storage or runtime errors); the file was not imported. Upload it again to retry.'
        : 'This step failed repeatedly (storage or runtime errors) and was given up.');
      message.ack();
    } catch (error) {
      console.error('dead-letter handling failed', message.id, error);
      message.retry({ delaySeconds: 10 });
    }
  }
}
