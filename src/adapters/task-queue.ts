import type { TaskMessage } from '../contracts/queue-messages';
import type { TaskQueue } from '../ports';

// sendBatch takes at most 100 messages (and 256 KB) per call.
const BATCH = 100;

export function createTaskQueue(queue: Queue<TaskMessage>): TaskQueue {
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += BATCH) {
        await queue.sendBatch(messages.slice(i, i + BATCH).map((body) => ({ body, contentType: 'json' as const })));
      }
    },
  };
}
