/**
 * Time on the device's own clock (docs/session-totals.md §2, "Device clock"). A device counts its
 * timer and elapsed time on its system clock; the records are stamped on the file's clock (UTC).
 * When the file says how far the system clock fell behind (FIT timestamp_correlation, kept as
 * `FitSession.clockOffsets`), the in-timer seconds of each record interval are counted on the
 * device's clock: Δt − Δoffset over the interval, the offset interpolated linearly between the
 * file's correlations and constant outside them.
 */
import { deviceSeconds } from '../fit/clock-correlation';
import type { FitClockOffset } from '../fit/types';
import type { SessionStreams } from './streams';

/** The session's offsets from its device totals, when they are usable (sorted, finite, ≥ 2). */
export function clockOffsetsOf(device: unknown): FitClockOffset[] | undefined {
  const raw = (device as { clockOffsets?: unknown } | undefined)?.clockOffsets;
  if (!Array.isArray(raw) || raw.length < 2) return undefined;
  const points = raw.filter((p): p is FitClockOffset => typeof p === 'object' && p !== null
    && Number.isFinite((p as FitClockOffset).atMs) && Number.isFinite((p as FitClockOffset).offsetS));
  for (let i = 1; i < points.length; i++) if (!(points[i]!.atMs > points[i - 1]!.atMs)) return undefined;
  return points.length >= 2 ? points : undefined;
}

/** The streams with every interval's in-timer seconds on the device's clock (t, dt stay on the file's). */
export function onDeviceClock(s: SessionStreams, points: readonly FitClockOffset[]): SessionStreams {
  const e = new Float64Array(s.n);
  for (let i = 0; i + 1 < s.n; i++) {
    const from = s.startMs + s.t[i] * 1000;
    e[i] = deviceSeconds(points, from, from + s.dt[i] * 1000, s.e[i]);
  }
  return { ...s, e };
}
