// Bindings that only some configurations set (see test/wrangler.test.toml).
declare namespace Cloudflare {
  interface Env {
  }
}
declare namespace Cloudflare {
  interface Env {
    /** per-IP outer rate limit on unsafe methods ([[ratelimits]] in wrangler.toml); absent → no outer limit */
    WRITE_LIMITER?: RateLimit;
    /** per-runner limit on job-creating requests ([[ratelimits]] in wrangler.toml); absent → no limit */
    JOB_LIMITER?: RateLimit;
  }
}
