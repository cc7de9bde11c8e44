/**
 * Sign-in throttling policy. Three keys per attempt, each hashed (no raw IPs or emails stored):
 *  - "pair": this email from this IP — tight (5 per 15 min), stops guessing one account;
 *  - "ip": this IP for any email — stops one machine spraying many accounts;
 *  - "email": this email from anywhere — a wide cap on distributed stuffing, set high enough
 *    that an attacker cannot cheaply lock the real runner out from a fresh address.
 * Keys are computed from the submitted email, not from whether the account exists, so the
 * answer never reveals which emails are registered.
 */
import type { ThrottlePolicy } from '../../adapters/d1/web-session-store';
import { hashToken } from '../auth';

const LIMITS = { pair: 5, ip: 30, email: 100 } as const;

export const LOGIN_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  maxFailures: (key) => LIMITS[key.slice(0, key.indexOf(':')) as keyof typeof LIMITS] ?? 5,
};

export async function throttleKeys(email: string, ip: string): Promise<string[]> {
  const e = email.trim().toLowerCase();
  return [
    `pair:${await hashToken(`${e}\n${ip}`)}`,
    `ip:${await hashToken(ip)}`,
    `email:${await hashToken(e)}`,
  ];
}

/** The client's address as Cloudflare reports it; local dev and tests may lack the header. */
export function clientIp(header: string | undefined): string {
  return header?.trim() || 'unknown';
}
