import { describe, expect, it } from 'vitest';
import { distinctLabels, LineChart } from '../../../src/http/pages/charts/line-chart';

const round = (v: number) => String(Math.round(v));

describe('line chart ticks', () => {
  it('never labels two y ticks the same (values near zero, integer labels)', () => {
    const days = Array.from({ length: 60 }, (_, i) => ({ x: i, y: 0.05 * Math.exp(-i / 10) }));
    const html = String(LineChart({ id: 't', title: 'Fitness', zeroLine: true, formatX: String, formatY: round, series: [{ name: 'CTL', className: 'series-1', points: days }] }));
    const labels = [...html.matchAll(/<text x="[\d.]+" y="[\d.-]+" text-anchor="end" dominant-baseline="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('judges labels, not values', () => {
    expect(distinctLabels([0, 0.02, 0.04], round)).toBe(false);
    expect(distinctLabels([0, 5, 10], round)).toBe(true);
    expect(distinctLabels([0], round)).toBe(false);
  });
});

describe('lap bands and the crosshair data', () => {
  it('turns laps into time bands and, when every lap has a distance, distance bands in display units', async () => {
    const { lapBands } = await import('../../../src/http/pages/session-charts');
    const laps = [
      { index: 0, startOffsetS: 0, elapsedS: 300, timerS: 290, distanceM: 1000 },
      { index: 1, startOffsetS: 300, elapsedS: 120, distanceM: 200, intensity: 'rest' },
      { index: 2, startOffsetS: 420, timerS: 600, distanceM: 2000 },
    ];
    const { byTime, byDistance } = lapBands(laps, (m) => m / 1000);
    expect(byTime.map((b) => [b.x0, b.x1, b.label, b.rest])).toEqual([[0, 300, '1', false], [300, 420, '2', true], [420, 1020, '3', false]]);
    expect(byTime[1]!.text).toBe('Lap 2 (rest): 2:00');
    expect(byDistance.map((b) => [b.x0, b.x1])).toEqual([[0, 1], [1, 1.2], [1.2, 3.2]]);
    // a lap without a distance: no distance bands (they would drift), time bands stay
    expect(lapBands([...laps, { index: 3, startOffsetS: 1020, elapsedS: 60 }], (m) => m).byDistance).toEqual([]);
    expect(lapBands([laps[0]!], (m) => m).byTime).toEqual([]);
  });

  it('draws bands inside the plot, and writes the scales the chart script reads', () => {
    const points = Array.from({ length: 50 }, (_, i) => ({ x: i * 10, y: 100 + i }));
    const html = String(LineChart({ id: 'hr', title: 'HR', formatX: String, formatY: round, readX: 'dur', readY: 'int bpm', smoothable: true,
      bands: [{ x0: 0, x1: 200, label: '1', text: 'Lap 1' }, { x0: 200, x1: 490, label: '2', text: 'Lap 2' }, { x0: 900, x1: 1000, label: '3', text: 'off the chart' }],
      series: [{ name: 'HR', className: 'series-1', points }] }));
    expect(html).toContain('data-x="0 490"');
    expect(html).toMatch(/data-plot="66 628 10 174"/);
    expect(html).toContain('data-read-x="dur"');
    expect(html).toContain('data-read-y="int bpm"');
    expect(html).toContain('data-smooth="1"');
    expect([...html.matchAll(/<g class="band (even|odd)">/g)].map((m) => m[1])).toEqual(['even', 'odd']);
    expect(html).not.toContain('off the chart');
    // bands come before the lines, so the lines are drawn over them
    expect(html.indexOf('class="bands"')).toBeLessThan(html.indexOf('class="line'));
  });
});
