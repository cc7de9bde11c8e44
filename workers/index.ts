/**
 * The production Worker entry: HTTP, queue consumers, the cron trigger (runner moves between
 * D1 shards), and the coordinator Durable Object class.
 * Nothing test-only is reachable from here: no ledger route, no fault hooks, no KDF override
 * (those exist only in workers/test-entry.ts, which the drills and the workerd tests run).
 */
import { createApp } from '../src/http/app';
import { handleDeadLetters, handleTasks } from './queue-handler';
import { advanceMoves, resumeAccountDeletions } from './scheduled';
import { buildAppDeps } from './wiring';

export { Coordinator } from './coordinator';

/** built once per isolate; each request's deps come from the env it is invoked with */
const app = createApp<Env>((request, env) => buildAppDeps(env, {}, request));

export default {
  async fetch(request, env, ctx) {
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await handleDeadLetters(batch, env);
    else await handleTasks(batch, env);
  },
  async scheduled(_controller, env) {
    await advanceMoves(env);
    await resumeAccountDeletions(env);
  },
} satisfies ExportedHandler<Env, unknown>;
