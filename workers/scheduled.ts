/**
 * The cron trigger (wrangler.toml [triggers]): advances unfinished runner moves between data
 * shards (src/adapters/d1/runner-move.ts). A move is started by a row in the directory's
 * runner_moves table (README "Moving a runner"); each run works for at most RUN_MS, and the
 * next run resumes from the saved state.
 */
import { advanceRunnerMove, listOpenMoves } from '../src/adapters/d1/runner-move';
import { buildShards } from './wiring';

const RUN_MS = 20_000;

export async function advanceMoves(env: Env, clock: () => number = Date.now): Promise<void> {
  const resolver = buildShards(env);
  const deadline = clock() + RUN_MS;
  for (const runnerId of await listOpenMoves(resolver)) {
    const state = await advanceRunnerMove(resolver, runnerId, clock, deadline);
    if (state?.phase === 'failed') console.error('runner move failed', runnerId, state.error);
  }
}
