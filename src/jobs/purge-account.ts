/**
 * Delete my account, the background part (the request already tombstoned the runner: no
 * sign-in, token or browser session works). Each message does a bounded piece and sends itself
 * again until nothing is left, so an account of any size is removed without a step running
 * long, and a step cut short anywhere is simply done again (every piece is idempotent):
 *   1. the runner's coordinator: sockets closed, alarm cancelled, its storage wiped;
 *   2. open resumable uploads aborted in R2;
 *   3. every object under runners/<id>/ (listed, a page at a time: whatever any job wrote);
 *   4. every row of the runner in its data shard (table by table, children first);
 *   5. a last listing (a consumer that was mid-write when the coordinator closed), then the
 *      runner's directory row.
 */
import type { PurgeAccountMessage } from '../contracts/queue-messages';
import { runnerPrefix } from '../core/keys';
import type { AccountStore, BlobStore, Clock, MultipartStore, TaskQueue } from '../ports';

export interface PurgeAccountDeps {
  accounts: AccountStore;
  blobs: BlobStore;
  multipart: MultipartStore;
  queue: TaskQueue;
  clock: Clock;
  /** closes the runner's coordinator (sockets, alarm, storage) */
  closeCoordinator(): Promise<void>;
  /** per message: object pages (≤ 1000 each) and data rows */
  budget: { pages: number; rows: number };
}

export type PurgeProgress = 'more' | 'done';

export async function purgeAccount(task: PurgeAccountMessage, deps: PurgeAccountDeps): Promise<PurgeProgress> {
  const { runnerId } = task;
  await deps.accounts.touch(runnerId, deps.clock.now());
  await deps.closeCoordinator();
  for (const upload of await deps.accounts.openMultipartUploads(runnerId)) await deps.multipart.abort(upload.r2Key, upload.r2UploadId);
  if (!(await deleteObjectPages(deps.blobs, runnerPrefix(runnerId), deps.budget.pages))) return again(task, deps);
  const rows = await deps.accounts.deleteDataRows(runnerId, deps.budget.rows);
  if (!rows.done) return again(task, deps);
  if (!(await deleteObjectPages(deps.blobs, runnerPrefix(runnerId), 1))) return again(task, deps);
  await deps.accounts.removeRunner(runnerId);
  return 'done';
}

/** true when nothing is left under the prefix */
async function deleteObjectPages(blobs: BlobStore, prefix: string, pages: number): Promise<boolean> {
  for (let n = 0; n < pages; n++) {
    const page = await blobs.list(prefix);
    if (page.objects.length === 0) return true;
    await blobs.delete(page.objects.map((o) => o.key));
  }
  return (await blobs.list(prefix)).objects.length === 0;
}

async function again(task: PurgeAccountMessage, deps: PurgeAccountDeps): Promise<PurgeProgress> {
  await deps.queue.send([task]);
  return 'more';
}
