/**
 * The generated 24-hour, 1 Hz run (HR, power, GPS; issue 7) for the workerd tests, which have
 * no fit-file-parser encoder run at hand and no file system: built once in Node when the
 * workers config loads, and passed in as a base64 binding (FIT_24H). Same writer as the Node
 * tests and the bench (test/unit/fit/synthetic.ts), so all three see the same file.
 */
import { buildLongRun } from '../unit/fit/synthetic.ts';

export const FIT_24H_SECONDS = 86_400;

export function fit24hBinding(): string {
  const bytes = buildLongRun(FIT_24H_SECONDS);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Short runs dated in the future (issue 13: implausible_time; history never past today), base64. */
export function fitFutureBindings(): Record<string, string> {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return {
    year2100: b64(buildLongRun(600, Date.parse('2100-01-01T08:00:00Z'))),
    in23h: b64(buildLongRun(600, Date.now() + 23 * 3_600_000)),
  };
}

/** Short generated runs on different past days (storage, deletion and export tests), base64. */
export function fitRunsBindings(): string[] {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return [0, 1, 2, 3].map((day) => b64(buildLongRun(600 + 60 * day, Date.parse('2026-03-02T07:00:00Z') + day * 86_400_000)));
}
