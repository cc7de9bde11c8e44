/**
 * The coarse outer layer: Cloudflare's Rate Limiting binding (`[[ratelimits]]` WRITE_LIMITER in
 * wrangler.toml), counted per client IP on every unsafe method. Its counters are per Cloudflare
 * location and approximate, so the credential throttle (D1) stays the real gate on passwords;
 * this one only sheds floods before any body is read. No binding configured → no outer limit.
 */
import type { RequestLimiter } from '../ports';

export function createWriteLimiter(binding: RateLimit | undefined, periodSeconds: number): RequestLimiter {
  return {
    periodSeconds,
    async allow(key) {
      if (!binding) return true;
      return (await binding.limit({ key })).success;
    },
  };
}
