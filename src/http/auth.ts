/**
 * API tokens: 32 random bytes shown once ("pl_" + base64url), stored only as SHA-256, checked
 * by bearer auth on every /api/v1 route except signup and token issuance. A token may expire
 * (401 token_expired) and may be read-only (403 insufficient_scope on any unsafe method).
 */
import { createMiddleware } from 'hono/factory';
import { runnerMovingError } from '../core/errors';
import type { TokenGrant, TokenScope } from '../ports';
import type { AppDeps, AppEnv } from './context';
import { agreesWith, createGrantCache, mayWriteAhead } from './grant-cache';
import { HttpProblem } from './problem';

const DAY_MS = 86_400_000;

export interface NewTokenOptions {
  label?: string;
  /** default 'write' */
  scope?: TokenScope;
  /** whole days from now; none = no expiry */
  expiresInDays?: number;
}

/** Creates a token (API and settings page alike) and returns its secret, the only time it is seen. */
export async function createApiToken(deps: Pick<AppDeps, 'tokens' | 'ids' | 'clock'>, runnerId: string, options: NewTokenOptions): Promise<string> {
  const token = newTokenSecret();
  const now = deps.clock.now();
  await deps.tokens.create({
    id: deps.ids.newId('tok'), runnerId, tokenHash: await hashToken(token), prefix: token.slice(0, 7), label: options.label, createdAt: now,
    scope: options.scope ?? 'write', expiresAt: options.expiresInDays === undefined ? undefined : now + options.expiresInDays * DAY_MS,
  });
  return token;
}

export function newTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `pl_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export async function hashToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'unauthorized', detail);
}

/**
 * Grants confirmed in this isolate in the last minute (grant-cache.ts). A minute, not longer: the
 * cache only lets a request start early; how long a revoked token can make the server read a body
 * it then throws away is this TTL, once (a failed check forgets the token at once).
 */
const recentGrants = createGrantCache({ ttlMs: 60_000, maxEntries: 2_000 });

export interface RunnerAuthOptions {
  /**
   * Speculative auth for a write that streams a body (POST /uploads): when this isolate confirmed
   * the same token within the TTL, the request goes on at once as that runner while the token is
   * looked up again, and the route must await `c.get('confirmRunner')()` before it records
   * anything (acceptUpload does, before its rows and job). The D1 lookup then overlaps the body
   * instead of preceding it. A route that forgets to confirm still cannot answer success to a
   * token that fails: the check is awaited after the route and its answer replaced.
   */
  confirmLater?: boolean;
}

function refusal(grant: TokenGrant | null, method: string): HttpProblem | null {
  if (!grant) return unauthorized('The token is unknown or has been revoked.');
  if (grant.expired) return new HttpProblem(401, 'token_expired', 'This token has expired; create a new one (settings page or POST /api/v1/auth/token).');
  // One check for every route: a read-only token may use safe methods only (a WebSocket upgrade is a GET).
  if (grant.scope === 'read' && !SAFE_METHODS.has(method)) {
    return new HttpProblem(403, 'insufficient_scope', 'This token is read-only; use a token with write access for this request.');
  }
  return null;
}

function rememberGrant(tokenHash: string, grant: TokenGrant, now: number): void {
  if (grant.placement && !grant.expired) recentGrants.remember(tokenHash, { runnerId: grant.runnerId, scope: grant.scope, expiresAt: grant.expiresAt, placement: grant.placement }, now);
}

export function requireRunnerWith(options: RunnerAuthOptions = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Mounted on '/x' and '/x/*' alike, and Hono's '/x/*' matches '/x' too: a request already
    // authenticated by an earlier match is not looked up again (it was twice per API request).
    if (c.get('authenticated')) return next();
    const header = c.req.header('authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthorized('Send an API token as "Authorization: Bearer <token>".');
    const deps = c.get('deps');
    const tokenHash = await hashToken(match[1]);
    const now = deps.clock.now();
    const ahead = options.confirmLater && !SAFE_METHODS.has(c.req.method) ? recentGrants.recall(tokenHash, now) : undefined;
    if (ahead && mayWriteAhead(ahead, now)) {
      deps.tokens.assumePlacement(ahead.runnerId, ahead.placement);
      // settles to the refusal (or the lookup's error), never rejects: nothing is left unhandled
      const verdict: Promise<Error | null> = deps.tokens.authenticate(tokenHash, now).then((grant) => {
        if (grant && agreesWith(ahead, grant)) {
          rememberGrant(tokenHash, grant, now);
          return null;
        }
        recentGrants.forget(tokenHash);
        // what went ahead stays routed where it went, so its clean-up finds its reservation
        deps.tokens.assumePlacement(ahead.runnerId, ahead.placement);
        return refusal(grant, c.req.method) ?? runnerMovingError();
      }, (error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      c.set('runnerId', ahead.runnerId);
      c.set('authenticated', true);
      c.set('confirmRunner', async () => {
        const failure = await verdict;
        if (failure) throw failure;
      });
      await next();
      const failure = await verdict;
      if (failure) {
        // the refusal is the answer whatever the route said (even a 4xx about the body), and no
        // bookmark of the runner's shard goes back with it
        c.set('runnerId', undefined as unknown as string);
        throw failure;
      }
      return;
    }
    const grant = await deps.tokens.authenticate(tokenHash, now);
    const refused = refusal(grant, c.req.method);
    if (refused) throw refused;
    rememberGrant(tokenHash, grant!, now);
    c.set('runnerId', grant!.runnerId);
    c.set('authenticated', true);
    await next();
  });
}

export const requireRunner = requireRunnerWith();
