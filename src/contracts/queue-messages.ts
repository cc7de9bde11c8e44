/**
 * Every queue message is one member of this discriminated union, validated at the consumer's
 * boundary. Messages carry ids and R2 keys, never file bytes (a message is ≤ 128 KB).
 */
import { z } from 'zod';

const id = z.string().min(1).max(128);

export const importFileMessage = z.object({
  type: z.literal('import-file'),
  runnerId: id,
  jobId: id,
  /** the job-file id: also the fit_files id when it imports */
  fileId: id,
  uploadId: id,
  /** R2 key of the raw bytes */
  key: z.string().min(1).max(1024),
  /** display name (user-given; never used in a key) */
  name: z.string().max(2048),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const taskMessage = z.discriminatedUnion('type', [importFileMessage]);

export type ImportFileMessage = z.infer<typeof importFileMessage>;
export type TaskMessage = z.infer<typeof taskMessage>;

export function parseTaskMessage(body: unknown): TaskMessage {
  return taskMessage.parse(body);
}
