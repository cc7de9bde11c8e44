/** Drill inputs from ../shared/fit-corpus (read in place): good files, bad ones, small ZIP exports. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

export function loadCorpus(dir) {
  const all = readdirSync(dir).filter((n) => n.endsWith('.fit')).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
  const small = all.filter((f) => f.bytes.length <= 800_000);
  return {
    dir,
    all,
    good: small.filter((f) => !/^(corrupt-|bad-real-)/.test(f.name)),
    bad: all.filter((f) => /^(corrupt-|bad-real-)/.test(f.name)),
    byName: (name) => all.find((f) => f.name === name),
  };
}

export function zipOf(files, folder = 'export') {
  const entries = Object.fromEntries(files.map((f) => [`${folder}/${f.name}`, new Uint8Array(f.bytes)]));
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/**
 * The same recording with other bytes (a record value changed, CRC recomputed): imported as a
 * duplicate_activity after a full decode, so it costs what a real import costs up to the commit.
 */
export function variantOf(bytes, k) {
  const copy = Buffer.from(bytes);
  copy[34_577] ^= (k % 255) + 1; // k in 0–253; inside a record message of run-garmin-fr645m-hr-gps.fit
  let crc = 0;
  const table = [0x0000, 0xcc01, 0xd801, 0x1400, 0xf001, 0x3c00, 0x2800, 0xe401, 0xa001, 0x6c00, 0x7800, 0xb401, 0x5000, 0x9c01, 0x8801, 0x4400];
  for (let i = 0; i < copy.length - 2; i++) {
    let tmp = table[crc & 0xf]; crc = (crc >> 4) & 0x0fff; crc = crc ^ tmp ^ table[copy[i] & 0xf];
    tmp = table[crc & 0xf]; crc = (crc >> 4) & 0x0fff; crc = crc ^ tmp ^ table[(copy[i] >> 4) & 0xf];
  }
  copy[copy.length - 2] = crc & 0xff;
  copy[copy.length - 1] = crc >> 8;
  return copy;
}
