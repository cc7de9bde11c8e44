/**
 * Issue 17 item 5: heart-rate targets from the runner's zones next to the pace targets — on the
 * plan, in the ICS description and in the FIT workout (secondary target heart_rate, custom
 * low/high = bpm + 100 per the FIT profile), decoded here by fit-file-parser.
 */
import FitParser from 'fit-file-parser';
import { describe, expect, it } from 'vitest';
import {
  buildHrZoneTable, buildWorkoutFit, describeHrTargets, hrTargetForSpeed, renderPlanIcs, workoutSteps,
} from '../../../src/core/plan';
import { resolveHrSettings } from '../../../src/core/metrics/heart-rate';
import { referencePlanDays } from './fixtures';

const { plan, pace, typeOf, dayOf } = referencePlanDays();
/** %HRmax zones of a runner with HRmax 190: Z2 114–133, Z3 133–152, Z4 152–171, Z5 171–190. */
const zones = buildHrZoneTable(resolveHrSettings({ maxHr: 190 }, 0));

interface ParsedStep { wkt_step_name?: string; target_type?: string; secondary_target_type?: string; secondary_custom_target_value_low?: number; secondary_custom_target_value_high?: number; custom_target_value_low?: number; duration_time?: number }

async function parseSteps(bytes: Uint8Array): Promise<ParsedStep[]> {
  const parsed = await new FitParser({ force: false, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm' }).parseAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return (parsed as unknown as { messages: { workout_step: ParsedStep[] } }).messages.workout_step;
}

describe('heart-rate targets from the runner\'s zones', () => {
  it('pace domain → zone: easy Z2, steady Z3, threshold Z4, faster Z5 (Friel: Z5a–Z5b)', () => {
    expect(hrTargetForSpeed(0.76 * 4, 4, zones)).toEqual({ zone: 'Z2', lowBpm: 114, highBpm: 133 });
    expect(hrTargetForSpeed(0.9 * 4, 4, zones)).toEqual({ zone: 'Z3', lowBpm: 133, highBpm: 152 });
    expect(hrTargetForSpeed(1.0 * 4, 4, zones)).toEqual({ zone: 'Z4', lowBpm: 152, highBpm: 171 });
    expect(hrTargetForSpeed(1.1 * 4, 4, zones)).toEqual({ zone: 'Z5', lowBpm: 171, highBpm: 190 });
    const friel = buildHrZoneTable(resolveHrSettings({ maxHr: 190, thresholdHr: 170, zoneModel: 'lthr' }, 0));
    expect(hrTargetForSpeed(1.1 * 4, 4, friel)).toEqual({ zone: 'Z5a–Z5b', lowBpm: 170, highBpm: 180 });
    const hrr = buildHrZoneTable(resolveHrSettings({ maxHr: 190, restingHr: 50, zoneModel: 'hrr' }, 0));
    expect(hrTargetForSpeed(0.76 * 4, 4, hrr)).toEqual({ zone: 'Z2', lowBpm: 134, highBpm: 148 });
  });

  it('FIT workout: an easy run carries heart_rate as the secondary target, bpm + 100, beside its speed target', async () => {
    const easy = dayOf('easy');
    const steps = await parseSteps(buildWorkoutFit(easy, { type: typeOf(easy), pace, hrZones: zones, createdAt: new Date('2025-01-05T10:00:00Z') }));
    expect(steps).toHaveLength(1);
    expect(steps[0].target_type).toBe('speed');
    expect(steps[0].secondary_target_type).toBe('heart_rate');
    const expected = hrTargetForSpeed(easy.targetSpeedMps!, plan.csMps, zones);
    expect(steps[0].secondary_custom_target_value_low).toBe(expected.lowBpm + 100);
    expect(steps[0].secondary_custom_target_value_high).toBe(expected.highBpm + 100);
  });

  it('FIT workout: intervals and strides — steps of ≥ 2 min get heart rate, shorter ones (strides) do not', async () => {
    for (const type of ['cs_intervals', 'easy_strides']) {
    const day = dayOf(type);
    const steps = workoutSteps(day, { type: typeOf(day), pace, hrZones: zones });
    const parsed = await parseSteps(buildWorkoutFit(day, { type: typeOf(day), pace, hrZones: zones, createdAt: new Date('2025-01-05T10:00:00Z') }));
    expect(parsed).toHaveLength(steps.length);
    steps.forEach((s, i) => {
      const seconds = s.duration.kind === 'time' ? s.duration.seconds : Infinity;
      if (seconds >= 120 && s.speed) {
        expect(parsed[i].secondary_target_type).toBe('heart_rate');
        expect(parsed[i].secondary_custom_target_value_low).toBe(s.hr![0] + 100);
      } else {
        expect(s.hr).toBeUndefined();
        expect(parsed[i].secondary_target_type).toBeUndefined();
      }
    });
    expect(steps[0].hr).toEqual([114, 133]);
    // 90 s jogs and 20 s strides: pace only
    expect(steps.some((st) => st.hr === undefined)).toBe(true);
    }
  });

  it('without zones the FIT workout is pace only (as before)', async () => {
    const easy = dayOf('easy');
    const steps = await parseSteps(buildWorkoutFit(easy, { type: typeOf(easy), pace, createdAt: new Date('2025-01-05T10:00:00Z') }));
    expect(steps[0].secondary_target_type).toBeUndefined();
  });

  it('ICS: each training day\'s description names its heart-rate targets, the same as the plan text', () => {
    const ics = renderPlanIcs(plan, { planId: 'p1', hrZones: zones }).replace(/\r\n /g, '');
    const easy = dayOf('easy');
    const text = describeHrTargets(easy, plan.csMps, zones)!;
    expect(text).toBe('Heart rate: run 114–133 bpm (Z2).');
    expect(ics).toContain(`DESCRIPTION:${easy.description.replace(/,/g, '\\,')}\\nHeart rate: run 114–133 bpm (Z2).`);
    const cs = dayOf('cs_intervals');
    expect(describeHrTargets(cs, plan.csMps, zones)).toMatch(/^Heart rate: warm-up 114–133 bpm \(Z2\), reps \d+–\d+ bpm \(Z4\), jogs .*cool-down 114–133 bpm \(Z2\)\.$/);
    expect(describeHrTargets(dayOf('easy_strides'), plan.csMps, zones)).toMatch(/strides by pace \(too short for heart rate\)/);
    expect(renderPlanIcs(plan, { planId: 'p1' })).not.toContain('Heart rate');
  });
});
