import { describe, expect, it } from 'vitest';
import {
  cadenceMeasure, distanceMeasure, formatAverage, formatRunPace, formatSpeed, formatSportDistance, hasGradeAdjustedPace, poolUnitsOf, speedMeasure, speedStyleOf,
} from '../../../src/http/pages/sport-format';

describe('sport-aware speed', () => {
  it('reads a run as pace per km or mile', () => {
    expect(formatSpeed(1000 / 300, { sport: 'running', units: 'metric' })).toBe('5:00 /km');
    expect(formatSpeed(1609.344 / 480, { sport: 'running', units: 'imperial' })).toBe('8:00 /mi');
    expect(formatRunPace(1000 / 245, 'metric')).toBe('4:05 /km');
    expect(speedMeasure({ sport: 'running', units: 'metric' })).toMatchObject({ label: 'Pace', unit: 'min/km', inverted: true });
  });

  it('reads a ride as km/h or mph, never as a pace', () => {
    expect(formatSpeed(30 / 3.6, { sport: 'cycling', units: 'metric' })).toBe('30.0 km/h');
    expect(formatSpeed(20 * 1609.344 / 3600, { sport: 'cycling', units: 'imperial' })).toBe('20.0 mph');
    const m = speedMeasure({ sport: 'cycling', units: 'metric' });
    expect(m).toMatchObject({ label: 'Speed', unit: 'km/h', inverted: false });
    expect(m.value(10)).toBeCloseTo(36);
    expect(formatSpeed(30 / 3.6, { sport: 'cycling', units: 'metric' })).not.toMatch(/\/km/);
  });

  it('reads a swim per 100 m, or per 100 yd in imperial units or a yard pool', () => {
    expect(formatSpeed(100 / 105, { sport: 'swimming', units: 'metric' })).toBe('1:45 /100 m');
    expect(formatSpeed(91.44 / 90, { sport: 'swimming', units: 'imperial' })).toBe('1:30 /100 yd');
    // the pool's own unit wins for a pool swim
    expect(formatSpeed(91.44 / 90, { sport: 'swimming', units: 'metric', poolUnits: 'imperial' })).toBe('1:30 /100 yd');
    expect(speedMeasure({ sport: 'swimming', units: 'metric' })).toMatchObject({ label: 'Pace', unit: 'min/100 m', inverted: true });
  });

  it('reads a row per 500 m', () => {
    expect(formatSpeed(500 / 120, { sport: 'rowing', units: 'metric' })).toBe('2:00 /500 m');
  });

  it('falls back to pace for unknown or generic sports, and dashes what is missing or standing still', () => {
    expect(speedStyleOf(undefined)).toBe('pace');
    expect(speedStyleOf('walking')).toBe('pace');
    expect(speedStyleOf('e_biking')).toBe('speed');
    expect(formatSpeed(undefined, { sport: 'running', units: 'metric' })).toBe('—');
    expect(formatSpeed(0.1, { sport: 'running', units: 'metric' })).toBe('—');
    expect(formatSpeed(0, { sport: 'cycling', units: 'metric' })).toBe('—');
    expect(formatSpeed(Number.NaN, { sport: 'swimming', units: 'metric' })).toBe('—');
    expect(formatAverage(0, 100, { sport: 'running', units: 'metric' })).toBe('—');
    expect(formatAverage(10000, 3000, { sport: 'running', units: 'metric' })).toBe('5:00 /km');
  });

  it('caps chart paces so standing still does not flatten the chart', () => {
    const run = speedMeasure({ sport: 'running', units: 'metric' });
    expect(run.value(0.2)).toBeNull();
    expect(run.value(0.5)).toBe(1200);
    expect(run.formatValue(300)).toBe('5:00');
  });
});

describe('sport-aware distance and cadence', () => {
  it('reads swims in metres or yards and the rest in km or miles', () => {
    expect(formatSportDistance(1050, { sport: 'swimming', units: 'metric' })).toBe('1,050 m');
    expect(formatSportDistance(1050, { sport: 'swimming', units: 'metric', poolUnits: 'imperial' })).toBe('1,148 yd');
    expect(formatSportDistance(10607.76, { sport: 'running', units: 'metric' })).toBe('10.61 km');
    expect(formatSportDistance(58615.57, { sport: 'cycling', units: 'imperial' }, 1)).toBe('36.4 mi');
    expect(formatSportDistance(undefined, { sport: 'running', units: 'metric' })).toBe('—');
    expect(distanceMeasure({ sport: 'swimming', units: 'metric' }).unit).toBe('m');
  });

  it('names cadence by what moves', () => {
    expect(cadenceMeasure('running')).toEqual({ unit: 'spm', factor: 2 });
    expect(cadenceMeasure('cycling').unit).toBe('rpm');
    expect(cadenceMeasure('swimming').unit).toBe('strokes/min');
    expect(hasGradeAdjustedPace('cycling')).toBe(false);
    expect(hasGradeAdjustedPace('running')).toBe(true);
  });

  it('takes the pool units from the device totals when the file says', () => {
    expect(poolUnitsOf({ poolLengthUnit: 'statute' })).toBe('imperial');
    expect(poolUnitsOf({ poolLengthUnit: 'metric' })).toBe('metric');
    expect(poolUnitsOf({})).toBeUndefined();
  });
});
