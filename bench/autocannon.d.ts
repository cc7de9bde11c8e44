// autocannon ships no types; the bench uses a small part of its API.
declare module 'autocannon' {
  interface Histogram { p50: number; p90: number; p99: number; max: number; average: number }
  interface Result { latency: Histogram; requests: Histogram & { total: number }; throughput: Histogram; non2xx: number; errors: number; statusCodeStats?: Record<string, { count: number }> }
  function autocannon(options: Record<string, unknown>): Promise<Result>;
  export default autocannon;
}
