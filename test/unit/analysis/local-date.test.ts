/** Calendar arithmetic behind daily history rows. */
import { describe, expect, it } from 'vitest';
import { formatDayNumber, mondayOf, parseDayNumber } from '../../../src/core/history/local-date';
import { computeLocalDate } from '../../../src/core/history';

describe('day numbers', () => {
  it('round-trip against Date for 1900–2100 and reject impossible dates', () => {
    for (let dn = -25567; dn <= 47482; dn += 13) {
      const iso = new Date(dn * 86_400_000).toISOString().slice(0, 10);
      expect(formatDayNumber(dn)).toBe(iso);
      expect(parseDayNumber(iso)).toBe(dn);
    }
    expect(parseDayNumber('2023-02-29')).toBeUndefined();
    expect(parseDayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(parseDayNumber('2024-13-01')).toBeUndefined();
    expect(parseDayNumber('24-01-01')).toBeUndefined();
  });
  it('ISO weeks start on Monday', () => {
    expect(formatDayNumber(mondayOf(parseDayNumber('2024-03-31')!))).toBe('2024-03-25');
    expect(formatDayNumber(mondayOf(parseDayNumber('2024-03-25')!))).toBe('2024-03-25');
    expect(formatDayNumber(mondayOf(0))).toBe('1969-12-29');
  });
  it('local dates on both sides of midnight in zones east and west of UTC', () => {
    expect(computeLocalDate(Date.parse('2024-07-01T03:30:00Z'), 'America/Los_Angeles')).toBe('2024-06-30');
    expect(computeLocalDate(Date.parse('2024-07-01T14:30:00Z'), 'Pacific/Auckland')).toBe('2024-07-02');
    expect(computeLocalDate(Date.parse('2024-07-01T14:30:00Z'), 'UTC')).toBe('2024-07-01');
  });
});
