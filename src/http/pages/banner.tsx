/**
 * The background-jobs banner as the server renders it on every page (right without JavaScript);
 * banner.js then keeps it current from the coordinator's WebSocket. Same markup and wording on
 * both sides.
 */
import type { Coordinator, JobView } from '../../ports';
import { CODE_WORDS, jobWords, STAGE_WORDS } from './outcome-words';

export const FINAL_STATUSES = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);

export function countsText(c: Record<string, number | undefined>): string {
  const parts = [`${c.found ?? 0} file${c.found === 1 ? '' : 's'}`];
  for (const [key, word] of [['imported', 'imported'], ['duplicate', 'duplicate'], ['skipped', 'skipped'], ['rejected', 'rejected'], ['failed', 'failed'], ['analysed', 'analysed']] as const) {
    if (c[key]) parts.push(`${c[key]} ${word}`);
  }
  return parts.join(' · ');
}

export interface BannerItem {
  job: JobView;
  problems: Array<{ name: string; code?: string; message?: string }>;
}

/** "Upload: importing files." — the job kind's own words (outcome-words.ts), the same in banner.js. */
export function activeText(job: { kind: string; stage: string }): string {
  return `${jobWords(job.kind).running}: ${STAGE_WORDS[job.stage] ?? job.stage}. `;
}

/** A problem in plain words with its code in small print (the code alone would mean nothing to a runner). */
export function problemText(p: { name: string; code?: string; message?: string }): string {
  return `${p.name}: ${(p.code && CODE_WORDS[p.code]) ?? p.message ?? 'failed'}`;
}

export function JobsBanner(props: { items: BannerItem[] }) {
  return (
    <>
      <section id="jobs-banner" aria-label="Background jobs" aria-live="polite" hidden={props.items.length === 0}>
        <div class="wrap">
          <ul>
            {props.items.map(({ job, problems }) => (
              <li data-job={job.id} data-status={job.status}>
                <span class="spinner"></span>
                <strong>{activeText(job)}</strong>
                <span class="counts">{jobWords(job.kind).files ? `${countsText(job.counts as unknown as Record<string, number>)}. ` : ''}</span>
                <a href={`/jobs/${encodeURIComponent(job.id)}`}>Details</a>
                {problems.length > 0 ? (
                  <ul class="problems">
                    {problems.map((p) => <li>{problemText(p)}{p.code ? <span class="code"> ({p.code})</span> : null}</li>)}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      </section>
      <section id="jobs-done" aria-label="Finished jobs" aria-live="polite" hidden>
        <div class="wrap"><ul></ul></div>
      </section>
    </>
  );
}

/** Active jobs with their rejected/failed files, read through the Coordinator port. */
export async function loadBanner(coordinator: Pick<Coordinator, 'listJobs' | 'getJob'>): Promise<BannerItem[]> {
  const page = await coordinator.listJobs({ limit: 20 });
  const active = page.items.filter((j) => !FINAL_STATUSES.has(j.status)).slice(0, 5).reverse();
  return Promise.all(active.map(async (summary) => {
    // bounded: only the first problem files, never the job's whole file list
    const job = (await coordinator.getJob(summary.id, { limit: 20, statuses: ['rejected', 'failed'] })) ?? summary;
    const problems = [
      ...job.files.filter((f) => f.status === 'rejected' || f.status === 'failed').map((f) => ({ name: f.name, code: f.code, message: f.message })),
      ...(job.problems ?? []).map((p) => ({ name: p.stepId, code: p.code, message: p.message })),
    ].slice(0, 20);
    return { job, problems };
  }));
}
