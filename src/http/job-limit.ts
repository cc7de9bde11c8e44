/**
 * Fair use: a per-runner limit on requests that create a job (uploads, resumable uploads,
 * re-analyses, deletes and records changes that recompute, plans), checked before any body is
 * read. Counted by Cloudflare's Rate Limiting binding keyed by runner id (JOB_LIMITER): cheap on
 * the upload path (no Durable Object round trip), approximate per location — it paces a script
 * creating jobs one request each; the coordinator's dispatch window bounds what any job sends.
 */
import type { AppDeps } from './context';
import { HttpProblem } from './problem';

export async function admitNewJob(deps: Pick<AppDeps, 'jobLimiter'>, runnerId: string): Promise<void> {
  if (await deps.jobLimiter.allow(runnerId)) return;
  const seconds = deps.jobLimiter.periodSeconds;
  throw new HttpProblem(429, 'too_many_jobs',
    `This account started too many jobs in the last minute; wait ${seconds} seconds, or send many files in one upload (one job).`,
    { retryAfter: seconds }, { 'retry-after': String(seconds) });
}
