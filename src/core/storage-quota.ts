/**
 * The storage quota's refusal (413 quota_exceeded): how much is used and what actually frees
 * space — deleting sessions frees their files (and, with the last session of an upload, the
 * upload itself), aborting open resumable uploads frees what they reserved.
 */
import { DomainError } from './errors';

export function formatBytes(bytes: number): string {
  if (bytes >= 1000 * 1024 ** 2) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

export function quotaExceeded(input: { quotaBytes: number; usedBytes: number; neededBytes: number }): DomainError {
  const left = Math.max(0, input.quotaBytes - input.usedBytes);
  return new DomainError('quota_exceeded',
    `Your storage is full: ${formatBytes(input.usedBytes)} of ${formatBytes(input.quotaBytes)} used, ${formatBytes(left)} left, and this needs ${formatBytes(input.neededBytes)}. `
    + 'Delete sessions you no longer need (each frees its records, and the last session of an upload frees the uploaded file), '
    + 'or abort open resumable uploads (DELETE /api/v1/uploads/multipart/{id}); GET /api/v1/storage shows what you use.',
    { details: { quotaBytes: input.quotaBytes, usedBytes: input.usedBytes, neededBytes: input.neededBytes } });
}
