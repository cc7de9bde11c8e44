/** Ports: Runners, API tokens and browser sessions. */
export interface RunnerProfile {
  maxHr?: number;
  restingHr?: number;
  thresholdHr?: number;
  zoneModel?: 'hrmax' | 'hrr' | 'lthr';
  units: 'metric' | 'imperial';
  timeZone: string;
  /** the date format's locale (en-GB, en-US, de-DE, …); absent = en-GB */
  locale?: string;
  /** the first day of the week; absent = the locale's custom */
  weekStart?: 'monday' | 'sunday';
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

/** what an API token may do: everything, or only read (safe methods) */
export type TokenScope = 'read' | 'write';

/** Where a runner's rows live (opaque to routes): compared, never interpreted, outside the adapter. */
export interface RunnerPlacement {
  shard: number;
  /** an unfinished move's phase, or null */
  movePhase: string | null;
}

/** a live (not revoked) token found by its hash */
export interface TokenGrant {
  runnerId: string;
  scope: TokenScope;
  /** past its expiry: answered 401 token_expired, and not recorded as used */
  expired: boolean;
  /** when it expires (ms), if it does */
  expiresAt?: number;
  /** the runner's placement read with the token (absent when expired) */
  placement?: RunnerPlacement;
}

export interface TokenRepo {
  create(token: { id: string; runnerId: string; tokenHash: string; prefix: string; label?: string; createdAt: number; scope?: TokenScope; expiresAt?: number }): Promise<void>;
  /** the live token with this hash; records "last used" (at most once a minute) unless expired */
  authenticate(tokenHash: string, now: number): Promise<TokenGrant | null>;
  /**
   * Routes this request's queries for the runner by a placement read earlier (speculative auth:
   * src/http/auth.ts); the request must confirm the token before it commits anything.
   */
  assumePlacement(runnerId: string, placement: RunnerPlacement): void;
  /** the runner's tokens, newest first, revoked ones included (never the hash) */
  list(runnerId: string): Promise<ApiTokenInfo[]>;
  /** true when a live token of this runner was revoked */
  revoke(runnerId: string, tokenId: string, now: number): Promise<boolean>;
  /** revokes every live token of the runner ("sign out everywhere"); how many */
  revokeAll(runnerId: string, now: number): Promise<number>;
}

export interface ApiTokenInfo {
  id: string;
  prefix: string;
  label?: string;
  createdAt: number;
  lastUsedAt?: number;
  revokedAt?: number;
  scope: TokenScope;
  expiresAt?: number;
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

/** One key of a credential attempt and its progressive delay: `free` attempts, then base·2^k up to max. */
export interface ThrottleRule {
  key: string;
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CredentialCheck {
  rules: ThrottleRule[];
  /** rules skipped when `trustKey` is live (an email+IP pair that signed in recently) */
  unlessTrusted?: { trustKey: string; rules: ThrottleRule[] };
  /** a key with no attempt for this long starts again from zero */
  quietMs: number;
}

export interface CredentialThrottle {
  /** counts the attempt on every key BEFORE the password is checked; refused while any key is in its delay */
  attempt(check: CredentialCheck, now: number): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
  /** after a right password: forget `clear`, and mark the pair trusted for trustMs */
  succeeded(outcome: { clear: string[]; trustKey: string; trustMs: number }, now: number): Promise<void>;
}

/**
 * Deleting an account (issue 13 item 3): the request tombstones the runner at once (no sign-in,
 * no token, no browser session, the email free again); a queue step then removes the rest in
 * bounded pieces and, last, the runner's directory row.
 */
export interface AccountStore {
  /** one directory batch: tokens and browser sessions deleted, the email and password replaced */
  tombstone(runnerId: string, now: number): Promise<void>;
  /** tombstoned runners whose deletion has not moved since `before` (a lost message) */
  stalledDeletions(before: number): Promise<string[]>;
  /** marks progress (so the cron leaves an active deletion alone) */
  touch(runnerId: string, now: number): Promise<void>;
  /** the R2 multipart uploads still open (to abort) */
  openMultipartUploads(runnerId: string): Promise<Array<{ r2Key: string; r2UploadId: string }>>;
  /** deletes up to `maxRows` of the runner's rows in their data shard; done when none is left */
  deleteDataRows(runnerId: string, maxRows: number): Promise<{ deleted: number; done: boolean }>;
  /** the runner's directory row (and what cascades from it), and its shard's runner count */
  removeRunner(runnerId: string): Promise<void>;
}
