/**
 * Plan → iCalendar (RFC 5545): one all-day VEVENT per training day (DATE values, DTEND exclusive,
 * §3.6.1), CRLF line ends (§3.1), lines folded at 75 octets without splitting a UTF-8 sequence,
 * TEXT escaped (§3.3.11), and UIDs derived from the plan and the date so re-exports update events
 * instead of duplicating them.
 */
import { parseIsoDay, formatIsoDay } from './dates';
import { hashText } from './problem';
import { formatSpan } from './workouts';
import { describeHrTargets, type HrZoneTable } from './hr-targets';
import type { PlanDay, RenderedPlan } from './types';

export interface IcsOptions {
  /** Plan id (stable UIDs across re-exports); default: a hash of race date, distance and start. */
  planId?: string;
  /** DTSTAMP (UTC, ISO 8601); default: the plan start at 00:00Z, so the output is reproducible. */
  generatedAt?: string;
  calendarName?: string;
  /** the runner's heart-rate zones: each description then names its heart-rate targets */
  hrZones?: HrZoneTable;
}

export function escapeIcsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const utf8Length = (ch: string): number => {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
};

/** Folds a content line into ≤ 75-octet pieces; continuation lines start with one space. */
export function foldIcsLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    const limit = out.length === 0 ? 75 : 74; // the leading space counts
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const icsDate = (iso: string): string => iso.replace(/-/g, '');

function icsStamp(iso: string): string {
  const d = iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
  return /^\d{8}T\d{6}Z$/.test(d) ? d : `${icsDate(iso.slice(0, 10))}T000000Z`;
}

export function renderPlanIcs(plan: RenderedPlan, options: IcsOptions = {}): string {
  const planKey = options.planId ?? hashText(`${plan.raceDate}|${plan.raceDistanceM}|${plan.startDate}`);
  const stamp = icsStamp(options.generatedAt ?? `${plan.startDate}T00:00:00Z`);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Pacelab//Training plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(options.calendarName ?? `Pacelab plan: ${(plan.raceDistanceM / 1000).toFixed(1)} km on ${plan.raceDate}`)}`,
  ];
  const zones = options.hrZones;
  const hrLine = (day: PlanDay): string => {
    const text = zones ? describeHrTargets(day, plan.csMps, zones) : undefined;
    return text ? `\n${text}` : '';
  };
  for (const week of plan.weeks) {
    for (const day of week.days) {
      if (day.type === 'rest') continue;
      const start = parseIsoDay(day.date) as number;
      const distance = day.distanceM !== undefined ? `, ${(day.distanceM / 1000).toFixed(1)} km` : '';
      lines.push(
        'BEGIN:VEVENT',
        `UID:${planKey}-${icsDate(day.date)}@pacelab`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${icsDate(day.date)}`,
        `DTEND;VALUE=DATE:${icsDate(formatIsoDay(start + 1))}`,
        // The same words and exact durations as the page and the FIT workout (formatSpan, not rounded minutes).
        `SUMMARY:${escapeIcsText(`${day.label ?? (day.type === 'race' ? 'Race' : day.type.replace(/_/g, ' '))} (${formatSpan(day.durationS)}${distance})`)}`,
        `DESCRIPTION:${escapeIcsText(`${day.description}${hrLine(day)}\nWeek ${week.index + 1}, ${week.phase} phase.`)}`,
        `CATEGORIES:${escapeIcsText(week.phase)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
