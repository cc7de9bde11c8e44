import { describe, expect, it } from 'vitest';
import { isIndoorRun, recordsChoiceFor, recordsEligibility } from '../../../src/core/bests';

describe('which sessions feed personal bests and critical speed', () => {
  it('counts outdoor runs (any outdoor sub-sport) and leaves indoor, treadmill and virtual runs out by default', () => {
    expect(recordsEligibility({ sport: 'running' })).toEqual({ counts: true, reason: 'outdoor_run' });
    for (const subSport of ['generic', 'trail', 'track', 'street']) expect(recordsEligibility({ sport: 'running', subSport }).counts).toBe(true);
    for (const subSport of ['treadmill', 'indoor_running', 'virtual_activity']) {
      expect(isIndoorRun(subSport)).toBe(true);
      expect(recordsEligibility({ sport: 'running', subSport })).toEqual({ counts: false, reason: 'indoor_run' });
    }
  });

  it('never counts other sports, whatever the runner says', () => {
    for (const sport of ['cycling', 'swimming', 'walking', 'transition', undefined]) {
      expect(recordsEligibility({ sport, excludeFromRecords: false })).toEqual({ counts: false, reason: 'not_running' });
    }
  });

  it("lets the runner's choice win over the rule", () => {
    expect(recordsEligibility({ sport: 'running', excludeFromRecords: true })).toEqual({ counts: false, reason: 'excluded_by_runner' });
    expect(recordsEligibility({ sport: 'running', subSport: 'treadmill', excludeFromRecords: false })).toEqual({ counts: true, reason: 'included_by_runner' });
    expect(recordsEligibility({ sport: 'running', subSport: 'treadmill', excludeFromRecords: null }).counts).toBe(false);
  });

  it('stores a choice only where it differs from the rule', () => {
    expect(recordsChoiceFor({ sport: 'running' }, false)).toBe(true);
    expect(recordsChoiceFor({ sport: 'running', excludeFromRecords: true }, true)).toBeNull();
    expect(recordsChoiceFor({ sport: 'running', subSport: 'treadmill' }, true)).toBe(false);
    expect(recordsChoiceFor({ sport: 'running', subSport: 'treadmill', excludeFromRecords: false }, false)).toBeNull();
  });
});
