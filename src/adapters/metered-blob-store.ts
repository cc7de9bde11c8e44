/**
 * Every write to a runner's storage is charged to their quota BEFORE it is stored, and every
 * delete releases exactly what it charged: a BlobStore wrapped over the R2 one and the storage
 * ledger. Wrapping the store (not each caller) makes it hold for every object any job writes —
 * uploads, nested archives, extracted files, Parquet, per-session JSON, plan checkpoints, and
 * whatever per-session objects are added later — with no call site to forget. Exports are not
 * charged (a copy kept for a while, so a full account can still take its data away).
 *
 * Several objects stored together (putMany: a bulk import's wave) are reserved in one ledger call
 * per runner, all or none, before the first of them is stored: one D1 round trip instead of one
 * per object, with the same guarantee.
 *
 * A streamed write (an upload of unknown size) reserves as it goes: before each part reaches R2,
 * the object's size so far, as a reservation that lapses in an hour; once stored, its exact size.
 */
import { quotaExceeded } from '../core/storage-quota';
import { chargeOfKey } from '../core/keys';
import type { Clock, StorageCharge, StorageLedger, StreamingBlobStore } from '../ports';

const STREAM_RESERVATION_MS = 3_600_000;

export interface MeterConfig {
  ledger: StorageLedger;
  quotaBytes: number;
  clock: Clock;
}

export function createMeteredBlobStore(inner: StreamingBlobStore, meter: MeterConfig): StreamingBlobStore {
  const reserveAll = async (runnerId: string, charges: StorageCharge[], expiresAt?: number) => {
    const now = meter.clock.now();
    const result = await meter.ledger.reserve(runnerId, charges, { quotaBytes: meter.quotaBytes, now, expiresAt });
    if (!result.ok) throw quotaExceeded({ quotaBytes: meter.quotaBytes, usedBytes: result.usedBytes, neededBytes: charges.reduce((sum, c) => sum + c.bytes, 0) });
  };
  const reserve = (runnerId: string, key: string, bytes: number, expiresAt?: number) => reserveAll(runnerId, [{ key, bytes }], expiresAt);
  return {
    ...inner,
    async put(key, bytes, options) {
      const charge = chargeOfKey(key);
      if (charge?.charged) await reserve(charge.runnerId, key, bytes.length);
      await inner.put(key, bytes, options);
    },
    async putMany(objects) {
      // by runner, each key once (the last size wins, as a second put of the key would)
      const byRunner = new Map<string, Map<string, number>>();
      for (const { key, bytes } of objects) {
        const charge = chargeOfKey(key);
        if (!charge?.charged) continue;
        const keys = byRunner.get(charge.runnerId) ?? new Map<string, number>();
        byRunner.set(charge.runnerId, keys.set(key, bytes.length));
      }
      for (const [runnerId, keys] of byRunner) await reserveAll(runnerId, [...keys].map(([key, bytes]) => ({ key, bytes })));
      return inner.putMany(objects);
    },
    async putStream(key, chunks, options) {
      const charge = chargeOfKey(key);
      if (!charge?.charged) return inner.putStream(key, chunks, options);
      const beforeWrite = async (storedBytes: number) => {
        await options.beforeWrite?.(storedBytes);
        await reserve(charge.runnerId, key, storedBytes, meter.clock.now() + STREAM_RESERVATION_MS);
      };
      try {
        const stored = await inner.putStream(key, chunks, { ...options, beforeWrite });
        // settleLater: the caller settles with its record of the object (PutStreamOptions)
        if (!options.settleLater) await meter.ledger.settle(charge.runnerId, { key, bytes: stored.size }, meter.clock.now());
        return stored;
      } catch (error) {
        // Nothing new was stored; an object already at this key (a redelivered write) keeps its charge.
        const size = await inner.size(key).catch(() => null);
        if (size === null) await meter.ledger.release(charge.runnerId, [key]).catch(() => undefined);
        else await meter.ledger.settle(charge.runnerId, { key, bytes: size }, meter.clock.now()).catch(() => undefined);
        throw error;
      }
    },
    async delete(keys) {
      await inner.delete(keys);
      const byRunner = new Map<string, string[]>();
      for (const key of keys) {
        const charge = chargeOfKey(key);
        if (charge?.charged) byRunner.set(charge.runnerId, [...(byRunner.get(charge.runnerId) ?? []), key]);
      }
      for (const [runnerId, owned] of byRunner) await meter.ledger.release(runnerId, owned);
    },
  };
}
