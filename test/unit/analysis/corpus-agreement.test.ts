/**
 * Corpus correctness report (issue 4): for every session of every valid activity file, distance,
 * timer time and average HR recomputed from records (ALGORITHMS.md §0.2, §1.1, §1.2, §1.6) against
 * the device's own session message. Goal: ≥ 98 % of comparisons within max(0.5 %, 1 m) /
 * max(1 s, 0.1 %) / 1 bpm (issue 12).
 * Known outliers are listed below with the reason each one cannot (or by spec must not) agree;
 * the rate is asserted over the rest, and an entry that starts agreeing must be removed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assessDeviceAgreement, computeSessionStats, DEVICE_AGREEMENT_TOLERANCE, type AgreementItem, type SessionStats } from '../../../src/core/metrics';
import { hasCorpus } from '../support/corpus.js';
import { loadCorpusSessions, type CorpusSession } from './corpus-sessions';
import { readReportSection, UPDATE_REPORT, writeReportSection } from './corpus-report';

const GOAL = 0.98;

/** `file#session:metric` → why it disagrees. Checked against the files, not just asserted. */
const KNOWN_OUTLIERS: Record<string, string> = {
  'ride-bryton-big-2p4mb.fit#0:distance':
    'Synthetic stress file: one record repeated 99 998 times (constant distance 405.81 m, position, speed 8.33 m/s, HR) under the session message of a real 32 km ride. Flagged constant_samples: the records are not used, the session shows the device\'s 32.17 km and gets no load. Nothing else in the file gives the distance (measured, s4-i12): no laps, no lengths; speed × time = 259.8 km, avg_speed × elapsed = 184.6 km, avg_speed × total_moving_time = 132.0 km.',
};

interface Row {
  s: CorpusSession;
  stats: SessionStats;
  items: AgreementItem[];
}

function keyOf(r: Row, item: AgreementItem): string {
  return `${r.s.file}#${r.s.session.index}:${item.metric}`;
}

function pct(a: number, b: number): string {
  return ((a / b) * 100).toFixed(1);
}

function fmt(v: number | undefined, digits: number): string {
  return v === undefined ? '—' : v.toFixed(digits);
}

function cell(r: Row, metric: AgreementItem['metric'], digits: number, diffDigits: number): string[] {
  const it = r.items.find((x) => x.metric === metric);
  if (!it) return ['n/a', '', ''];
  const mark = it.agrees ? '' : KNOWN_OUTLIERS[keyOf(r, it)] ? ' ✗†' : ' ✗';
  return [fmt(it.device, digits), fmt(it.computed, digits), `${it.diff === undefined ? 'missing' : (it.diff >= 0 ? '+' : '') + it.diff.toFixed(diffDigits)}${mark}`];
}

function renderReport(rows: Row[], all: AgreementItem[], rate: { agreeing: number; listedOk: number; listedN: number }): string {
  const t = DEVICE_AGREEMENT_TOLERANCE;
  const lines = [
    '## Device agreement (distance, timer time, average HR)',
    '',
    `Tolerances: distance ±max(${t.distancePct} %, ${t.distanceM} m), timer ±max(${t.timerS} s, ${t.timerPct} %), average HR ±${t.avgHrBpm} bpm (inclusive). A comparison exists wherever the`,
    'session message has the value (distance > 0, avg HR > 0); a value the records cannot give counts as a disagreement.',
    '',
    `* Sessions: ${rows.length} in ${new Set(rows.map((r) => r.s.file)).size} activity files; comparisons: ${all.length}.`,
    `* **Agreement over all comparisons: ${rate.agreeing}/${all.length} = ${pct(rate.agreeing, all.length)} %** (goal ≥ ${GOAL * 100} %).`,
    `* Outside the ${Object.keys(KNOWN_OUTLIERS).length} known outlier${Object.keys(KNOWN_OUTLIERS).length === 1 ? '' : 's'} below: ${rate.listedOk}/${rate.listedN} = ${pct(rate.listedOk, rate.listedN)} % (asserted ≥ ${GOAL * 100} %).`,
    '',
    '✗ = outside tolerance, † = known outlier (reason below).',
    '',
    '| File | # | Sport | Records | Source | Dist device m | Dist computed m | Δ % | Timer device s | Timer computed s | Δ s | HR device | HR computed | Δ bpm |',
    '| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const sport = [r.s.session.sport, r.s.session.subSport].filter((x) => x && x !== 'generic').join('/');
    lines.push(
      `| ${r.s.file} | ${r.s.session.index} | ${sport} | ${r.stats.recordCount} | ${r.stats.distanceSource ?? '—'} | ${[...cell(r, 'distance', 2, 3), ...cell(r, 'timer', 3, 3), ...cell(r, 'avgHr', 2, 2)].join(' | ')} |`,
    );
  }
  lines.push('', '### Known outliers and why', '');
  for (const [key, why] of Object.entries(KNOWN_OUTLIERS)) lines.push(`* \`${key}\` — ${why}`);
  lines.push('');
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!hasCorpus())('corpus: computed totals vs the device session message', () => {
  let rows: Row[] = [];
  let all: AgreementItem[] = [];
  let failing: string[] = [];
  beforeAll(async () => {
    const sessions = await loadCorpusSessions();
    rows = sessions.map((s) => {
      const stats = computeSessionStats({ records: s.records, window: s.window, laps: s.laps, lengths: s.lengths, events: s.events, sport: s.session.sport, subSport: s.session.subSport, device: s.session });
      return { s, stats, items: assessDeviceAgreement(stats, s.session) };
    });
    all = rows.flatMap((r) => r.items);
    failing = rows.flatMap((r) => r.items.filter((i) => !i.agrees).map((i) => keyOf(r, i)));
   }, 120_000); // decoding 9 MB of FIT and the stats take ~10 s on 2 cores

  it('covers every session of every valid activity file', () => {
    expect(rows.length).toBe(32);
    expect(all.length).toBeGreaterThan(80);
  });

  it(`agreement ≥ ${GOAL * 100} % outside the known outliers; report printed and in docs/corpus-agreement.md`, () => {
    const keyed = rows.flatMap((r) => r.items.map((i) => ({ key: keyOf(r, i), i })));
    const notListed = keyed.filter((x) => !(x.key in KNOWN_OUTLIERS));
    const listedOk = notListed.filter((x) => x.i.agrees).length;
    const report = renderReport(rows, all, { agreeing: all.filter((i) => i.agrees).length, listedOk, listedN: notListed.length });
    console.log(report);
    // the figure issue 12 asks npm test to print
    console.log(`CORPUS AGREEMENT: ${all.filter((i) => i.agrees).length}/${all.length} = ${pct(all.filter((i) => i.agrees).length, all.length)} % of device comparisons within tolerance`);
    const unexplained = notListed.filter((x) => !x.i.agrees).map((x) => x.key);
    if (unexplained.length > 0) console.warn('Disagreements not in KNOWN_OUTLIERS:', unexplained);
    expect(listedOk / notListed.length).toBeGreaterThanOrEqual(GOAL);
    if (UPDATE_REPORT) writeReportSection('agreement', report);
    else expect(readReportSection('agreement'), 'docs/corpus-agreement.md is stale: rerun with UPDATE_REPORT=1').toBe(report);
  });

  it('every known outlier still disagrees (an entry that now agrees must be removed)', () => {
    const stale = Object.keys(KNOWN_OUTLIERS).filter((k) => !failing.includes(k));
    expect(stale).toEqual([]);
  });
});
