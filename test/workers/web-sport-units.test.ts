/** Sport-aware units through the pages: a ride reads in km/h, a pool swim per 100 m, a run per km. */
import { describe, expect, it } from 'vitest';
import { api, corpusFile, hasCorpus, waitForJob } from './helpers';
import { tokenFor, web, webSignup } from './web-support';

async function importFiles(cookie: string, token: string, names: string[]): Promise<Map<string, string>> {
  const body = new FormData();
  for (const name of names) body.append('file', new File([corpusFile(name)], name));
  const res = await web('/api/v1/uploads', { method: 'POST', cookie, body });
  expect(res.status).toBe(202);
  const job = (await res.json<{ job: { id: string } }>()).job;
  const done = await waitForJob(token, job.id, 120_000);
  return new Map(done.files.map((f: { name: string; sessionId?: string }) => [f.name, f.sessionId!]));
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe.runIf(hasCorpus())('sport-aware units on the pages', () => {
  it('shows a ride in km/h with a Speed chart, a pool swim in its pool\'s unit (per 100 m or 100 yd), a run per km', async () => {
    const { cookie } = await webSignup('Units');
    const token = await tokenFor(cookie);
    const ids = await importFiles(cookie, token, ['ride-zwift-virtual.fit', 'swim-pool-fr965.fit', 'run-garmin-fenix5-tiny.fit', 'swim-chained-hr-fr735xt.fit']);

    const ride = await (await web(`/sessions/${ids.get('ride-zwift-virtual.fit')}`, { cookie })).text();
    expect(ride).toContain('data-chart="speed"');
    expect(ride).not.toContain('data-chart="pace"');
    expect(ride).toContain('Speed (km/h)');
    expect(ride).not.toMatch(/Pace \(min\/km\)/);
    expect(text(ride)).toMatch(/Avg speed \d+\.\d km\/h/);
    expect(ride).not.toContain('Grade-adjusted pace');
    expect(ride).toContain('Cadence (rpm)');

    const swim = await (await web(`/sessions/${ids.get('swim-pool-fr965.fit')}`, { cookie })).text();
    expect(swim).toContain('Pace (min/100 m)');
    expect(text(swim)).toMatch(/Avg pace \d+:\d\d \/100 m/);
    expect(text(swim)).toContain('Distance 1,050 m');
    expect(swim).not.toMatch(/\d:\d\d \/km/);
    expect(text(swim)).toContain('Pool 50 m');
    // splits per 100 m, counted as a swimmer does (100 m, 200 m, … then the last part)
    expect(swim).toContain('<th scope="row" class="split">100 m</th>');
    expect(text(swim)).toMatch(/ 100 m \d+:\d\d \d+:\d\d \/100 m/);
    expect(text(swim)).toContain(' 1000 m ');
    expect(text(swim)).toContain(' 1000–1050 m ');
    expect(swim).not.toContain('<th scope="col">Km</th>');
    // a 25 yd pool (FIT pool_length_unit statute) reads in yards whatever the runner's units
    const yardPool = text(await (await web(`/sessions/${ids.get('swim-chained-hr-fr735xt.fit')}`, { cookie })).text());
    expect(yardPool).toMatch(/Avg pace \d+:\d\d \/100 yd/);
    expect(yardPool).toContain('Distance 2,850 yd');
    expect(yardPool).toContain('Pool 25 yd');
    expect(yardPool).toMatch(/ 100 yd \d+:\d\d \d+:\d\d \/100 yd/);
    expect(yardPool).toContain(' 2800–2850 yd ');

    const run = await (await web(`/sessions/${ids.get('run-garmin-fenix5-tiny.fit')}`, { cookie })).text();
    expect(run).toContain('data-chart="pace"');
    expect(text(run)).toMatch(/Avg pace \d+:\d\d \/km/);
    // the load says where it came from in words, not the API's codes
    expect(run).toMatch(/<dt>Training load<\/dt><dd>\d+<small>from (heart rate|pace|power)<\/small><\/dd>/);
    for (const page of [ride, swim, run]) expect(page).not.toMatch(/\((hrLoad|rTss|powerTss)\)/);
    // a sensor the activity did not have is left out, not shown as a dash (a pool swim has no power meter)
    expect(text(swim)).not.toContain('Avg power');
    expect(text(swim)).toContain('Avg heart rate');

    // the list reads every row in its sport's units
    const list = text(await (await web('/sessions', { cookie })).text());
    expect(list).toMatch(/\d+\.\d km\/h/);
    expect(list).toMatch(/\d:\d\d \/100 m/);
    expect(list).toMatch(/\d+:\d\d \/km/);

    // imperial: rides in mph, runs per mile; a metre pool still reads per 100 m (the pool's unit)
    expect((await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ units: 'imperial' }) })).status).toBe(200);
    const rideMi = text(await (await web(`/sessions/${ids.get('ride-zwift-virtual.fit')}`, { cookie })).text());
    expect(rideMi).toMatch(/Avg speed \d+\.\d mph/);
    const swimYd = text(await (await web(`/sessions/${ids.get('swim-pool-fr965.fit')}`, { cookie })).text());
    expect(swimYd).toMatch(/Avg pace \d+:\d\d \/100 m/);
    expect(swimYd).toContain('Distance 1,050 m');
    const runMi = text(await (await web(`/sessions/${ids.get('run-garmin-fenix5-tiny.fit')}`, { cookie })).text());
    expect(runMi).toMatch(/Avg pace \d+:\d\d \/mi/);
  });

  it('shows a triathlon file as one activity with its legs: one list row, sibling links on each leg, legs in the API', async () => {
    const { cookie } = await webSignup('Triathlete');
    const token = await tokenFor(cookie);
    await importFiles(cookie, token, ['multisport-chained-fr920xt-triathlon.fit', 'run-garmin-fenix5-tiny.fit']);

    const listed = await (await api('/sessions', { token })).json<{ items: Array<{ id: string; sport?: string; fileId: string; legIndex: number }> }>();
    const triFile = listed.items.find((x) => x.sport === 'swimming')!.fileId;
    const legs = listed.items.filter((s) => s.fileId === triFile);
    expect(legs.map((l) => l.legIndex).sort()).toEqual([0, 1, 2, 3, 4]);

    const html = await (await web('/sessions', { cookie })).text();
    const rows = html.match(/<tr class="multisport"[\s\S]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(1);
    expect(text(rows[0]!)).toContain('Triathlon');
    for (const leg of legs) expect(rows[0]).toContain(`/sessions/${leg.id}`);
    expect(text(rows[0]!)).toMatch(/Swimming \(open water\) 1,6\d\d m/);
    expect(text(rows[0]!)).toMatch(/Cycling \d+\.\d\d km · [\d:]+ · \d+\.\d km\/h/);

    const bike = legs.find((l) => l.legIndex === 2)!;
    const detail = await (await api(`/sessions/${bike.id}`, { token })).json<{ legs: Array<{ id: string; legIndex: number; sport?: string }> }>();
    expect(detail.legs.map((l) => l.sport)).toEqual(['swimming', 'transition', 'cycling', 'transition', 'running']);
    const page = await (await web(`/sessions/${bike.id}`, { cookie })).text();
    expect(page).toContain('aria-label="Legs of this activity"');
    for (const leg of legs.filter((l) => l.id !== bike.id)) expect(page).toContain(`href="/sessions/${leg.id}"`);
    expect(page).toContain('aria-current="page"');
    expect(page).toContain('data-chart="speed"');

    // a single-session file has no legs
    const single = listed.items.find((s) => s.fileId !== bike.fileId)!;
    expect(await (await api(`/sessions/${single.id}`, { token })).json()).not.toHaveProperty('legs');
  });

  it('keeps weekly volume per sport: running by default, a switch of plain links, units on the axis, per-sport figures in the API', async () => {
    const { cookie } = await webSignup('Volumes');
    const token = await tokenFor(cookie);
    // a run (2017-06-11), a pool swim (2017-06-13) and a ride (2017-10-05)
    await importFiles(cookie, token, ['run-garmin-fenix5-tiny.fit', 'swim-chained-hr-fr735xt.fit', 'ride-zwift-virtual.fit']);

    const history = await (await api('/history?from=2017-06-01&to=2017-10-31', { token })).json<{
      items: Array<{ date: string; distanceM: number; bySport?: Record<string, { distanceM: number; sessions: number }> }>;
      weeks: Array<{ weekStart: string; distanceM: number; bySport?: Record<string, { distanceM: number }> }>;
    }>();
    const day = (date: string) => history.items.find((d) => d.date === date)!;
    expect(Object.keys(day('2017-06-11').bySport!)).toEqual(['running']);
    expect(day('2017-06-13').bySport!.swimming!.distanceM).toBeGreaterThan(2500);
    expect(day('2017-10-05').bySport!.cycling!.sessions).toBe(1);
    expect(day('2017-06-12')).not.toHaveProperty('bySport');
    const june = history.weeks.find((w) => w.weekStart === '2017-06-12')!;
    expect(june.bySport!.swimming!.distanceM).toBe(june.distanceM); // the existing total is still there
    const all = history.items.reduce((n, d) => n + d.distanceM, 0);
    const perSport = history.items.reduce((n, d) => n + Object.values(d.bySport ?? {}).reduce((m, v) => m + v.distanceM, 0), 0);
    expect(perSport).toBeCloseTo(all, 6);

    const page = await (await web('/history?from=2017-06-01&to=2017-10-31', { cookie })).text();
    expect(page).toContain('Weekly running distance (km)');
    expect(page).toMatch(/<a href="[^"]*volume=cycling[^"]*">Cycling<\/a>/);
    expect(page).toMatch(/aria-current="page">Running</);
    expect(page).toMatch(/<p class="small muted chart-caption">Weekly running distance \(km\)<\/p>/); // the axis's unit, visible
    const cycling = await (await web('/history?from=2017-06-01&to=2017-10-31&volume=cycling', { cookie })).text();
    expect(cycling).toContain('Weekly cycling distance (km)');
    expect(cycling).toContain('name="volume" value="cycling"'); // the range form keeps the choice
    const swimming = await (await web('/history?from=2017-06-01&to=2017-10-31&volume=swimming', { cookie })).text();
    expect(swimming).toContain('Weekly swimming distance (m)');
    // an unknown choice falls back to running
    expect(await (await web('/history?from=2017-06-01&to=2017-10-31&volume=%3Cscript%3E', { cookie })).text()).toContain('Weekly running distance (km)');
  });
});
