// Generated activity files for the session-total classes of issue 12, written with
// fit-file-parser's encoder (an independent FIT writer) and decoded by ours.
import { FitBaseType as T, FitEncoder, type FitEncoderField } from 'fit-file-parser/encoder';

/** FIT seconds of 2024-06-01T05:00:00Z (a device-relative file uses small values instead). */
export const START = Math.floor((Date.parse('2024-06-01T05:00:00Z') - 631_065_600_000) / 1000);
export const START_MS = (START + 631_065_600) * 1000;

const f = (number: number, size: number, baseType: T, value: number): FitEncoderField => ({ number, size, baseType, value });
const semicircles = (deg: number): number => Math.round((deg * 2 ** 31) / 180);

/** lat/lon in degrees */
export interface GenRecord { t: number; distance?: number; hr?: number; speed?: number; power?: number; lat?: number; lon?: number }
/** poolLength in metres; poolUnit 0 metric, 1 statute (yards) */
export interface GenSession { start: number; elapsed: number; timer?: number; distance?: number; avgHr?: number; sport?: number; subSport?: number; poolLength?: number; poolUnit?: number }
/** a FIT `length` message: type 1 active, 0 idle; stroke 0 freestyle, 2 breaststroke… */
export interface GenLength { start: number; elapsed: number; type: number; strokes?: number; speed?: number; stroke?: number }
/** endLat/endLon: the lap's end position in degrees */
export interface GenLap { start: number; elapsed: number; timer: number; distance?: number; trigger?: number; intensity?: number; endLat?: number; endLon?: number }
export interface GenEvent { t: number; event: number; type: number }
/** a FIT `timestamp_correlation`: at file time t the device's system clock read `system` (both s from base) */
export interface GenCorrelation { t: number; system: number }

/** t values are seconds from `base` (START unless a device-relative base is given). */
export function buildActivity(o: { records: GenRecord[]; sessions: GenSession[]; laps?: GenLap[]; lengths?: GenLength[]; events?: GenEvent[]; correlations?: GenCorrelation[]; base?: number }): Uint8Array {
  const base = o.base ?? START;
  const e = new FitEncoder();
  e.writeMessage(0, [f(0, 1, T.Enum, 4), f(1, 2, T.Uint16, 1), f(2, 2, T.Uint16, 4315), f(3, 4, T.Uint32z, 42), f(4, 4, T.Uint32, base)]);
  for (const ev of o.events ?? [{ t: 0, event: 0, type: 0 }]) e.writeMessage(21, [f(253, 4, T.Uint32, base + ev.t), f(0, 1, T.Enum, ev.event), f(1, 1, T.Enum, ev.type)], 1);
  for (const c of o.correlations ?? []) e.writeMessage(162, [f(253, 4, T.Uint32, base + c.t), f(1, 4, T.Uint32, base + c.system)], 6);
  for (const r of o.records) {
    e.writeMessage(20, [
      f(253, 4, T.Uint32, base + r.t),
      f(5, 4, T.Uint32, r.distance === undefined ? 0xffffffff : Math.round(r.distance * 100)),
      f(3, 1, T.Uint8, r.hr ?? 0xff),
      f(73, 4, T.Uint32, r.speed === undefined ? 0xffffffff : Math.round(r.speed * 1000)),
      ...(r.power === undefined ? [] : [f(7, 2, T.Uint16, Math.round(r.power))]),
      ...(r.lat === undefined || r.lon === undefined ? [] : [f(0, 4, T.Sint32, semicircles(r.lat)), f(1, 4, T.Sint32, semicircles(r.lon))]),
    ], r.lat === undefined ? 2 : 7);
  }
  for (const l of o.laps ?? []) {
    e.writeMessage(19, [
      f(253, 4, T.Uint32, Math.floor(base + l.start + l.elapsed)), f(2, 4, T.Uint32, base + l.start),
      f(7, 4, T.Uint32, Math.round(l.elapsed * 1000)), f(8, 4, T.Uint32, Math.round(l.timer * 1000)),
      f(9, 4, T.Uint32, l.distance === undefined ? 0xffffffff : Math.round(l.distance * 100)),
      f(24, 1, T.Enum, l.trigger ?? 0), f(23, 1, T.Enum, l.intensity ?? 0),
      ...(l.endLat === undefined || l.endLon === undefined ? [] : [f(5, 4, T.Sint32, semicircles(l.endLat)), f(6, 4, T.Sint32, semicircles(l.endLon))]),
    ], l.endLat === undefined ? 3 : 8);
  }
  for (const l of o.lengths ?? []) {
    e.writeMessage(101, [
      f(253, 4, T.Uint32, base + l.start + Math.round(l.elapsed)), f(2, 4, T.Uint32, base + l.start),
      f(3, 4, T.Uint32, Math.round(l.elapsed * 1000)), f(4, 4, T.Uint32, Math.round(l.elapsed * 1000)),
      f(5, 2, T.Uint16, l.strokes ?? 0xffff), f(6, 2, T.Uint16, l.speed === undefined ? 0xffff : Math.round(l.speed * 1000)),
      f(7, 1, T.Enum, l.stroke ?? 0xff), f(12, 1, T.Enum, l.type),
    ], 5);
  }
  for (const s of o.sessions) {
    e.writeMessage(18, [
      f(253, 4, T.Uint32, Math.floor(base + s.start + s.elapsed)), f(2, 4, T.Uint32, base + s.start),
      f(7, 4, T.Uint32, Math.round(s.elapsed * 1000)), f(8, 4, T.Uint32, Math.round((s.timer ?? s.elapsed) * 1000)),
      f(9, 4, T.Uint32, s.distance === undefined ? 0xffffffff : Math.round(s.distance * 100)),
      f(16, 1, T.Uint8, s.avgHr ?? 0xff), f(5, 1, T.Enum, s.sport ?? 1), f(6, 1, T.Enum, s.subSport ?? 0),
      ...(s.poolLength === undefined ? [] : [f(44, 2, T.Uint16, Math.round(s.poolLength * 100)), f(46, 1, T.Enum, s.poolUnit ?? 0)]),
    ], 4);
  }
  return e.close();
}
