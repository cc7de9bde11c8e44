/**
 * The test and drill entry (test/wrangler.test.toml, `npm run drill`): the production Worker
 * plus what only tests may have — the drills' oracle at GET /__test/ledger, fault hooks from the
 * FAULTS var, a cheaper scrypt from PASSWORD_SCRYPT_N, and NO_WRITE_LIMIT to drop the per-IP
 * outer rate limit (every drill client is 127.0.0.1), and RECORD_BINDINGS=1: the queue
 * consumer's D1 and R2 calls recorded for the bench's bindings replay (GET /__test/bindings-log
 * answers them and starts a new log). workers/index.ts imports none of this.
 */
import { createApp } from '../src/http/app';
import { createFaults, faultsVar } from '../src/adapters/faults';
import { serveTestLedger } from '../src/adapters/faults-ledger';
import { DEFAULT_SCRYPT } from '../src/adapters/password-scrypt';
import { recordingEnv, type RecordedInvocation } from '../src/adapters/binding-recorder';
import { handleDeadLetters, handleTasks } from './queue-handler';
import { advanceMoves, resumeAccountDeletions } from './scheduled';
import { buildAppDeps, type TestHooks } from './wiring';

import { emptyCounts } from '../src/core/chain/job-counts';
import type { NewJob } from '../src/ports';
import { Coordinator as AppCoordinator } from './coordinator';
import { armReconciler } from './coordinator/dispatch-window';
import { countFile, insertFile } from './coordinator/job-state';

/**
 * The production coordinator plus one RPC for the fault tests: stageJob registers a job's files
 * as already sent, so the coordinator sends none of them and the test delivers each message
 * itself (attempt by attempt, with faults) — createJob would send them through the dispatch
 * window to the real queue, which would race the test's deliveries without faults.
 */
export class Coordinator extends AppCoordinator {
  async stageJob(input: NewJob): Promise<void> {
    const { ledger } = this.scope;
    if (ledger.job(input.jobId)) return;
    ledger.setRunnerId(input.runnerId);
    const now = Date.now();
    let counts = emptyCounts();
    for (const file of input.files) counts = countFile(counts, file);
    ledger.insertJob({ id: input.jobId, kind: input.kind, status: 'queued', stage: input.stage ?? 'import', counts, createdAt: now });
    for (const file of input.files) insertFile(this.scope, input.jobId, file, now, true);
    await armReconciler(this.scope); // as after a real send: a message lost later is re-sent after its lease
  }
}

type TestVars = { PASSWORD_SCRYPT_N?: string; NO_WRITE_LIMIT?: string; RECORD_BINDINGS?: string };

/** the queue invocations recorded since the last GET /__test/bindings-log (RECORD_BINDINGS=1) */
let bindingsLog: RecordedInvocation[] = [];

function hooksFor(env: Env): TestHooks {
  const n = Number((env as TestVars).PASSWORD_SCRYPT_N ?? '');
  return {
    faults: createFaults(faultsVar(env)),
    scrypt: Number.isInteger(n) && n >= 2 ? { ...DEFAULT_SCRYPT, N: n, p: 1 } : undefined,
  };
}

// One copy per env: spreading workerd's env reads every binding, and the benches measure the
// request path (it was ≈ 4 % of the app isolate's time under the upload bench, issue 14 item 6).
const unlimited = new WeakMap<Env, Env>();

function testEnv(env: Env): Env {
  // Drills and benches measure throughput from one address and a few runners: both rate limits go.
  if ((env as TestVars).NO_WRITE_LIMIT !== '1') return env;
  let copy = unlimited.get(env);
  if (!copy) {
    copy = { ...env, WRITE_LIMITER: undefined, JOB_LIMITER: undefined } as unknown as Env;
    unlimited.set(env, copy);
  }
  return copy;
}

/**
 * The test config has no undo window (DELETE_UNDO_MS 0: older tests expect a delete at once);
 * test/workers/delete-undo sets one per request with this header. Test entry only.
 */
function withUndoWindow(env: Env, request: Request): Env {
  const ms = request.headers.get('x-test-delete-undo-ms');
  return ms === null ? env : ({ ...env, DELETE_UNDO_MS: ms } as Env);
}

/** built once per isolate, as in workers/index.ts; deps from the env each request runs with */
const app = createApp<Env>((request, runEnv) => buildAppDeps(runEnv, hooksFor(runEnv), request));

export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === '/__test/ledger') return serveTestLedger(request, env);
    if (path === '/__test/bindings-log' && (env as TestVars).RECORD_BINDINGS === '1') {
      const log = bindingsLog;
      bindingsLog = [];
      return Response.json(log);
    }
    return app.fetch(request, withUndoWindow(testEnv(env), request), ctx);
  },
  async queue(batch, env) {
    if ((env as TestVars).RECORD_BINDINGS === '1') env = recordingEnv(env, bindingsLog, batch.queue, batch.messages.length);
    if (batch.queue.endsWith('-dlq')) await handleDeadLetters(batch, env);
    else await handleTasks(batch, env, hooksFor(env).faults);
  },
  async scheduled(_controller, env) {
    await advanceMoves(env);
    await resumeAccountDeletions(env);
  },
} satisfies ExportedHandler<Env, unknown>;
