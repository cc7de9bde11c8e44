/**
 * The browser session cookie. A random 32-byte token lives only in the cookie; D1 keeps its
 * SHA-256, so a leaked database holds no usable session. HttpOnly (no script can read it),
 * SameSite=Lax (not sent on cross-site POSTs), Secure with the __Host- prefix (no Domain, Path=/)
 * everywhere except plain-http local development on 127.0.0.1/localhost, where browsers would
 * drop a Secure cookie.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { hashToken } from '../auth';

const SECURE_NAME = '__Host-pl_session';
const DEV_NAME = 'pl_session';

export function isLocalHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

export function cookieName(url: string): string {
  return isLocalHttp(url) ? DEV_NAME : SECURE_NAME;
}

export function newSessionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function sessionCookieHeader(url: string, token: string, expiresAt: number, now: number): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  const secure = isLocalHttp(url) ? '' : '; Secure';
  return `${cookieName(url)}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function clearCookieHeader(url: string): string {
  const secure = isLocalHttp(url) ? '' : '; Secure';
  return `${cookieName(url)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
}

/** The SHA-256 of the request's session token, or null without a well-formed cookie. */
export async function sessionHashOf(c: Context): Promise<{ token: string; hash: string } | null> {
  const token = getCookie(c, cookieName(c.req.url));
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return { token, hash: await hashToken(token) };
}
