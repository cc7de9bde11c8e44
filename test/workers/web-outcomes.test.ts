/**
 * Outcomes where the runner looks: the fragment the upload page fetches once a job finished
 * (/jobs/:id/outcomes) and the job report say each file's outcome in plain words, with the
 * stable code in small print and the session it became; another runner's job is 404.
 */
import { describe, expect, it } from 'vitest';
import { corpusFile, hasCorpus } from './helpers';
import { web, webSignup } from './web-support';

async function uploadByCookie(cookie: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<string> {
  const body = new FormData();
  for (const f of files) body.append('file', new File([f.bytes], f.name));
  const res = await web('/api/v1/uploads', { method: 'POST', cookie, body });
  expect(res.status).toBe(202);
  return (await res.json<{ job: { id: string } }>()).job.id;
}

async function waitFinished(cookie: string, jobId: string): Promise<string> {
  for (let i = 0; i < 240; i++) {
    const html = await (await web(`/jobs/${jobId}/outcomes`, { cookie })).text();
    if (/data-status="(completed|completed_with_errors|failed)"/.test(html)) return html;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('job did not finish');
}

describe.runIf(hasCorpus())('file outcomes in plain words', () => {
  it('renders imported, duplicate, skipped and rejected files with words, codes and links', async () => {
    const { cookie } = await webSignup('Outcomes');
    const first = await uploadByCookie(cookie, [{ name: 'run.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    await waitFinished(cookie, first);
    const jobId = await uploadByCookie(cookie, [
      { name: 'again.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') },
      { name: 'settings.fit', bytes: corpusFile('settings-garmin-edge510.fit') },
      { name: 'broken <b>.fit', bytes: corpusFile('corrupt-bitflip.fit') },
    ]);
    const html = await waitFinished(cookie, jobId);
    expect(html).not.toContain('<html'); // a fragment, not a page
    expect(html).toContain('data-name="again.fit"');
    expect(html).toMatch(/data-outcome="duplicate">.*Already in Pacelab.*run\.fit.*Open the earlier session.*\(duplicate_file\)/s);
    expect(html).toMatch(/data-outcome="skipped">.*Not an activity.*\(not_activity\)/s);
    expect(html).toMatch(/data-outcome="rejected">.*The file is damaged or incomplete — export it again from your watch\..*\(crc_mismatch\)/s);
    expect(html).toContain('data-name="broken &lt;b&gt;.fit"'); // names are escaped
    expect(html).toContain('tone-bad');
    expect(html).not.toMatch(/CRC at byte/); // the technical message is not what the runner reads

    const report = await (await web(`/jobs/${jobId}`, { cookie })).text();
    expect(report).toContain('Upload processed');
    expect(report).toContain('with problems');
    expect(report).toContain('outcome tone-warn');
    expect(report).toContain('The file is damaged or incomplete');

    const other = await webSignup('Other');
    expect((await web(`/jobs/${jobId}/outcomes`, { cookie: other.cookie })).status).toBe(404);
  });
});

describe('sign-up takes the browser time zone', () => {
  it('stores the zone the form sends, and UTC for a zone that does not exist', async () => {
    const { form, web: w } = await import('./web-support');
    for (const [zone, expected] of [['Europe/Paris', 'Europe/Paris'], ['Mars/Olympus', 'UTC']] as const) {
      const email = `tz-${Math.random().toString(36).slice(2)}@example.com`;
      const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
      expect((await w('/sign-up', { method: 'POST', ip, ...form({ name: 'Zoned', email, password: 'correct horse battery', timeZone: zone }) })).status).toBe(303);
      const signIn = await w('/sign-in', { method: 'POST', ip, ...form({ email, password: 'correct horse battery' }) });
      const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('__Host-pl_session='))!.split(';')[0]!.split('=')[1]!;
      const settings = await (await w('/settings', { cookie })).text();
      expect(settings).toContain(`<option value="${expected}" selected="">`);
    }
  });
});
