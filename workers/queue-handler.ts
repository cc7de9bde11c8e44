/**
 * Queue consumers. Each message is validated, handled, and acked or retried on its own: bad
 * input was already turned into an outcome by the job, so a throw here means a transient
 * failure worth retrying. A message past max_retries lands in the dead-letter queue, whose
 * consumer marks the file failed with the reason: every file ends in a visible state.
 */
import { parseTaskMessage, type TaskMessage } from '../src/contracts/queue-messages';
import { isDomainError } from '../src/core/errors';
import { importFit } from '../src/jobs/import-fit';
import { coordinatorFor } from '../src/adapters/coordinator-client';
import { buildImportDeps } from './wiring';


async function runTask(task: TaskMessage, env: Env): Promise<void> {
  switch (task.type) {
    case 'import-file':
      await importFit(task, buildImportDeps(env, task.runnerId));
      return;
  }
}

function retryDelay(attempts: number): number {
  return Math.min(300, 2 ** attempts);
}

export async function handleTasks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    let task: TaskMessage;
    try {
      task = parseTaskMessage(message.body);
    } catch (error) {
      console.error('dropping malformed task message', message.id, error instanceof Error ? error.message.slice(0, 500) : String(error));
      message.ack();
      continue;
    }
    try {
      await runTask(task, env);
      message.ack();
    } catch (error) {
      if (isDomainError(error) && !error.retryable) {
        console.error('permanent task failure', task.type, error.code, error.message);
        await markFailed(task, env, error.code, error.message);
        message.ack();
      } else {
        console.warn('transient task failure; retrying', task.type, message.attempts, error);
        message.retry({ delaySeconds: retryDelay(message.attempts) });
      }
    }
  }
}

async function markFailed(task: TaskMessage, env: Env, code: string, message: string): Promise<void> {
  await coordinatorFor(env.COORDINATOR, task.runnerId).reportFileOutcome(task.jobId, task.fileId, { status: 'failed', code, message });
}

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const task = parseTaskMessage(message.body);
      await markFailed(task, env, 'failed_after_retries', 'Processing failed repeatedly (storage or runtime errors); the file was not imported. Upload it again to retry.');
      message.ack();
    } catch (error) {
      console.error('dead-letter handling failed', message.id, error);
      message.retry({ delaySeconds: 10 });
    }
  }
}
