import { describe, expect, it } from 'vitest';
import { distinctLabels, LineChart } from '../../../src/http/pages/charts/line-chart';

const round = (v: number) => String(Math.round(v));

describe('line chart ticks', () => {
  it('never labels two y ticks the same (values near zero, integer labels)', () => {
    const days = Array.from({ length: 60 }, (_, i) => ({ x: i, y: 0.05 * Math.exp(-i / 10) }));
    const html = String(LineChart({ id: 't', title: 'Fitness', zeroLine: true, formatX: String, formatY: round, series: [{ name: 'CTL', className: 'series-1', points: days }] }));
    const labels = [...html.matchAll(/<text x="[\d.]+" y="[\d.-]+" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('judges labels, not values', () => {
    expect(distinctLabels([0, 0.02, 0.04], round)).toBe(false);
    expect(distinctLabels([0, 5, 10], round)).toBe(true);
    expect(distinctLabels([0], round)).toBe(false);
  });
});
