/** Reading a DE checkpoint of a plan optimisation (first run or re-plan) back from R2. */
import { parseDeState, type DeState } from '../core/optimize';
import type { BlobStore } from '../ports';

const text = new TextDecoder();

export async function readCheckpoint(blobs: BlobStore, key: string): Promise<DeState | null> {
  const raw = await blobs.getBytes(key);
  return raw ? parseDeState(text.decode(raw)) : null;
}
