/** Volume per sport in the daily history, and its weekly sums (kilometres of different sports do not add up). */
import { describe, expect, it } from 'vitest';
import { aggregateWeeks, computeHistory, extendHistoryTo } from '../../../src/core/history';
import { volumeSports, weeklyVolume } from '../../../src/http/pages/weekly-volume';

const at = (d: number, h = 8) => Date.UTC(2024, 0, d, h);

describe('history per sport', () => {
  const h = computeHistory([
    { sessionId: 'run1', sport: 'running', startTime: at(1), distanceM: 10000, timeS: 3000, load: 60 },
    { sessionId: 'ride', sport: 'cycling', startTime: at(1, 15), distanceM: 40000, timeS: 5000, load: 80 },
    { sessionId: 'swim', sport: 'swimming', startTime: at(3), distanceM: 2000, timeS: 2400, load: 40 },
    { sessionId: 'run2', sport: 'running', startTime: at(9), distanceM: 8000, timeS: 2500, load: 50 },
    { sessionId: 'x', startTime: at(9), distanceM: 100, timeS: 60 },
  ], { timeZone: 'UTC', today: '2024-01-10' });

  it('keeps each day’s volume per sport next to the total', () => {
    const day1 = h.days.find((d) => d.date === '2024-01-01')!;
    expect(day1.distanceM).toBe(50000);
    expect(day1.bySport).toEqual({ running: { distanceM: 10000, timeS: 3000, sessions: 1 }, cycling: { distanceM: 40000, timeS: 5000, sessions: 1 } });
    expect(h.days.find((d) => d.date === '2024-01-02')!.bySport).toBeUndefined();
    expect(h.days.find((d) => d.date === '2024-01-09')!.bySport).toEqual({ running: { distanceM: 8000, timeS: 2500, sessions: 1 }, other: { distanceM: 100, timeS: 60, sessions: 1 } });
  });

  it('sums weeks per sport (ISO weeks from Monday)', () => {
    const weeks = aggregateWeeks(h.days);
    expect(weeks.map((w) => w.weekStart)).toEqual(['2024-01-01', '2024-01-08']);
    expect(weeks[0]!.bySport).toEqual({
      running: { distanceM: 10000, timeS: 3000, sessions: 1 }, cycling: { distanceM: 40000, timeS: 5000, sessions: 1 }, swimming: { distanceM: 2000, timeS: 2400, sessions: 1 },
    });
    expect(weeks[1]!.bySport!.running!.distanceM).toBe(8000);
    // the aggregation does not alias the days' objects
    expect(h.days[0]!.bySport!.running!.distanceM).toBe(10000);
  });

  it('days extended on read carry no sport volume', () => {
    const ext = extendHistoryTo(h.days, '2024-01-12');
    expect(ext.at(-1)).not.toHaveProperty('bySport');
  });

  it('the page’s weekly sums take one sport, running first in the switch, transitions left out', () => {
    expect(weeklyVolume(h.days, 'running').map((w) => w.distanceM)).toEqual([10000, 8000]);
    expect(weeklyVolume(h.days, 'cycling').map((w) => w.distanceM)).toEqual([40000, 0]);
    expect(weeklyVolume(h.days).map((w) => w.distanceM)).toEqual([52000, 8100]);
    const withTransition = [...h.days, { date: '2024-01-10', distanceM: 50, timeS: 60, sessions: 1, load: 0, ctl: 0, atl: 0, tsb: 0, bySport: { transition: { distanceM: 50, timeS: 60, sessions: 1 } } }];
    expect(volumeSports(withTransition)).toEqual(['running', 'cycling', 'swimming', 'other']);
  });
});
