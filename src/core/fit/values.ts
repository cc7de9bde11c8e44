/**
 * Reading fit-file-parser's loosely typed rows, and FIT time rules (Garmin "FIT Protocol",
 * "Timestamps": https://developer.garmin.com/fit/protocol/). A date_time below 0x10000000
 * seconds since the FIT epoch (1989-12-31T00:00:00Z) is device-relative "system time", not UTC.
 */

/** One decoded message as the parser returns it (field name → value). */
export type ParsedRow = Readonly<Record<string, unknown>>;

/** Unix ms of the FIT epoch (1989-12-31T00:00:00Z). */
export const FIT_EPOCH_MS = 631_065_600_000;
/** Unix ms of FIT time 0x10000000: anything earlier is relative to device power-on. */
export const FIT_MIN_ABSOLUTE_MS = FIT_EPOCH_MS + 0x10000000 * 1000;

export function isDeviceRelative(ms: number): boolean {
  return ms < FIT_MIN_ABSOLUTE_MS;
}

/** A finite number, or undefined (the parser omits invalid values; be defensive anyway). */
export function num(row: ParsedRow, key: string): number | undefined {
  const value = row[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Enum-like field: profile name, or the raw number as text for values the profile lacks. */
export function text(row: ParsedRow, key: string): string | undefined {
  const value = row[key];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A date_time field as Unix ms (the parser yields Date objects). */
export function timeMs(row: ParsedRow, key: string): number | undefined {
  const value = row[key];
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** A date_time that is absolute UTC; undefined when absent or device-relative. */
export function absoluteTimeMs(row: ParsedRow, key: string): number | undefined {
  const ms = timeMs(row, key);
  return ms === undefined || isDeviceRelative(ms) ? undefined : ms;
}

/** `a + b` where b is an optional fractional part (cadence + fractional_cadence). */
export function withFraction(row: ParsedRow, whole: string, fraction: string): number | undefined {
  const a = num(row, whole);
  return a === undefined ? undefined : a + (num(row, fraction) ?? 0);
}

/** First present of several keys (enhanced_speed before speed). */
export function firstNum(row: ParsedRow, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = num(row, key);
    if (value !== undefined) return value;
  }
  return undefined;
}
