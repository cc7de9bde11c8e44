import { describe, expect, it } from 'vitest';
import { FAULT_POINTS, decideFault, parseFaultPlan } from '../../../src/core/faults';
import { createFaults } from '../../../src/adapters/faults';

/** The points a ZIP member passes in one import attempt, each failing on its first hit when chosen. */
const IMPORT_POINTS = ['inflate', 'decode', 'parquet', 'commit'] as const;

describe('fault plans: transient failures a retry budget absorbs', () => {
  it('without a cap, a key chosen at every point fails once per point (as many attempts as points)', async () => {
    const plan = JSON.stringify({ seed: 1, failRate: Object.fromEntries(IMPORT_POINTS.map((p) => [p, 1])) });
    const faults = createFaults(plan);
    let failures = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        for (const point of IMPORT_POINTS) await faults.hit(point, 'file-1');
        break;
      } catch { failures++; }
    }
    expect(failures).toBe(IMPORT_POINTS.length);
  });

  it('maxFailsPerKey caps the failures of a key over all points, so its attempts stay within max_retries', async () => {
    const plan = JSON.stringify({ seed: 1, failRate: Object.fromEntries(IMPORT_POINTS.map((p) => [p, 1])), maxFailsPerKey: 3 });
    const faults = createFaults(plan);
    for (const key of ['file-a', 'file-b']) {
      let failures = 0;
      for (let attempt = 0; attempt < 6; attempt++) {
        try {
          for (const point of IMPORT_POINTS) await faults.hit(point, key);
          break;
        } catch { failures++; }
      }
      expect(failures).toBe(3); // 4 attempts: max_retries = 3 absorbs it
    }
  });

  it('the cap changes nothing for poison files, nor for keys below it', () => {
    const plan = parseFaultPlan(JSON.stringify({ seed: 1, failRate: 1, maxFailsPerKey: 2, poison: ['bad.fit'] }));
    expect(plan.maxFailsPerKey).toBe(2);
    expect(decideFault(plan, 'decode', 'k', 1, 'bad.fit', 5)).toMatchObject({ kind: 'fail', reason: 'poison' });
    expect(decideFault(plan, 'decode', 'k', 1, 'ok.fit', 1)).toMatchObject({ kind: 'fail', reason: 'transient' });
    expect(decideFault(plan, 'decode', 'k', 1, 'ok.fit', 2)).toMatchObject({ kind: 'pass' });
    expect(parseFaultPlan('{"seed":1}').maxFailsPerKey).toBe(0);
    expect(() => parseFaultPlan('{"maxFailsPerKey":-1}')).toThrow(/maxFailsPerKey/);
    expect(FAULT_POINTS).toEqual(expect.arrayContaining([...IMPORT_POINTS]));
  });
});
