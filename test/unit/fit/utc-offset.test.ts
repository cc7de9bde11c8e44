import { describe, expect, it } from 'vitest';
import { decodeFit } from '../../../src/core/fit/decode-fit.js';
import { mapUtcOffset } from '../../../src/core/fit/map-messages.js';
import { FIT_EPOCH_MS } from '../../../src/core/fit/values.js';
import { hasCorpus, readCorpusFile } from '../support/corpus.js';

const at = Date.UTC(2025, 1, 28, 10, 54, 54);

describe('activity UTC offset (activity.local_timestamp − timestamp)', () => {
  it('rounds to a quarter hour and keeps real offsets only', () => {
    expect(mapUtcOffset({ timestamp: new Date(at), local_timestamp: new Date(at + 3_600_000) })).toBe(60);
    // Nepal, +05:45, with a second of skew between the two clocks
    expect(mapUtcOffset({ timestamp: new Date(at), local_timestamp: new Date(at + 345 * 60_000 + 1000) })).toBe(345);
    expect(mapUtcOffset({ timestamp: new Date(at), local_timestamp: new Date(at - 7 * 3_600_000) })).toBe(-420);
    expect(mapUtcOffset({ timestamp: new Date(at), local_timestamp: new Date(at) })).toBe(0);
    // Zwift writes the FIT epoch as local time; a device-relative timestamp has no offset
    expect(mapUtcOffset({ timestamp: new Date(at), local_timestamp: new Date(FIT_EPOCH_MS) })).toBeUndefined();
    expect(mapUtcOffset({ timestamp: new Date(FIT_EPOCH_MS + 1000), local_timestamp: new Date(FIT_EPOCH_MS + 3_601_000) })).toBeUndefined();
    expect(mapUtcOffset({ timestamp: new Date(at) })).toBeUndefined();
    expect(mapUtcOffset(undefined)).toBeUndefined();
  });

  it.skipIf(!hasCorpus())('reads the corpus files as their watches did', async () => {
    const offsets: Record<string, number | undefined> = {};
    for (const name of ['run-garmin-fr645m-hr-gps.fit', 'run-garmin-fenix5-tiny.fit', 'run-garmin-fr965-hr-power-dynamics.fit', 'ride-wahoo-elemnt-devfields.fit', 'ride-zwift-virtual.fit', 'run-garmin-fr70-compressed-timestamps.fit', 'run-stryd-power-developer-fields.fit']) {
      offsets[name] = (await decodeFit(readCorpusFile(name))).utcOffsetMin;
    }
    expect(offsets).toEqual({
      'run-garmin-fr645m-hr-gps.fit': 120, 'run-garmin-fenix5-tiny.fit': -420, 'run-garmin-fr965-hr-power-dynamics.fit': 60, 'ride-wahoo-elemnt-devfields.fit': 480,
      'ride-zwift-virtual.fit': undefined, 'run-garmin-fr70-compressed-timestamps.fit': undefined, 'run-stryd-power-developer-fields.fit': undefined,
    });
  });
});
