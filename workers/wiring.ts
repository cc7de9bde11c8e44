/**
 * The composition root: bindings in, adapters out, built once per invocation. The only place
 * besides the entry and the Durable Object that sees Env.
 */
import { createDb } from '../src/adapters/d1/db';
import { createImportStore, createUploadRepo } from '../src/adapters/d1/import-store';
import { createRunnerRepo, createTokenRepo } from '../src/adapters/d1/runner-repo';
import { createSessionRepo } from '../src/adapters/d1/session-repo';
import { coordinatorFor, coordinatorSocketFor } from '../src/adapters/coordinator-client';
import { createLoginThrottle, createWebSessionStore } from '../src/adapters/d1/web-session-store';
import { LOGIN_THROTTLE } from '../src/http/web/login-throttle';
import { createScryptHasher, DEFAULT_SCRYPT } from '../src/adapters/password-scrypt';
import { createR2BlobStore, createR2MultipartStore } from '../src/adapters/r2-blob-store';
import { createMultipartRepo } from '../src/adapters/d1/multipart-repo';
import { randomIds, systemClock } from '../src/adapters/system';
import { createTaskQueue } from '../src/adapters/task-queue';
import type { AppDeps } from '../src/http/context';
import type { ImportFitDeps } from '../src/jobs/import-fit';
import type { InspectArchiveDeps } from '../src/jobs/inspect-archive';
import { createArchiveBudgetStore } from '../src/adapters/d1/archive-budget-store';
import type { AnalysisDeps } from '../src/jobs/analyse-session';
import { createAnalysisStore } from '../src/adapters/d1/analysis-store';
import { createPlanRepo } from '../src/adapters/d1/plan-repo';
import { createPlanCatalog } from '../src/adapters/d1/plan-catalog';
import { createPlanHistorySource } from '../src/adapters/d1/plan-history';
import type { PlanStepDeps } from '../src/jobs/plan-step';
import { readConfig } from './config';
import { createFaults, faultsVar } from '../src/adapters/faults';
import type { Faults } from '../src/ports';

/** Fault hooks: a no-op unless a test or drill config sets FAULTS (never the production config). */
export function buildFaults(env: Env): Faults {
  return createFaults(faultsVar(env));
}

function scryptParams(env: Env) {
  // Tests may lower the cost (PASSWORD_SCRYPT_N); production uses the OWASP-equivalent default.
  const n = Number(env.PASSWORD_SCRYPT_N ?? '');
  return Number.isInteger(n) && n >= 1024 ? { ...DEFAULT_SCRYPT, N: n, p: 1 } : DEFAULT_SCRYPT;
}

export function buildAppDeps(env: Env): AppDeps {
  const config = readConfig(env);
  const db = createDb(env.DB);
  return {
    config: { maxUploadBytes: config.maxUploadBytes, storageQuotaBytes: config.storageQuotaBytes },
    clock: systemClock,
    ids: randomIds,
    passwords: createScryptHasher(scryptParams(env)),
    runners: createRunnerRepo(db),
    tokens: createTokenRepo(db),
    uploads: createUploadRepo(db),
    sessions: createSessionRepo(db),
    blobs: createR2BlobStore(env.FILES),
    queue: createTaskQueue(env.TASKS),
    coordinatorFor: (runnerId) => coordinatorFor(env.COORDINATOR, runnerId),
    multipart: { store: createR2MultipartStore(env.FILES), repo: createMultipartRepo(db), partBytes: config.multipartPartBytes },
    plans: { repo: createPlanRepo(db), catalog: createPlanCatalog(db), history: createPlanHistorySource(db), maxGenerations: config.planStepMaxGenerations },
    webSessions: createWebSessionStore(db),
    loginThrottle: createLoginThrottle(db, LOGIN_THROTTLE),
    coordinatorSocketFor: (runnerId) => coordinatorSocketFor(env.COORDINATOR, runnerId),
    analysis: createAnalysisStore(db),
  };
}

export function buildAnalysisDeps(env: Env): AnalysisDeps {
  const db = createDb(env.DB);
  return {
    blobs: createR2BlobStore(env.FILES),
    sessions: createSessionRepo(db),
    runners: createRunnerRepo(db),
    analysis: createAnalysisStore(db),
    clock: systemClock,
    faults: buildFaults(env),
  };
}

export function buildImportDeps(env: Env, runnerId: string): ImportFitDeps {
  const config = readConfig(env);
  const db = createDb(env.DB);
  return {
    blobs: createR2BlobStore(env.FILES),
    store: createImportStore(db, env.DB),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    runners: createRunnerRepo(db),
    analysis: createAnalysisStore(db),
    clock: systemClock,
    limits: { maxFitBytes: config.maxFitBytes },
    archiveCaps: config.archiveCaps,
    faults: buildFaults(env),
  };
}

export function buildInspectDeps(env: Env, runnerId: string): InspectArchiveDeps {
  return {
    blobs: createR2BlobStore(env.FILES),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    queue: createTaskQueue(env.TASKS),
    budget: createArchiveBudgetStore(env.DB),
    clock: systemClock,
    caps: readConfig(env).archiveCaps,
  };
}

export function buildPlanStepDeps(env: Env, runnerId: string): PlanStepDeps {
  const config = readConfig(env);
  const db = createDb(env.DB);
  return {
    plans: createPlanRepo(db),
    catalog: createPlanCatalog(db),
    blobs: createR2BlobStore(env.FILES),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    clock: systemClock,
    budget: { cpuMs: config.planStepCpuMs, maxGenerations: config.planStepMaxGenerations },
  };
}
