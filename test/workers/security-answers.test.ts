/**
 * Issue 13 §2: bounded answers — a job carries its counts and first 100 files, the rest come from
 * GET /jobs/{id}/files (cursor, status filter); the banner reads bounded summaries.
 */
import { describe, expect, it, vi } from 'vitest';
import { api, signup, uploadFiles, waitForJob, type JobJson } from './helpers';
import { text, zip } from './archive-fixtures';
import { web, webSignup } from './web-support';

function bigArchive(members: number, gpx: number): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < members; i++) files[`export/notes/${String(i).padStart(4, '0')}.json`] = text(`{"n":${i}}`);
  for (let i = 0; i < gpx; i++) files[`export/tracks/${i}.gpx`] = text('<gpx></gpx>');
  return zip(files);
}

describe('GET /jobs/{id} and /jobs/{id}/files', () => {
  it('answers the counts and the first 100 files; the rest page by cursor and filter by status', async () => {
    const { token } = await signup();
    const up = await uploadFiles(token, [{ name: 'export.zip', bytes: bigArchive(150, 5) }]);
    expect(up.status).toBe(202);
    await waitForJob(token, up.body.job.id);
    const res = await api(`/jobs/${up.body.job.id}`, { token });
    const job = await res.json<JobJson & { filesNextCursor: string | null }>();
    expect(job.counts.found).toBe(156);
    expect(job.files).toHaveLength(100);
    expect(job.filesNextCursor).toEqual(expect.any(String));

    const seen = new Set(job.files.map((f) => f.id));
    let cursor: string | null = job.filesNextCursor;
    while (cursor) {
      const page = await (await api(`/jobs/${job.id}/files?limit=40&cursor=${encodeURIComponent(cursor)}`, { token })).json<{ items: JobJson['files']; nextCursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(40);
      for (const f of page.items) seen.add(f.id);
      cursor = page.nextCursor;
    }
    expect(seen.size).toBe(156);

    const skipped = await (await api(`/jobs/${job.id}/files?status=skipped`, { token })).json<{ items: JobJson['files'] }>();
    expect(skipped.items.map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect((await api(`/jobs/${job.id}/files?status=weird`, { token })).status).toBe(400);
    const other = await signup();
    expect((await api(`/jobs/${job.id}/files`, { token: other.token })).status).toBe(404);
  });

  it('pages the web job report 100 files at a time', async () => {
    const { cookie } = await webSignup();
    const form = new FormData();
    form.append('file', new File([bigArchive(130, 0)], 'web-export.zip'));
    const sent = await web('/api/v1/uploads', { method: 'POST', cookie, body: form });
    expect(sent.status).toBe(202);
    const jobId = (await sent.json<{ job: { id: string } }>()).job.id;
    // until the archive is listed (131 files), the report shows what is known so far
    const page = await vi.waitFor(async () => {
      const html = await (await web(`/jobs/${jobId}`, { cookie })).text();
      if (!html.includes('?files=')) throw new Error('archive not listed yet');
      return html;
    }, { timeout: 30_000, interval: 100 });
    expect(page.match(/data-file-status=/g)).toHaveLength(100);
    const next = /href="(\/jobs\/[^"]+\?files=[^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    const rest = await (await web(next, { cookie })).text();
    expect(rest.match(/data-file-status=/g)).toHaveLength(31);
  });
});

describe('OpenAPI for client generators', () => {
  it('gives every operation a unique, stable operationId', async () => {
    const doc = await (await api('/openapi.json')).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z0-9]+$/);
        ids.push(op.operationId!);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('getJobsByIdFiles');
    expect(ids).toContain('postAuthToken');
  });
});
