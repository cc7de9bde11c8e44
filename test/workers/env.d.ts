declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS_DIRECTORY: import('cloudflare:test').D1Migration[];
    TEST_MIGRATIONS_DATA: import('cloudflare:test').D1Migration[];
    /** corpus file name → base64 bytes (empty when the corpus is absent outside CI) */
    CORPUS: Record<string, string>;
    /** MANIFEST.md lap count per valid activity file */
    CORPUS_LAPS: Record<string, number>;
    /** GPX/TCX corpus file name → base64 bytes (../shared/gpx-tcx-corpus; empty when absent outside CI) */
    GPX_TCX: Record<string, string>;
    /** the generated 24 h, 1 Hz run (test/support/fit-24h.ts), base64 */
    FIT_24H: string;
    /** year2100, in23h: short generated runs dated in the future, base64 */
    FIT_FUTURE: Record<string, string>;
    /** four short generated runs on consecutive days (storage, deletion, export), base64 */
    FIT_RUNS: string[];
  }
}
