import type {
  Clock, Coordinator, IdSource, PasswordHasher, RunnerRepo, SessionRepo, StreamingBlobStore, TaskQueue, TokenRepo, UploadRepo,
} from '../ports';

export interface HttpConfig {
  maxUploadBytes: number;
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
  blobs: StreamingBlobStore;
  queue: TaskQueue;
  coordinatorFor(runnerId: string): Coordinator;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    runnerId: string;
  };
}
