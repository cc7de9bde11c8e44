/**
 * The production Worker entry: HTTP, queue consumers, and the coordinator Durable Object class.
 * Nothing test-only is reachable from here: no ledger route, no fault hooks, no KDF override
 * (those exist only in workers/test-entry.ts, which the drills and the workerd tests run).
 */
import { createApp } from '../src/http/app';
import { handleDeadLetters, handleTasks } from './queue-handler';
import { buildAppDeps } from './wiring';

export { Coordinator } from './coordinator';

export default {
  async fetch(request, env, ctx) {
    return createApp(() => buildAppDeps(env)).fetch(request, env, ctx);
  },
  async queue(batch, env) {
    if (batch.queue.endsWith('-dlq')) await handleDeadLetters(batch, env);
    else await handleTasks(batch, env);
  },
} satisfies ExportedHandler<Env, unknown>;
