// Bindings that only some configurations set (see test/wrangler.test.toml).
declare namespace Cloudflare {
  interface Env {
    /** scrypt cost override for tests; production uses the default parameters */
    PASSWORD_SCRYPT_N?: string;
  }
}
