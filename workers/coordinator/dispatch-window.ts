/**
 * Sending work: the runner's dispatch window (fan-out goes a window at a time), the exclusive
 * lane (runner-wide steps one at a time), and "persisted first, then sent" with the alarm armed
 * while work is open.
 */
import { parseTaskMessage, type TaskMessage } from '../../src/contracts/queue-messages';
import { createTaskQueue } from '../../src/adapters/task-queue';
import { readConfig } from '../config';
import { broadcastJob } from './banner-sockets';
import { applyFileEvent, applyStepEvent } from './job-state';
import type { CoordinatorScope } from './scope';

/**
 * Sends registered work up to the runner's window (DISPATCH_WINDOW in flight). One runner's
 * 10,000-file export then holds at most a window's worth of the shared queue, so another
 * runner's single upload is not stuck behind it (tenant fairness).
 */
export function dispatchWindow(scope: CoordinatorScope, now: number): TaskMessage[] {
  const { ledger } = scope;
  const room = readConfig(scope.env).dispatchWindow - ledger.inFlight();
  if (room <= 0) return [];
  return ledger.undispatched(room, now).flatMap((row) => {
    ledger.markDispatched(row.kind, row.job_id, row.id, now);
    const task = readTask(scope, row.kind === 'file' ? 'file' : 'step', row.job_id, row.id, row.task, now);
    return task ? [task] : [];
  });
}

/** the oldest waiting runner-wide step, once none is running */
export function releaseWaiting(scope: CoordinatorScope, now: number): TaskMessage[] {
  const { ledger } = scope;
  if (ledger.exclusiveBusy()) return [];
  const waiting = ledger.oldestWaiting();
  if (!waiting || !applyStepEvent(scope, waiting.job_id, waiting.step_id, { type: 'released', at: now })) return [];
  const task = readTask(scope, 'step', waiting.job_id, waiting.step_id, waiting.task, now);
  return task ? [task] : [];
}

/**
 * A stored task that no longer parses (a row written before a schema change, or a value the
 * schema refuses) must not stop the reconciler for every other row: its file or step ends
 * failed with `unreadable_task` and the rest goes on.
 */
export function readTask(scope: CoordinatorScope, kind: 'file' | 'step', jobId: string, id: string, raw: string, now: number): TaskMessage | null {
  try {
    return parseTaskMessage(JSON.parse(raw));
  } catch (error) {
    console.error('unreadable task in the ledger', kind, jobId, id, error instanceof Error ? error.message.slice(0, 300) : String(error));
    const outcome = { status: 'failed' as const, code: 'unreadable_task', message: 'This file could not be processed (its stored task is unreadable); upload it again.' };
    if (kind === 'file') applyFileEvent(scope, jobId, id, { type: 'outcome', at: now, outcome });
    else applyStepEvent(scope, jobId, id, { type: 'outcome', at: now, outcome: { status: 'failed', code: outcome.code, message: 'This step could not be run (its stored task is unreadable).' } });
    return null;
  }
}

/** Persisted first, then sent: a failed send is re-sent by the reconciler. */
export async function broadcastAndSend(scope: CoordinatorScope, jobId: string, tasks: TaskMessage[]): Promise<void> {
  broadcastJob(scope, jobId);
  await sendTasks(scope, tasks);
  await armReconciler(scope);
}

/**
 * The same for an answer somebody waits on (a new job: the upload's 202): persisted and the
 * reconciler's alarm armed before the answer, the send after it (issue 14 item 6: the upload
 * answer does not wait for the queue). A send lost with the isolate is the state drill S5
 * (kill -9, wrangler dev's queue lost) recovers from: the files are in the ledger as sent, and
 * the alarm re-sends them once their lease is over.
 */
export async function broadcastAndSendAfterAnswer(scope: CoordinatorScope, jobId: string, tasks: TaskMessage[]): Promise<void> {
  broadcastJob(scope, jobId);
  await armReconciler(scope);
  if (tasks.length > 0) scope.ctx.waitUntil(sendTasks(scope, tasks));
}

async function sendTasks(scope: CoordinatorScope, tasks: TaskMessage[]): Promise<void> {
  if (tasks.length === 0) return;
  try {
    await createTaskQueue(scope.env.TASKS).send(tasks);
  } catch (error) {
    console.warn('enqueue failed; the reconciler will retry', error);
  }
}

export async function armReconciler(scope: CoordinatorScope): Promise<void> {
  if (!scope.ledger.hasOpenWork()) return;
  const due = nextAlarmAt(scope, Date.now());
  const armed = await scope.ctx.storage.getAlarm();
  if (armed === null || armed > due) await scope.ctx.storage.setAlarm(due);
}

/** the reconciler's next round, or earlier when a held step (a delete's undo window) is due before it */
export function nextAlarmAt(scope: CoordinatorScope, now: number): number {
  const round = now + readConfig(scope.env).reconcileIntervalMs;
  const held = scope.ledger.nextNotBefore(now);
  return held === null ? round : Math.min(round, held);
}
