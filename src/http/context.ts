import type {
  AccountStore, AnalysisStore, Clock, Coordinator, CoordinatorSocket, IdSource, CredentialThrottle, RequestLimiter, WebSessionStore, PasswordHasher, RunnerRepo, SessionRepo, StorageLedger, StreamingBlobStore, TokenRepo, UploadRepo,
} from '../ports';

import type { PlanActualsSource, PlanCatalog, PlanHistorySource, PlanRepo, PlanRevisionRepo } from '../ports';

export interface HttpConfig {
  maxUploadBytes: number;
  /** bytes one runner may hold: every object under their prefix but exports (storage ledger) */
  storageQuotaBytes: number;
  /** how long a session delete can be undone (ms; 0 = deleted at once, no undo) */
  deleteUndoMs: number;
}

/** Everything a route needs, built once per request by the composition root (workers/wiring.ts). */
export interface AppDeps {
  config: HttpConfig;
  clock: Clock;
  ids: IdSource;
  passwords: PasswordHasher;
  runners: RunnerRepo;
  tokens: TokenRepo;
  uploads: UploadRepo;
  sessions: SessionRepo;
  /** metered: every write under a runner's prefix is reserved in `storage` first (metered-blob-store.ts) */
  blobs: StreamingBlobStore;
  /** the storage ledger: what each runner holds, reserved atomically against the quota */
  storage: StorageLedger;
  /** account deletion: the tombstone, then the queue step that removes the rest (one message) */
  accounts: AccountStore;
  startAccountPurge(runnerId: string): Promise<void>;
  coordinatorFor(runnerId: string): Coordinator;
  /** resumable uploads: R2 multipart, the D1 record of parts received, the part size offered */
  multipart: { store: import('../ports').MultipartStore; repo: import('../ports').MultipartRepo; partBytes: number };
  /** training plans: rows, the D1 catalogue, the runner's history facts; first chunk's generation cap */
  plans: { repo: PlanRepo; catalog: PlanCatalog; history: PlanHistorySource; maxGenerations: number; revisions: PlanRevisionRepo; actuals: PlanActualsSource };
  /** per client IP on every unsafe method, before any body is read (the coarse outer layer) */
  writeLimiter: RequestLimiter;
  /** per runner on every request that creates a job (fair use: src/http/job-limit.ts) */
  jobLimiter: RequestLimiter;
  /** every password check and sign-up is counted here first (src/http/credentials.ts) */
  credentialThrottle: CredentialThrottle;
  /** web app: browser sessions, the banner's socket; the analysis tables the pages read */
  webSessions: WebSessionStore;
  coordinatorSocketFor(runnerId: string): CoordinatorSocket;
  analysis: AnalysisStore;
  /** D1 read replication: the bookmark of the runner's shard after this request (d1-bookmark.ts) */
  consistency: { bookmark(runnerId: string, options?: { fresh?: boolean }): Promise<string | null> };
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    runnerId: string;
    /** set by the API's auth middleware once it admitted the request (overlapping mounts run it once) */
    authenticated?: true;
    /** set when auth went ahead on a recently confirmed token (auth.ts): await before recording anything */
    confirmRunner?: () => Promise<void>;
  };
}
