/** Ports: Runners, API tokens and browser sessions. */
export interface RunnerProfile {
  maxHr?: number;
  restingHr?: number;
  thresholdHr?: number;
  zoneModel?: 'hrmax' | 'hrr' | 'lthr';
  units: 'metric' | 'imperial';
  timeZone: string;
}

export interface Runner extends RunnerProfile {
  id: string;
  email: string;
  name: string;
  createdAt: number;
}

export interface RunnerRepo {
  create(runner: Runner & { passwordHash: string }): Promise<'created' | 'email_taken'>;
  findByEmail(email: string): Promise<(Runner & { passwordHash: string }) | null>;
  findById(id: string): Promise<Runner | null>;
  updateProfile(id: string, patch: Partial<RunnerProfile & { name: string }>, now: number): Promise<Runner | null>;
}

export interface TokenRepo {
  create(token: { id: string; runnerId: string; tokenHash: string; prefix: string; label?: string; createdAt: number }): Promise<void>;
  findRunnerIdByHash(tokenHash: string, now: number): Promise<string | null>;
  /** the runner's tokens, newest first, revoked ones included (never the hash) */
  list(runnerId: string): Promise<ApiTokenInfo[]>;
  /** true when a live token of this runner was revoked */
  revoke(runnerId: string, tokenId: string, now: number): Promise<boolean>;
}

export interface ApiTokenInfo {
  id: string;
  prefix: string;
  label?: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
}

export interface WebSession {
  runnerId: string;
  createdAt: number;
  expiresAt: number;
  /** true when the store pushed expiresAt forward (the cookie should be re-sent) */
  renewed: boolean;
}

export interface WebSessionStore {
  create(session: { idHash: string; runnerId: string; createdAt: number; expiresAt: number; userAgent?: string }): Promise<void>;
  /** the live session for this hash, slid forward when due; null when unknown, revoked or expired */
  touch(idHash: string, now: number): Promise<WebSession | null>;
  revoke(idHash: string, now: number): Promise<void>;
  revokeAllOf(runnerId: string, now: number): Promise<void>;
}

export interface LoginThrottle {
  /** ms until the key may try again, or 0 when it may try now */
  retryAfter(keys: string[], now: number): Promise<number>;
  recordFailure(keys: string[], now: number): Promise<void>;
  clear(keys: string[]): Promise<void>;
}
