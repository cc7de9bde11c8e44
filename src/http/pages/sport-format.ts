/**
 * Sport-aware display of speed, distance and cadence: the one place the pages decide how a
 * speed reads for a sport. Runs (and walks, hikes) read as pace per km or mile, rides as km/h
 * or mph, swims as pace per 100 m or 100 yd, rows as pace per 500 m. Distances of swims read in
 * metres or yards (a swimmer counts lengths, not kilometres). Every page formats a pace, speed
 * or distance through here, so a ride never shows "2:00 /km" again.
 *
 * Conventions: the API stays SI (m/s, m); a missing or implausibly slow value renders "—".
 */
import { DASH, formatDuration, type Units } from './format';

const M_PER_MI = 1609.344;
const M_PER_YD = 0.9144;

/** How a sport's speed is read by the people who do it. */
export type SpeedStyle = 'pace' | 'speed' | 'swim' | 'row';

// Sports whose athletes think in speed rather than time per distance (FIT `sport` names).
const SPEED_SPORTS = new Set([
  'cycling', 'e_biking', 'inline_skating', 'motorcycling', 'driving', 'alpine_skiing', 'snowboarding', 'cross_country_skiing',
  'sailing', 'kitesurfing', 'windsurfing', 'horseback_riding', 'ice_skating', 'wheelchair_push_walk', 'flying', 'snowmobiling',
]);

export function speedStyleOf(sport: string | undefined): SpeedStyle {
  if (sport === 'swimming') return 'swim';
  if (sport === 'rowing' || sport === 'paddling' || sport === 'kayaking' || sport === 'stand_up_paddleboarding') return 'row';
  if (sport && SPEED_SPORTS.has(sport)) return 'speed';
  return 'pace';
}

/** What a sport's figures are read in: the runner's units, or the pool's when the file says yards. */
export interface SportContext {
  sport?: string;
  units: Units;
  /** the pool's length unit from the file (FIT `pool_length_unit`): a yard pool reads in yards */
  poolUnits?: Units;
}

/** A speed as a sport reads it: the label, the unit, the number it is drawn as, and its text. */
export interface SpeedMeasure {
  style: SpeedStyle;
  /** "Pace" or "Speed" */
  label: string;
  /** the axis unit, e.g. "min/km", "km/h", "min/100 m" */
  unit: string;
  /** smaller is faster (pace): a chart draws it upside down */
  inverted: boolean;
  /** the drawn number of a speed (seconds per unit distance, or km/h / mph); null when too slow to mean anything */
  value(speedMps: number): number | null;
  /** an axis tick for a drawn number */
  formatValue(value: number): string;
  /** a speed as text with its unit, e.g. "5:02 /km", "31.4 km/h", "1:48 /100 m" */
  format(speedMps: number | undefined): string;
}

interface PaceSpec { per: number; suffix: string; unit: string; minMps: number; capS: number }

function paceMeasure(style: SpeedStyle, spec: PaceSpec): SpeedMeasure {
  const value = (v: number) => (v < spec.minMps ? null : Math.min(spec.per / v, spec.capS));
  return {
    style, label: 'Pace', unit: spec.unit, inverted: true, value,
    formatValue: (y) => formatDuration(y),
    format: (v) => (v === undefined || !Number.isFinite(v) || v < spec.minMps ? DASH : `${formatDuration(spec.per / v)} ${spec.suffix}`),
  };
}

/** A swim's unit: the pool's when the watch says how the pool is measured, else the runner's. */
export function swimUnits(ctx: SportContext): Units {
  return ctx.poolUnits ?? ctx.units;
}

export function speedMeasure(ctx: SportContext): SpeedMeasure {
  const style = speedStyleOf(ctx.sport);
  const imperial = ctx.units === 'imperial';
  switch (style) {
    case 'speed': {
      const factor = imperial ? 3600 / M_PER_MI : 3.6;
      const unit = imperial ? 'mph' : 'km/h';
      return {
        style, label: 'Speed', unit, inverted: false,
        value: (v) => (v < 0 ? null : v * factor),
        formatValue: (y) => String(+y.toFixed(1)),
        format: (v) => (v === undefined || !Number.isFinite(v) || v <= 0 ? DASH : `${(v * factor).toFixed(1)} ${unit}`),
      };
    }
    case 'swim': {
      // 0.1 m/s is 16:40 /100 m: slower than that is standing at the wall, not swimming.
      const yards = swimUnits(ctx) === 'imperial';
      return paceMeasure(style, yards
        ? { per: 100 * M_PER_YD, suffix: '/100 yd', unit: 'min/100 yd', minMps: 0.1, capS: 600 }
        : { per: 100, suffix: '/100 m', unit: 'min/100 m', minMps: 0.1, capS: 600 });
    }
    case 'row':
      return paceMeasure(style, { per: 500, suffix: '/500 m', unit: 'min/500 m', minMps: 0.3, capS: 900 });
    default:
      // Below 0.3 m/s (55:33 /km) nobody is running: a dash says more than a silly pace. The cap
      // (20 min/km, 32 min/mi) keeps standing still from flattening a pace chart.
      return paceMeasure(style, imperial
        ? { per: M_PER_MI, suffix: '/mi', unit: 'min/mi', minMps: 0.3, capS: 1930 }
        : { per: 1000, suffix: '/km', unit: 'min/km', minMps: 0.3, capS: 1200 });
  }
}

/** A speed as the sport reads it ("5:02 /km", "31.4 km/h", "1:48 /100 m"). */
export function formatSpeed(speedMps: number | undefined, ctx: SportContext): string {
  return speedMeasure(ctx).format(speedMps);
}

/** A running pace: bests, critical speed, predictions and plans are about running. */
export function formatRunPace(speedMps: number | undefined, units: Units): string {
  return speedMeasure({ sport: 'running', units }).format(speedMps);
}

/** The average speed of a distance covered in a time, as the sport reads it. */
export function formatAverage(distanceM: number | undefined, timeS: number | undefined, ctx: SportContext): string {
  if (distanceM === undefined || timeS === undefined || !(distanceM > 0) || !(timeS > 0)) return DASH;
  return formatSpeed(distanceM / timeS, ctx);
}

/** How a sport's distances read: km/mi, or m/yd for swims. */
export interface DistanceMeasure {
  unit: string;
  /** metres → the display unit */
  value(m: number): number;
  format(m: number | undefined, digits?: number): string;
  /** an axis tick for a display-unit number */
  formatValue(value: number): string;
}

export function distanceMeasure(ctx: SportContext): DistanceMeasure {
  if (speedStyleOf(ctx.sport) === 'swim') {
    const yards = swimUnits(ctx) === 'imperial';
    const per = yards ? M_PER_YD : 1;
    const unit = yards ? 'yd' : 'm';
    return {
      unit, value: (m) => m / per,
      format: (m) => (m === undefined || !Number.isFinite(m) ? DASH : `${Math.round(m / per).toLocaleString('en-GB')} ${unit}`),
      formatValue: (v) => `${Math.round(v)} ${unit}`,
    };
  }
  const per = ctx.units === 'imperial' ? M_PER_MI : 1000;
  const unit = ctx.units === 'imperial' ? 'mi' : 'km';
  return {
    unit, value: (m) => m / per,
    format: (m, digits = 2) => (m === undefined || !Number.isFinite(m) ? DASH : `${(m / per).toFixed(digits)} ${unit}`),
    formatValue: (v) => `${+v.toFixed(1)} ${unit}`,
  };
}

/** A distance as the sport reads it ("10.61 km", "6.59 mi", "1,050 m", "1,148 yd"). */
export function formatSportDistance(m: number | undefined, ctx: SportContext, digits = 2): string {
  return distanceMeasure(ctx).format(m, digits);
}

/** Cadence: steps for feet, revolutions for pedals, strokes for arms. `factor` turns the FIT value into it. */
export interface CadenceMeasure {
  unit: string;
  factor: number;
}

export function cadenceMeasure(sport: string | undefined): CadenceMeasure {
  // FIT records running cadence per foot (strides/min): doubled, it is the step rate runners know.
  if (sport === 'running' || sport === 'walking' || sport === 'hiking') return { unit: 'spm', factor: 2 };
  if (sport === 'swimming' || speedStyleOf(sport) === 'row') return { unit: 'strokes/min', factor: 1 };
  return { unit: 'rpm', factor: 1 };
}

/** Grade-adjusted pace means something on foot only. */
export function hasGradeAdjustedPace(sport: string | undefined): boolean {
  return sport === undefined || sport === 'running' || sport === 'walking' || sport === 'hiking' || sport === 'generic';
}

/** The pool's units from a session's device totals (`poolLengthUnit`: "metric" | "statute"), if the file says. */
export function poolUnitsOf(device: Record<string, unknown> | undefined): Units | undefined {
  const unit = device?.poolLengthUnit;
  if (unit === 'statute') return 'imperial';
  if (unit === 'metric') return 'metric';
  return undefined;
}
