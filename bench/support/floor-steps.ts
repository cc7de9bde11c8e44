/**
 * The floor's per-file conversion, shared by the Node floor (bench/archive-import.bench.ts) and
 * the floor Worker (floor-worker.ts, the same code in workerd): convertFit as the Worker runs it
 * for a member, for a runner with no HR profile or critical speed yet (the bench's runner).
 */
import { convertFit } from '../../src/jobs/import-fit-steps';
import type { ImportFitDeps } from '../../src/jobs/import-fit';

const deps = { clock: { now: () => Date.now() }, limits: { maxFitBytes: 16 * 1_048_576 } } as unknown as ImportFitDeps;
const context = async () => ({ profile: {}, timeZone: 'UTC' });

/** convertFit of file `k` (already read and checked); throws unless it converts. Answers its session count. */
export async function convertForFloor(bytes: Uint8Array, k: number): Promise<number> {
  const id = `floor-${k}`;
  const task = { type: 'import-file' as const, runnerId: 'floor', jobId: 'floor', fileId: id, uploadId: 'floor', key: `runners/floor/files/${id}`, name: `${id}.fit`, size: bytes.length };
  const converted = await convertFit({ task, bytes, key: task.key, extracted: false, sha256: '0'.repeat(64) }, deps, context);
  if ('outcome' in converted) throw new Error(`floor: file ${k} did not convert: ${JSON.stringify(converted.outcome)}`);
  return converted.sessions.length;
}
