/**
 * The cron trigger (wrangler.toml [triggers]): advances unfinished runner moves between data
 * shards (src/adapters/d1/runner-move.ts). A move is started by a row in the directory's
 * runner_moves table (README "Moving a runner"); each run works for at most RUN_MS, and the
 * next run resumes from the saved state.
 */
import { advanceRunnerMove, listOpenMoves } from '../src/adapters/d1/runner-move';
import { buildShards } from './wiring';
import { createAccountStore } from '../src/adapters/d1/account-store';
import { createTaskQueue } from '../src/adapters/task-queue';

/** An account deletion whose step has not run for this long lost its message: send it again. */
const STALLED_DELETION_MS = 10 * 60_000;

/** Re-sends the deletion step of accounts tombstoned but not removed (a lost or dead-lettered message). */
export async function resumeAccountDeletions(env: Env, clock: () => number = Date.now): Promise<number> {
  const stalled = await createAccountStore(buildShards(env)).stalledDeletions(clock() - STALLED_DELETION_MS);
  if (stalled.length > 0) await createTaskQueue(env.TASKS).send(stalled.map((runnerId) => ({ type: 'purge-account' as const, runnerId })));
  return stalled.length;
}

const RUN_MS = 20_000;

export async function advanceMoves(env: Env, clock: () => number = Date.now): Promise<void> {
  const resolver = buildShards(env);
  const deadline = clock() + RUN_MS;
  for (const runnerId of await listOpenMoves(resolver)) {
    const state = await advanceRunnerMove(resolver, runnerId, clock, deadline);
    if (state?.phase === 'failed') console.error('runner move failed', runnerId, state.error);
  }
}
