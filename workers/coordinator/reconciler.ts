/**
 * The reconciler (the coordinator's alarm): files or steps stuck past their lease are
 * re-enqueued (a killed `wrangler dev` loses its queue), waiting work is released, and the
 * alarm re-arms while work is open — whatever happened on the way.
 */
import { isStale } from '../../src/core/chain/job-state';
import { isStepStale } from '../../src/core/chain/steps';
import type { TaskMessage } from '../../src/contracts/queue-messages';
import { createTaskQueue } from '../../src/adapters/task-queue';
import { toJobFile, toJobStep } from '../coordinator-ledger';
import { readConfig } from '../config';
import { broadcastJob } from './banner-sockets';
import { dispatchWindow, nextAlarmAt, readTask, releaseWaiting } from './dispatch-window';
import { advance, applyFileEvent, applyStepEvent } from './job-state';
import type { CoordinatorScope } from './scope';

export async function reconcile(scope: CoordinatorScope): Promise<void> {
  const { ledger } = scope;
  const config = readConfig(scope.env);
  const now = Date.now();
  const tasks: TaskMessage[] = [];
  const touched = new Set<string>();
  try {
    for (const row of ledger.openFiles()) {
      if (!row.task || !isStale(toJobFile(row), now, config.reconcileLeaseMs)) continue;
      const task = readTask(scope, 'file', row.job_id, row.file_id, row.task, now);
      touched.add(row.job_id);
      if (task && applyFileEvent(scope, row.job_id, row.file_id, { type: 'requeued', at: now })) tasks.push(task);
    }
    for (const row of ledger.openSteps()) {
      if (!isStepStale(toJobStep(row), now, config.reconcileLeaseMs)) continue;
      const task = readTask(scope, 'step', row.job_id, row.step_id, row.task, now);
      touched.add(row.job_id);
      if (task && applyStepEvent(scope, row.job_id, row.step_id, { type: 'requeued', at: now })) tasks.push(task);
    }
    for (const jobId of touched) tasks.push(...advance(scope, jobId));
    tasks.push(...releaseWaiting(scope, now), ...dispatchWindow(scope, now));
    if (tasks.length > 0) await createTaskQueue(scope.env.TASKS).send(tasks);
  } finally {
    // Whatever happened above, the reconciler comes back while work is open.
    for (const jobId of touched) broadcastJob(scope, jobId);
    if (ledger.hasOpenWork()) await scope.ctx.storage.setAlarm(nextAlarmAt(scope, Date.now()));
  }
}
