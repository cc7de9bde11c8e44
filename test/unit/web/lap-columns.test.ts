/** The lap table leaves out a sensor column no lap has (no column of dashes), and keeps one any lap has. */
import { describe, expect, it } from 'vitest';
import type { ActivityLap } from '../../../src/core/laps/activity-lap';
import { LapTable, lapColumns } from '../../../src/http/pages/session-laps';

const ctx = { sport: 'running', units: 'metric' } as unknown as Parameters<typeof LapTable>[0]['ctx'];
const run: ActivityLap[] = [
  { index: 0, timerS: 300, distanceM: 1000, avgHr: 140, maxHr: 150, trigger: 'distance' },
  { index: 1, timerS: 290, distanceM: 1000, avgHr: 145, maxHr: 155, trigger: 'distance' },
];

describe('lap table columns', () => {
  it('shows only the sensors some lap has', () => {
    expect(lapColumns(run)).toEqual({ hr: true, maxHr: true, power: false, ascent: false, trigger: true });
    expect(lapColumns([{ index: 0, timerS: 60 }, { index: 1, timerS: 60, avgPowerW: 250, ascentM: 0 }])).toEqual({ hr: false, maxHr: false, power: true, ascent: true, trigger: false });
  });

  it('renders no Power header or cells for a run without a power meter, and keeps a column any lap fills', async () => {
    const html = String(await (LapTable({ laps: run, ctx }) as unknown as Promise<string> | string));
    expect(html).not.toContain('Power');
    expect(html).toContain('Max HR');
    expect(html.match(/<tr/g)).toHaveLength(3);
    // every row has as many cells as the header
    const rows = html.split('<tr').slice(1).map((r) => (r.match(/<t[hd][ >]/g) ?? []).length);
    expect(new Set(rows).size).toBe(1);
    const withPower = String(await (LapTable({ laps: [...run, { index: 2, timerS: 60, avgPowerW: 300 }], ctx }) as unknown as Promise<string> | string));
    expect(withPower).toContain('Power');
    expect(withPower).toContain('300 W');
  });
});
