/**
 * API tokens: 32 random bytes shown once ("pl_" + base64url), stored only as SHA-256, checked
 * by bearer auth on every /api/v1 route except signup and token issuance.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { HttpProblem } from './problem';

export function newTokenSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `pl_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export async function hashToken(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'unauthorized', detail);
}

export const requireRunner = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw unauthorized('Send an API token as "Authorization: Bearer <token>".');
  const deps = c.get('deps');
  const runnerId = await deps.tokens.findRunnerIdByHash(await hashToken(match[1]), deps.clock.now());
  if (!runnerId) throw unauthorized('The token is unknown or has been revoked.');
  c.set('runnerId', runnerId);
  await next();
});
