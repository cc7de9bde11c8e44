import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FieldMode, PROFILE_SUBSET, SMALL_ENUMS } from '../../../src/core/fit/fast/profile-subset.js';

// The fast decoder's profile subset must match fit-file-parser 6.1.2's profile (its source), entry
// for entry. dist/profile.js is not an exported subpath, so it is loaded by file path.
interface ProfileField {
  field: string;
  type: string;
  baseType: string;
  array: boolean;
  scale: number;
  offset: number;
  units: string;
}
type Profile = { PROFILE_MESSAGES: Record<number, Record<number, ProfileField>>; PROFILE_TYPES: Record<string, Record<number, string>> };

async function loadProfile(): Promise<Profile> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('fit-file-parser'); // dist/cjs/fit-parser.js
  return (await import(pathToFileURL(join(dirname(entry), '..', 'profile.js')).href)) as Profile;
}

describe('profile subset (fast decoder) vs fit-file-parser profile', async () => {
  const { PROFILE_MESSAGES, PROFILE_TYPES } = await loadProfile();
  const entries = Object.entries(PROFILE_SUBSET).flatMap(([global, fields]) => Object.entries(fields).map(([number, spec]) => [Number(global), Number(number), spec] as const));

  it('covers the messages the decoder maps', () => expect(entries.length).toBeGreaterThan(60));

  it.each(entries.map(([g, n, spec]) => [`${g}/${n} ${spec.name}`, g, n, spec] as const))('%s', (_, global, number, spec) => {
    const ref = PROFILE_MESSAGES[global]![number]!;
    expect(spec.name).toBe(ref.field);
    expect(spec.base).toBe(ref.baseType);
    expect(spec.mode === FieldMode.Array).toBe(ref.array);
    // local_date_time decodes like date_time (seconds since the FIT epoch, on the local clock)
    if (spec.mode === FieldMode.DateTime) expect(['date_time', 'local_date_time']).toContain(ref.type);
    if (spec.mode === FieldMode.Semicircles) expect(ref.units).toBe('semicircles');
    if (spec.mode === FieldMode.Enum) expect(PROFILE_TYPES[ref.type]).toBeDefined();
    if (spec.mode === FieldMode.Text) expect(ref.type).toBe('string');
    // byte arrays are left raw by the reference whatever their scale
    if (spec.mode === FieldMode.Scale || (spec.mode === FieldMode.Array && spec.base !== 'byte')) {
      expect([spec.scale, spec.offset]).toEqual([ref.scale, ref.offset]);
    }
    if (spec.mode === FieldMode.Enum) {
      const table = PROFILE_TYPES[ref.type]!;
      for (let raw = 0; raw < 0x10000; raw++) expect(spec.names!(raw) ?? undefined).toBe(table[raw]);
    }
  });

  it('the small enum tables equal the reference tables', () => {
    for (const [type, table] of Object.entries(SMALL_ENUMS)) expect(table).toEqual(PROFILE_TYPES[type]);
  });
});
