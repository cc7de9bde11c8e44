/**
 * Every password check goes through here — POST /api/v1/auth/token, POST /sign-in, and the
 * per-IP limit of both sign-up forms — with one policy (docs/security.md lists the numbers):
 *  - "pair": this email from this IP — 5 attempts, then a delay of 2 s doubling to 15 min;
 *  - "ip": this IP for any email — 30 attempts, then 1 s doubling to 15 min (password spraying);
 *  - "email": this email from anywhere — 20 attempts, then 1 s doubling to at most 60 s
 *    (distributed stuffing). It is skipped for a pair that signed in within 30 days, so nobody
 *    can lock a runner out of the address they use: a delay, never a lockout.
 *  - "signup": account creation from this IP — 5, then 1 min doubling to 1 h.
 * A key with no attempt for an hour starts again from zero. Keys are SHA-256 of the submitted
 * email / IP (nothing raw is stored) and do not depend on whether the account exists.
 */
import type { AppDeps } from './context';
import type { Runner, ThrottleRule } from '../ports';
import { hashToken } from './auth';

const MINUTE = 60_000;
const POLICY = {
  pair: { free: 5, baseDelayMs: 2_000, maxDelayMs: 15 * MINUTE },
  ip: { free: 30, baseDelayMs: 1_000, maxDelayMs: 15 * MINUTE },
  email: { free: 20, baseDelayMs: 1_000, maxDelayMs: MINUTE },
  signup: { free: 5, baseDelayMs: MINUTE, maxDelayMs: 60 * MINUTE },
} as const;
const QUIET_MS = 60 * MINUTE;
const TRUST_MS = 30 * 24 * 60 * MINUTE;
/** passwords longer than this are not hashed (scrypt's cost grows with the input) */
export const MAX_PASSWORD_CHARS = 256;

export type CredentialResult =
  | { kind: 'ok'; runner: Runner }
  | { kind: 'wrong' }
  | { kind: 'throttled'; retryAfterMs: number };

/** The client's address as Cloudflare reports it; local tests may lack the header. */
export function clientIp(header: string | undefined): string {
  return header?.trim() || 'unknown';
}

const rule = (key: string, limits: Omit<ThrottleRule, 'key'>): ThrottleRule => ({ key, ...limits });

/** Counts the attempt first, then checks the password (same work whether the account exists or not). */
export async function checkCredentials(deps: AppDeps, rawEmail: string, password: string, ip: string): Promise<CredentialResult> {
  const email = rawEmail.trim().toLowerCase();
  const now = deps.clock.now();
  const pair = await hashToken(`${email}\n${ip}`);
  const gate = await deps.credentialThrottle.attempt({
    rules: [rule(`pair:${pair}`, POLICY.pair), rule(`ip:${await hashToken(ip)}`, POLICY.ip)],
    unlessTrusted: { trustKey: `trusted:${pair}`, rules: [rule(`email:${await hashToken(email)}`, POLICY.email)] },
    quietMs: QUIET_MS,
  }, now);
  if (!gate.allowed) return { kind: 'throttled', retryAfterMs: gate.retryAfterMs };
  const runner = email && password.length <= MAX_PASSWORD_CHARS ? await deps.runners.findByEmail(email) : null;
  const ok = runner ? await deps.passwords.verify(password, runner.passwordHash) : (await deps.passwords.hash(password.slice(0, MAX_PASSWORD_CHARS)), false);
  if (!runner || !ok) return { kind: 'wrong' };
  await deps.credentialThrottle.succeeded({ clear: [`pair:${pair}`], trustKey: `trusted:${pair}`, trustMs: TRUST_MS }, now);
  const { passwordHash: _, ...profile } = runner;
  return { kind: 'ok', runner: profile };
}

/** Account creation per IP (each costs a password hash and a row); counted before anything else. */
export async function admitSignup(deps: AppDeps, ip: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
  return deps.credentialThrottle.attempt({ rules: [rule(`signup:${await hashToken(ip)}`, POLICY.signup)], quietMs: QUIET_MS }, deps.clock.now());
}

export function waitSentence(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return seconds < 120 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`;
}

/**
 * Creates the runner unless the email is taken; either way the caller answers the same (no
 * enumeration), and either way one password hash is computed.
 */
export async function registerRunner(deps: AppDeps, input: { email: string; password: string; name: string; timeZone?: string; locale?: string }): Promise<Runner | null> {
  const now = deps.clock.now();
  const runner: Runner = { id: deps.ids.newId('run'), email: input.email, name: input.name, units: 'metric', timeZone: input.timeZone ?? 'UTC', locale: input.locale, createdAt: now };
  const passwordHash = await deps.passwords.hash(input.password);
  return (await deps.runners.create({ ...runner, passwordHash })) === 'created' ? runner : null;
}
