/**
 * A pool swim's lengths in R2 (core/swim/lengths-json.ts): written at import, read for the
 * lengths API, the session page and the analysis (they give the distance when the records carry
 * none). For a pool swim imported before lengths were stored, rebuilt once from its original file
 * and written. Other sessions have none and cost no read of the original.
 */
import { decodeActivity } from '../core/activity';
import { assignSessionLaps, assignSessionRecords } from '../core/fit';
import { lengthsKey } from '../core/keys';
import { decodeLengthsJson, encodeLengthsJson, isPoolSwim } from '../core/swim/lengths-json';
import { toSwimLengths, type SwimLength } from '../core/swim/swim-length';
import type { BlobStore, FitFileRow, SessionRow } from '../ports';
import { readOriginalBytes } from './original-file';

export async function loadSessionLengths(blobs: BlobStore, session: SessionRow & { fitFile: Pick<FitFileRow, 'r2Key' | 'archiveMember'> }): Promise<SwimLength[]> {
  if (!isPoolSwim(session)) return [];
  const bytes = await blobs.getBytes(lengthsKey(session.runnerId, session.id));
  const stored = bytes ? decodeLengthsJson(new TextDecoder().decode(bytes)) : undefined;
  if (stored) return stored;
  const fit = await readOriginalBytes(blobs, session.fitFile);
  if (!fit) return [];
  const { decoded } = await decodeActivity(fit);
  const owned = assignSessionRecords({ length: 0, timestamp: new Float64Array(0), channels: {} }, decoded.sessions);
  const fitSession = decoded.sessions[session.sessionIndex];
  const window = owned[session.sessionIndex]?.window;
  const mine = assignSessionLaps(decoded.lengths ?? [], owned.map((o) => o.window))[session.sessionIndex] ?? [];
  const lengths = toSwimLengths(mine, fitSession?.poolLengthM, window?.startMs);
  await blobs.put(lengthsKey(session.runnerId, session.id), encodeLengthsJson(lengths), { contentType: 'application/json' });
  return lengths;
}
