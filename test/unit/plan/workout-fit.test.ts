import { describe, expect, it } from 'vitest';
import { buildWorkoutFit, workoutSteps } from '../../../src/core/plan';
import { classifyFit, decodeFit, validateFitStructure } from '../../../src/core/fit';
import { referencePlanDays } from './fixtures';

const { days, race, pace, typeOf, dayOf } = referencePlanDays();
const createdAt = new Date('2025-01-05T10:00:00Z');
const totalS = (steps: ReturnType<typeof workoutSteps>) => steps.reduce((s, st) => s + (st.duration.kind === 'time' ? st.duration.seconds : 0), 0);

describe('FIT workout export', () => {
  it('writes a structurally valid FIT file that decodes as a workout', async () => {
    for (const day of days.filter((d) => d.role !== 'rest')) {
      const bytes = buildWorkoutFit(day, { type: typeOf(day), pace, createdAt });
      const structure = validateFitStructure(bytes, { maxBytes: 1 << 20 });
      expect(structure.segments.length).toBe(1);
      const decoded = await decodeFit(bytes);
      expect(decoded.fileId.type).toBe('workout');
      expect(decoded.fileId.timeCreated).toBe(createdAt.getTime());
      expect(classifyFit(decoded)).toEqual({ kind: 'not_activity', fileType: 'workout' });
      expect(decoded.errors).toEqual([]);
    }
  });

  it('intervals: warm-up, reps at the target speed with jogs, cool-down, summing to the day', () => {
    const day = dayOf('cs_intervals');
    const type = typeOf(day)!;
    const steps = workoutSteps(day, { type, pace });
    expect(steps[0]).toMatchObject({ intensity: 'warmup', duration: { kind: 'time', seconds: 900 } });
    expect(steps.at(-1)).toMatchObject({ intensity: 'cooldown', duration: { kind: 'time', seconds: 600 } });
    const reps = steps.filter((s) => s.intensity === 'interval');
    expect(reps.length).toBeGreaterThanOrEqual(type.reps!.count[0]);
    for (const rep of reps) {
      expect(rep.duration).toEqual({ kind: 'time', seconds: type.reps!.workS });
      expect(rep.speed![0]).toBeLessThan(day.targetSpeedMps!);
      expect(rep.speed![1]).toBeGreaterThan(day.targetSpeedMps!);
    }
    expect(steps.filter((s) => s.intensity === 'recovery').length).toBe(reps.length);
    expect(totalS(steps)).toBe(day.durationS);
  });

  it('steady runs are one step; tempo gets a warm-up and cool-down; the race is a distance step', () => {
    const easy = dayOf('easy');
    expect(workoutSteps(easy, { type: typeOf(easy), pace })).toEqual([
      expect.objectContaining({ intensity: 'active', duration: { kind: 'time', seconds: easy.durationS } }),
    ]);
    const tempo = dayOf('tempo');
    const steps = workoutSteps(tempo, { type: typeOf(tempo), pace });
    expect(steps.map((s) => s.intensity)).toEqual(['warmup', 'interval', 'cooldown']);
    expect(totalS(steps)).toBe(tempo.durationS);
    expect(workoutSteps(race, { pace })).toEqual([expect.objectContaining({ name: 'Race', duration: { kind: 'distance', metres: race.distanceM } })]);
  });

  it('refuses rest days with no_workout', () => {
    const rest = days.find((d) => d.role === 'rest')!;
    expect(() => buildWorkoutFit(rest, { pace, createdAt })).toThrow(expect.objectContaining({ code: 'no_workout' }));
  });

  it('is deterministic (no clock inside)', () => {
    const day = dayOf('tempo');
    expect(buildWorkoutFit(day, { type: typeOf(day), pace, createdAt })).toEqual(buildWorkoutFit(day, { type: typeOf(day), pace, createdAt }));
  });
});
