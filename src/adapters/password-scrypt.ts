/**
 * Password hashing with scrypt (RFC 7914) from node:crypto (native in workerd under
 * nodejs_compat). Why scrypt: memory-hard, native (a pure-JS KDF costs too much CPU in a
 * Worker), and WebCrypto's PBKDF2 is capped at 100,000 iterations in workerd, below OWASP's
 * 600,000. Parameters follow OWASP's scrypt equivalents (N=2^14, r=8, p=5 → 16 MiB) and are
 * stored in each hash, so they can be raised without invalidating old hashes.
 */
import { scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../ports';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 5 };

function derive(password: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, 32, { ...params, maxmem: 128 * params.N * params.r * 2 }, (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key));
    });
  });
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

export function createScryptHasher(params: ScryptParams = DEFAULT_SCRYPT): PasswordHasher {
  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      const key = await derive(password, salt, params);
      return `scrypt$${params.N}$${params.r}$${params.p}$${b64(salt)}$${b64(key)}`;
    },
    async verify(password, stored) {
      const [scheme, n, r, p, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || !key) return false;
      const expected = unb64(key);
      const actual = await derive(password, unb64(salt), { N: Number(n), r: Number(r), p: Number(p) });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
