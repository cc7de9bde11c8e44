/**
 * The composition root: bindings in, adapters out, built once per invocation. The only place
 * besides the entry and the Durable Object that sees Env.
 */
import { createShardResolver, parseShardBookmark, readShardBindings, type ShardConsistency, type ShardResolver } from '../src/adapters/d1/shards';
import { readRequestConsistency } from '../src/http/d1-bookmark';
import { createImportStore, createUploadRepo } from '../src/adapters/d1/import-store';
import { createRunnerRepo, createTokenRepo } from '../src/adapters/d1/runner-repo';
import { createSessionRepo } from '../src/adapters/d1/session-repo';
import { coordinatorCloserFor, coordinatorFor, coordinatorSocketFor } from '../src/adapters/coordinator-client';
import { createAccountStore } from '../src/adapters/d1/account-store';
import type { PurgeAccountDeps } from '../src/jobs/purge-account';
import type { BuildExportDeps } from '../src/jobs/build-export';
import { createWebSessionStore } from '../src/adapters/d1/web-session-store';
import { createCredentialThrottle } from '../src/adapters/d1/credential-throttle';
import { createWriteLimiter } from '../src/adapters/write-limiter';
import { createScryptHasher, DEFAULT_SCRYPT } from '../src/adapters/password-scrypt';
import { createR2BlobStore, createR2MultipartStore } from '../src/adapters/r2-blob-store';
import { createMultipartRepo } from '../src/adapters/d1/multipart-repo';
import { createStorageLedger } from '../src/adapters/d1/storage-ledger';
import { createMeteredBlobStore } from '../src/adapters/metered-blob-store';
import { randomIds, systemClock } from '../src/adapters/system';
import { createTaskQueue } from '../src/adapters/task-queue';
import { nativeInflater } from '../src/adapters/native-inflater';
import type { AppDeps } from '../src/http/context';
import type { ImportFitDeps } from '../src/jobs/import-fit';
import type { InspectArchiveDeps } from '../src/jobs/inspect-archive';
import { createArchiveBudgetStore } from '../src/adapters/d1/archive-budget-store';
import type { AnalysisDeps } from '../src/jobs/analyse-session';
import type { ReplanDeps } from '../src/jobs/replan';
import { createAnalysisStore } from '../src/adapters/d1/analysis-store';
import { createPlanRepo } from '../src/adapters/d1/plan-repo';
import { createPlanActualsSource, createPlanRevisionRepo } from '../src/adapters/d1/plan-revisions';
import { createPlanCatalog } from '../src/adapters/d1/plan-catalog';
import { createPlanHistorySource } from '../src/adapters/d1/plan-history';
import type { PlanStepDeps } from '../src/jobs/plan-step';
import { readConfig } from './config';
import type { DeleteSessionDeps } from '../src/jobs/delete-session';
import { noFaults } from '../src/adapters/faults';
import type { Faults } from '../src/ports';
import type { ScryptParams } from '../src/adapters/password-scrypt';

/**
 * What only a test or drill entry (workers/test-entry.ts) may change: fault hooks and a cheaper
 * KDF. The production entry passes nothing, so no var can switch either on in production.
 */
export interface TestHooks {
  faults?: Faults;
  scrypt?: ScryptParams;
}

/**
 * The D1 databases of this invocation: the directory and the runners' data shards, reached only
 * through this resolver (every repository is built on it; it caches each runner's shard).
 */
export function buildShards(env: Env, consistency?: ShardConsistency): ShardResolver {
  return createShardResolver(readShardBindings(env), consistency);
}

/**
 * The R2 store every job and route writes through: metered, so each object under a runner's
 * prefix is reserved against their storage quota before it is stored and released when deleted.
 */
export function buildBlobs(env: Env, db: ShardResolver = buildShards(env)) {
  return createMeteredBlobStore(createR2BlobStore(env.FILES), { ledger: createStorageLedger(db), quotaBytes: readConfig(env).storageQuotaBytes, clock: systemClock });
}

/** An HTTP request's shards: a D1 session per shard, anchored as src/http/d1-bookmark.ts decides. */
function requestShards(env: Env, request: Request | undefined): ShardResolver {
  if (!request) return buildShards(env);
  const wanted = readRequestConsistency(request);
  return buildShards(env, { kind: 'session', constraint: wanted.constraint, bookmark: parseShardBookmark(wanted.bookmark) });
}

export function buildAppDeps(env: Env, hooks: TestHooks = {}, request?: Request): AppDeps {
  const config = readConfig(env);
  const db = requestShards(env, request);
  return {
    config: { maxUploadBytes: config.maxUploadBytes, storageQuotaBytes: config.storageQuotaBytes, deleteUndoMs: config.deleteUndoMs },
    clock: systemClock,
    ids: randomIds,
    passwords: createScryptHasher(hooks.scrypt ?? DEFAULT_SCRYPT),
    runners: createRunnerRepo(db),
    tokens: createTokenRepo(db),
    uploads: createUploadRepo(db),
    sessions: createSessionRepo(db),
    blobs: buildBlobs(env, db),
    storage: createStorageLedger(db),
    accounts: createAccountStore(db),
    startAccountPurge: (runnerId) => createTaskQueue(env.TASKS).send([{ type: 'purge-account', runnerId }]),
    coordinatorFor: (runnerId) => coordinatorFor(env.COORDINATOR, runnerId),
    multipart: { store: createR2MultipartStore(env.FILES), repo: createMultipartRepo(db), partBytes: config.multipartPartBytes },
    plans: {
      repo: createPlanRepo(db), catalog: createPlanCatalog(db), history: createPlanHistorySource(db), maxGenerations: config.planStepMaxGenerations,
      revisions: createPlanRevisionRepo(db), actuals: createPlanActualsSource(db),
    },
    webSessions: createWebSessionStore(db),
    credentialThrottle: createCredentialThrottle(db.directory.$client),
    // period as set under [[ratelimits]] (10 or 60 s)
    writeLimiter: createWriteLimiter(env.WRITE_LIMITER, 60),
    jobLimiter: createWriteLimiter(env.JOB_LIMITER, 60),
    coordinatorSocketFor: (runnerId) => coordinatorSocketFor(env.COORDINATOR, runnerId),
    analysis: createAnalysisStore(db, buildBlobs(env, db)),
    consistency: { bookmark: (runnerId, options) => db.bookmark(runnerId, options) },
  };
}

export function buildAnalysisDeps(env: Env, faults: Faults = noFaults): AnalysisDeps {
  const db = buildShards(env);
  return {
    blobs: buildBlobs(env, db),
    sessions: createSessionRepo(db),
    runners: createRunnerRepo(db),
    analysis: createAnalysisStore(db, buildBlobs(env, db)),
    clock: systemClock,
    faults,
  };
}

/** a held session delete, once its undo window passed (same parts as the route's immediate delete) */
export function buildDeleteSessionDeps(env: Env, runnerId: string): DeleteSessionDeps {
  const db = buildShards(env);
  return {
    sessions: createSessionRepo(db), uploads: createUploadRepo(db), blobs: buildBlobs(env, db), ids: randomIds,
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
  };
}

export function buildImportDeps(env: Env, runnerId: string, faults: Faults = noFaults): ImportFitDeps {
  const config = readConfig(env);
  const db = buildShards(env);
  return {
    blobs: buildBlobs(env, db),
    store: createImportStore(db),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    runners: createRunnerRepo(db),
    analysis: createAnalysisStore(db, buildBlobs(env, db)),
    clock: systemClock,
    limits: { maxFitBytes: config.maxFitBytes, maxXmlBytes: config.maxXmlBytes },
    archiveCaps: config.archiveCaps,
    inflater: nativeInflater,
    faults,
  };
}

export function buildInspectDeps(env: Env, runnerId: string): InspectArchiveDeps {
  const db = buildShards(env);
  return {
    blobs: buildBlobs(env, db),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    queue: createTaskQueue(env.TASKS),
    budget: createArchiveBudgetStore(db),
    clock: systemClock,
    caps: readConfig(env).archiveCaps,
    inflater: nativeInflater,
  };
}

export function buildPlanStepDeps(env: Env, runnerId: string): PlanStepDeps {
  const config = readConfig(env);
  const db = buildShards(env);
  return {
    plans: createPlanRepo(db),
    revisions: createPlanRevisionRepo(db),
    actuals: createPlanActualsSource(db),
    catalog: createPlanCatalog(db),
    blobs: buildBlobs(env, db),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    clock: systemClock,
    budget: { cpuMs: config.planStepCpuMs, maxGenerations: config.planStepMaxGenerations },
  };
}

export function buildReplanDeps(env: Env, runnerId: string): ReplanDeps {
  const config = readConfig(env);
  const db = buildShards(env);
  return {
    plans: createPlanRepo(db), revisions: createPlanRevisionRepo(db), catalog: createPlanCatalog(db), history: createPlanHistorySource(db),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId), ids: randomIds, clock: systemClock, maxGenerations: config.planStepMaxGenerations,
  };
}

export function buildPurgeAccountDeps(env: Env, runnerId: string): PurgeAccountDeps {
  const db = buildShards(env);
  return {
    accounts: createAccountStore(db),
    blobs: buildBlobs(env, db),
    multipart: createR2MultipartStore(env.FILES),
    queue: createTaskQueue(env.TASKS),
    clock: systemClock,
    closeCoordinator: coordinatorCloserFor(env.COORDINATOR, runnerId),
    // about 10,000 objects or 20,000 rows per message by default: well inside a queue invocation's limits
    budget: { pages: 10, rows: readConfig(env).purgeStepRows },
  };
}

export function buildExportDeps(env: Env): BuildExportDeps {
  const db = buildShards(env);
  const blobs = buildBlobs(env, db);
  return { blobs, sessions: createSessionRepo(db), analysis: createAnalysisStore(db, blobs), runners: createRunnerRepo(db), clock: systemClock };
}
