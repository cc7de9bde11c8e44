/**
 * Issue 13 §7: a file whose session starts more than a day in the future is rejected
 * implausible_time (a FIT dated 2100 used to stretch the daily history to 2100), and history
 * never runs past today.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, corpusFile, shardDb, signup, uploadFiles, waitForJob } from './helpers';

const future = (name: string) => Uint8Array.from(atob(env.FIT_FUTURE[name]!), (c) => c.charCodeAt(0));

describe('time sanity', () => {
  it('rejects a session dated 2100 as implausible_time, and history stays within today', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, [
      { name: 'clock-2100.fit', bytes: future('year2100') },
      { name: 'tomorrow.fit', bytes: future('in23h') },
      { name: 'old.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') },
    ]);
    const job = await waitForJob(token, up.body.job.id);
    const byName = Object.fromEntries(job.files.map((f) => [f.name, f]));
    expect(byName['clock-2100.fit']).toMatchObject({ status: 'rejected', code: 'implausible_time' });
    expect(byName['clock-2100.fit']!.message).toContain('2100-01-01');
    expect(byName['tomorrow.fit']!.status).toBe('imported'); // within a day: a time zone or a clock a little ahead
    expect(byName['old.fit']!.status).toBe('imported');
    const today = new Date().toISOString().slice(0, 10);
    const history = await (await api('/history?from=2010-01-01', { token })).json<{ items: Array<{ date: string }> }>();
    expect(history.items.length).toBeGreaterThan(0);
    expect(history.items.at(-1)!.date <= today).toBe(true);
    const stored = await (await shardDb(runnerId)).prepare('SELECT max(date) AS d FROM daily_history WHERE runner_id = ?').bind(runnerId).first<{ d: string | null }>();
    expect(stored!.d).not.toBeNull();
    expect(stored!.d! <= today).toBe(true);
  });
});
