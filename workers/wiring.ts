/**
 * The composition root: bindings in, adapters out, built once per invocation. The only place
 * besides the entry and the Durable Object that sees Env.
 */
import { createDb } from '../src/adapters/d1/db';
import { createImportStore, createUploadRepo } from '../src/adapters/d1/import-store';
import { createRunnerRepo, createTokenRepo } from '../src/adapters/d1/runner-repo';
import { createSessionRepo } from '../src/adapters/d1/session-repo';
import { coordinatorFor } from '../src/adapters/coordinator-client';
import { createScryptHasher, DEFAULT_SCRYPT } from '../src/adapters/password-scrypt';
import { createR2BlobStore } from '../src/adapters/r2-blob-store';
import { randomIds, systemClock } from '../src/adapters/system';
import { createTaskQueue } from '../src/adapters/task-queue';
import type { AppDeps } from '../src/http/context';
import type { ImportFitDeps } from '../src/jobs/import-fit';
import { readConfig } from './config';

function scryptParams(env: Env) {
  // Tests may lower the cost (PASSWORD_SCRYPT_N); production uses the OWASP-equivalent default.
  const n = Number(env.PASSWORD_SCRYPT_N ?? '');
  return Number.isInteger(n) && n >= 1024 ? { ...DEFAULT_SCRYPT, N: n, p: 1 } : DEFAULT_SCRYPT;
}

export function buildAppDeps(env: Env): AppDeps {
  const config = readConfig(env);
  const db = createDb(env.DB);
  return {
    config: { maxUploadBytes: config.maxUploadBytes },
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
  };
}

export function buildImportDeps(env: Env, runnerId: string): ImportFitDeps {
  const config = readConfig(env);
  const db = createDb(env.DB);
  return {
    blobs: createR2BlobStore(env.FILES),
    store: createImportStore(db, env.DB),
    coordinator: coordinatorFor(env.COORDINATOR, runnerId),
    clock: systemClock,
    limits: { maxFitBytes: config.maxFitBytes },
  };
}
