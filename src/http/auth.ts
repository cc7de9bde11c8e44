/**
 * API tokens: 32 random bytes shown once ("pl_" + base64url), stored only as SHA-256, checked
 * by bearer auth on every /api/v1 route except signup and token issuance. A token may expire
 * (401 token_expired) and may be read-only (403 insufficient_scope on any unsafe method).
 */
import { createMiddleware } from 'hono/factory';
import type { TokenScope } from '../ports';
import type { AppDeps, AppEnv } from './context';
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

export const requireRunner = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw unauthorized('Send an API token as "Authorization: Bearer <token>".');
  const deps = c.get('deps');
  const grant = await deps.tokens.authenticate(await hashToken(match[1]), deps.clock.now());
  if (!grant) throw unauthorized('The token is unknown or has been revoked.');
  if (grant.expired) throw new HttpProblem(401, 'token_expired', 'This token has expired; create a new one (settings page or POST /api/v1/auth/token).');
  // One check for every route: a read-only token may use safe methods only (a WebSocket upgrade is a GET).
  if (grant.scope === 'read' && !SAFE_METHODS.has(c.req.method)) {
    throw new HttpProblem(403, 'insufficient_scope', 'This token is read-only; use a token with write access for this request.');
  }
  c.set('runnerId', grant.runnerId);
  await next();
});
