import type { Clock, IdSource } from '../ports';

export const systemClock: Clock = { now: () => Date.now() };

/** Ids: a readable prefix and 16 random bytes in lowercase base32 (sortable-agnostic, unguessable). */
export const randomIds: IdSource = {
  newId(prefix) {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        out += alphabet[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
    }
    if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
    return `${prefix}_${out}`;
  },
};
