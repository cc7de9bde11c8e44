// A generated long run, written with fit-file-parser's encoder (an independent FIT writer):
// 1 Hz records with GPS, HR, cadence, power, running dynamics and temperature, plus file_id,
// event, lap, session and activity. Values are deterministic functions of the second.
import { FitBaseType as T, FitEncoder, type FitEncoderField } from 'fit-file-parser/encoder';

/** FIT seconds of 2024-06-01T05:00:00Z. */
const DEFAULT_START = Math.floor((Date.parse('2024-06-01T05:00:00Z') - 631_065_600_000) / 1000);
const SEMICIRCLES_PER_DEGREE = 2 ** 31 / 180;

function f(number: number, size: number, baseType: T, value: number): FitEncoderField {
  return { number, size, baseType, value };
}

/** A `seconds`-long 1 Hz run (86,400 = 24 h ≈ 3.1 MB), starting 2024-06-01T05:00:00Z unless told. */
export function buildLongRun(seconds: number, startMs?: number): Uint8Array {
  const START = startMs === undefined ? DEFAULT_START : Math.floor((startMs - 631_065_600_000) / 1000);
  const encoder = new FitEncoder();
  encoder.writeMessage(0, [f(0, 1, T.Enum, 4), f(1, 2, T.Uint16, 1), f(2, 2, T.Uint16, 4315), f(3, 4, T.Uint32z, 1234567890), f(4, 4, T.Uint32, START)]);
  encoder.writeMessage(21, [f(253, 4, T.Uint32, START), f(0, 1, T.Enum, 0), f(1, 1, T.Enum, 0)], 1);
  let distance = 0;
  for (let s = 0; s < seconds; s++) {
    const speed = 2.8 + 0.4 * Math.sin(s / 600); // m/s
    distance += speed;
    const lat = 47.3 + 0.01 * Math.sin(s / 3000);
    const long = 8.5 + 0.01 * Math.cos(s / 3000);
    const altitude = 400 + 50 * Math.sin(s / 1800);
    encoder.writeMessage(
      20,
      [
        f(253, 4, T.Uint32, START + s),
        f(0, 4, T.Sint32, Math.round(lat * SEMICIRCLES_PER_DEGREE)),
        f(1, 4, T.Sint32, Math.round(long * SEMICIRCLES_PER_DEGREE)),
        f(5, 4, T.Uint32, Math.round(distance * 100)),
        f(73, 4, T.Uint32, Math.round(speed * 1000)),
        f(78, 4, T.Uint32, Math.round((altitude + 500) * 5)),
        // every 97th sample the strap drops out: the FIT invalid value, never 0
        f(3, 1, T.Uint8, s % 97 === 0 ? 0xff : 140 + Math.round(10 * Math.sin(s / 900))),
        f(4, 1, T.Uint8, 85 + (s % 3)),
        f(53, 1, T.Uint8, (s * 37) % 128),
        f(7, 2, T.Uint16, 250 + (s % 40)),
        f(39, 2, T.Uint16, 85 + (s % 7)),
        f(41, 2, T.Uint16, 2500 + (s % 11)),
        f(85, 2, T.Uint16, 1100 + (s % 13)),
        f(13, 1, T.Sint8, 15 + Math.round(5 * Math.sin(s / 7200))),
      ],
      2,
    );
  }
  const totals = [f(2, 4, T.Uint32, START), f(7, 4, T.Uint32, seconds * 1000), f(8, 4, T.Uint32, seconds * 1000), f(9, 4, T.Uint32, Math.round(distance * 100))];
  encoder.writeMessage(19, [f(253, 4, T.Uint32, START + seconds), ...totals], 3);
  encoder.writeMessage(18, [f(253, 4, T.Uint32, START + seconds), ...totals, f(5, 1, T.Enum, 1), f(6, 1, T.Enum, 0), f(16, 1, T.Uint8, 140)], 4);
  encoder.writeMessage(34, [f(253, 4, T.Uint32, START + seconds), f(1, 2, T.Uint16, 1)], 5);
  return encoder.close();
}
