declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** corpus file name → base64 bytes (empty when the corpus is absent outside CI) */
    CORPUS: Record<string, string>;
  }
}
