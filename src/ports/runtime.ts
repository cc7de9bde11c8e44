/** Ports: Clock, ids, password hashing and test-only fault hooks. */
export interface Clock {
  now(): number;
}

/**
 * Fault hooks at step boundaries (src/core/faults.ts). Production wires a no-op; only a test or
 * drill configuration (the FAULTS var) injects failures, crashes or latency here.
 */
export interface Faults {
  /** may wait, then throw a retryable DomainError or a crash error; `name` is the file's name */
  hit(point: import('../core/faults').FaultPoint, key: string, name?: string): Promise<void>;
}

export interface IdSource {
  /** a new opaque, unguessable id with a readable prefix, e.g. "up_…" */
  newId(prefix: string): string;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

/** A coarse per-key request limit (Cloudflare's Rate Limiting binding in production). */
export interface RequestLimiter {
  /** the window the limit counts in (Retry-After on refusal) */
  periodSeconds: number;
  allow(key: string): Promise<boolean>;
}
