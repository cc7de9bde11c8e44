/**
 * The account is being deleted: every banner socket is closed (4410, "account deleted"), the
 * reconciler's alarm cancelled and the Durable Object's storage — jobs, files, steps — wiped.
 * Idempotent: a second call finds nothing to close.
 */
import type { CoordinatorScope } from './scope';

export const ACCOUNT_DELETED_CLOSE = 4410;

export async function closeForDeletedAccount(scope: CoordinatorScope): Promise<void> {
  for (const ws of scope.ctx.getWebSockets()) {
    try {
      ws.close(ACCOUNT_DELETED_CLOSE, 'account deleted');
    } catch { /* already closing */ }
  }
  await scope.ctx.storage.deleteAlarm();
  await scope.ctx.storage.deleteAll();
}
