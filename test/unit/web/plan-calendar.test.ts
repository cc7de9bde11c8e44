import { describe, expect, it } from 'vitest';
import { calendarWeeks } from '../../../src/http/pages/plan-calendar';

type Weeks = Parameters<typeof calendarWeeks>[0];
const day = (date: string) => ({ date, type: 'easy', role: 'easy' }) as unknown as Weeks[number]['days'][number];
const week = (index: number, dates: string[]) => ({ index, phase: 'base', targetLoad: 100, days: dates.map(day) }) as unknown as Weeks[number];
const run = (from: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

describe('calendarWeeks', () => {
  // 2026-12-02 is a Wednesday
  const weeks = [week(0, run('2026-12-02', 7)), week(1, run('2026-12-09', 7)), week(2, ['2026-12-16'])];

  it('starts every row on Monday by default and keeps every plan day once', () => {
    const rows = calendarWeeks(weeks, 1);
    expect(rows.map((r) => r.start)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
    expect(rows.flatMap((r) => r.cells).filter((c) => c.day).map((c) => c.date)).toEqual([...run('2026-12-02', 14), '2026-12-16']);
    expect(rows[0]!.cells.slice(0, 2).every((c) => !c.day)).toBe(true);
    expect(rows.map((r) => r.planWeek?.index)).toEqual([0, 1, 2]);
  });

  it('follows a Sunday-first runner', () => {
    const rows = calendarWeeks(weeks, 0);
    expect(rows[0]!.start).toBe('2026-11-29');
    expect(rows.every((r) => new Date(`${r.start}T00:00:00Z`).getUTCDay() === 0)).toBe(true);
  });

  it('has no rows for an empty plan', () => expect(calendarWeeks([], 1)).toEqual([]));
});
