/**
 * A pool swim's lengths through the routes (issue 12): a generated pool swim whose records carry
 * heart rate only — its distance is in its FIT `length` messages — imported through the API.
 * GET /sessions/{id}/lengths serves them; the session's distance is active lengths × pool length
 * everywhere; the page shows the pool in its own unit and the lengths table; a session without
 * lengths answers an empty list; the stored lengths are rebuilt from the original file when
 * missing and deleted with the session.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { lengthsKey } from '../../src/core/keys';
import { buildActivity, START, START_MS, type GenLength } from '../unit/analysis/generated-activity';
import { api, uploadFiles, waitForJob } from './helpers';
import { tokenFor, web, webSignup } from './web-support';

const YD = 0.9144;
/** 25 yd pool: 8 lengths of 20 s (2 × 4 with a 30 s rest between), then the session ends */
function yardPoolSwim(): Uint8Array {
  const lengths: GenLength[] = [];
  let t = 0;
  for (let k = 0; k < 8; k++) {
    if (k === 4) {
      lengths.push({ start: t, elapsed: 30, type: 0 });
      t += 30;
    }
    lengths.push({ start: t, elapsed: 20, type: 1, strokes: 14 + (k % 2), speed: (25 * YD) / 20, stroke: k < 4 ? 0 : 2 });
    t += 20;
  }
  const records = Array.from({ length: t + 1 }, (_, s) => ({ t: s, hr: 120 + (s % 10) }));
  return buildActivity({ records, lengths, sessions: [{ start: 0, elapsed: t, timer: t, distance: 8 * 25 * YD, sport: 5, subSport: 17, poolLength: 25 * YD, poolUnit: 1 }] });
}

function run(): Uint8Array {
  const records = Array.from({ length: 301 }, (_, s) => ({ t: s, distance: s * 3, hr: 140, speed: 3 }));
  // a day later: another recording (a file's identity is its device and creation time)
  return buildActivity({ base: START + 86_400, records, sessions: [{ start: 0, elapsed: 300, distance: 900, sport: 1 }] });
}

type LengthJson = { index: number; type: string; startTime?: string; startOffsetS?: number; distanceM?: number; strokes?: number; stroke?: string; timerS?: number };

describe('pool swim lengths', () => {
  it('serves the lengths, counts the distance from them, shows the pool in its unit, rebuilds and deletes them', async () => {
    const { cookie } = await webSignup('Swimmer');
    const token = await tokenFor(cookie);
    const runnerId = (await (await api('/me', { token })).json<{ id: string }>()).id;
    const up = await uploadFiles(token, [{ name: 'pool.fit', bytes: yardPoolSwim() }, { name: 'run.fit', bytes: run() }]);
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id, 60_000);
    const byName = new Map(job.files.map((f) => [f.name, f.sessionIds![0]!]));
    const swimId = byName.get('pool.fit')!;

    const res = await api(`/sessions/${swimId}/lengths`, { token });
    expect(res.status).toBe(200);
    const items = (await res.json<{ items: LengthJson[] }>()).items;
    expect(items.map((l) => l.type)).toEqual(['active', 'active', 'active', 'active', 'idle', 'active', 'active', 'active', 'active']);
    items.forEach((l, k) => expect(l.index).toBe(k));
    expect(items[0]).toMatchObject({ startTime: new Date(START_MS).toISOString(), startOffsetS: 0, timerS: 20, strokes: 14, stroke: 'freestyle' });
    expect(items[0]!.distanceM).toBeCloseTo(22.86, 6);
    expect(items[4]).toMatchObject({ type: 'idle', startOffsetS: 80, timerS: 30 });
    expect(items[4]!.distanceM).toBeUndefined();
    expect(items[5]).toMatchObject({ stroke: 'breaststroke', strokes: 14 });

    // one number everywhere: 8 × 25 yd, computed from the lengths and equal to the watch's
    const detail = await (await api(`/sessions/${swimId}`, { token })).json<{ distanceM: number; device: { poolLengthM?: number; poolLengthUnit?: string }; stats: { distanceM?: number; distanceSource?: string; totals?: { distanceM: number } } }>();
    expect(detail.stats.distanceM).toBeCloseTo(8 * 22.86, 3);
    expect(detail.stats.distanceSource).toBe('device');
    expect(detail.distanceM).toBeCloseTo(182.88, 3);
    expect(detail.device).toMatchObject({ poolLengthUnit: 'statute' });
    expect(detail.device.poolLengthM).toBeCloseTo(22.86, 6);

    const page = (await (await web(`/sessions/${swimId}`, { cookie })).text());
    const text = page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Pool 25 yd');
    expect(text).toContain('Lengths 8');
    expect(text).toContain('Distance 200 yd');
    expect(text).toMatch(/Avg pace \d+:\d\d \/100 yd/);
    expect(page.match(/data-length="active"/g)).toHaveLength(8);
    expect(page.match(/data-length="idle"/g)).toHaveLength(1);
    // each length's pace in the pool's unit: 25 yd in 20 s = 1:20 /100 yd
    expect(text).toContain('1:20 /100 yd');
    // records with HR only: the pace chart draws the lengths (rests empty), not "no speed data"
    expect(page).toContain('data-chart="pace"');
    expect(page).not.toContain('No speed data');

    // a run has no lengths and no lengths table
    const runId = byName.get('run.fit')!;
    expect(await (await api(`/sessions/${runId}/lengths`, { token })).json()).toEqual({ items: [] });
    expect(await (await web(`/sessions/${runId}`, { cookie })).text()).not.toContain('data-length=');

    // stored in R2; rebuilt from the original FIT file when missing (a swim imported before lengths were stored)
    const key = lengthsKey(runnerId, swimId);
    expect(await env.FILES.head(key)).not.toBeNull();
    await env.FILES.delete(key);
    const rebuilt = await (await api(`/sessions/${swimId}/lengths`, { token })).json<{ items: LengthJson[] }>();
    expect(rebuilt.items).toEqual(items);
    expect(await env.FILES.head(key)).not.toBeNull();

    // another runner sees nothing; deleting the session deletes its lengths
    const other = await webSignup('Other');
    const otherToken = await tokenFor(other.cookie);
    expect((await api(`/sessions/${swimId}/lengths`, { token: otherToken })).status).toBe(404);
    expect((await api(`/sessions/${swimId}`, { method: 'DELETE', token })).status).toBe(202);
    expect(await env.FILES.head(key)).toBeNull();
  });
});
