import { describe, expect, it } from 'vitest';
import { escapeIcsText, foldIcsLine, renderPlan, renderPlanIcs } from '../../../src/core/plan';
import { REFERENCE_X, referenceInput } from './fixtures';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('ICS export (RFC 5545)', () => {
  const plan = renderPlan(referenceInput(), REFERENCE_X);
  const ics = renderPlanIcs(plan, { planId: 'plan-123', generatedAt: '2025-01-05T10:11:12.345Z' });

  it('is a CRLF calendar of all-day events with lines ≤ 75 octets', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(utf8(line)).toBeLessThanOrEqual(75);
    const events = ics.split('BEGIN:VEVENT').length - 1;
    const training = plan.weeks.flatMap((w) => w.days).filter((d) => d.type !== 'rest').length;
    expect(events).toBe(training);
    expect(ics.split('END:VEVENT').length - 1).toBe(events);
    expect(ics).toContain('DTSTART;VALUE=DATE:20250106\r\nDTEND;VALUE=DATE:20250107');
    expect(ics).toContain('DTSTAMP:20250105T101112Z');
    expect(ics).toContain('UID:plan-123-20250428@pacelab');
  });

  it('UIDs are unique and stable across re-exports', () => {
    const uids = ics.split('\r\n').filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
    expect(renderPlanIcs(plan, { planId: 'plan-123', generatedAt: '2025-01-05T10:11:12.345Z' })).toBe(ics);
  });

  it('escapes TEXT and folds long lines without splitting UTF-8 characters', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = `DESCRIPTION:${'é€'.repeat(60)}`;
    const folded = foldIcsLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(utf8(p)).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
    });
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(long);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toMatch(/DESCRIPTION:.*Week 1\\, base phase\./);
  });
});
