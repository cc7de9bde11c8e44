/**
 * The total-output budget of one upload (reliability.md §2: ≤ min(30 × compressed, 60 GiB)), the
 * backstop against bombs that slip past the per-entry caps, e.g. many modest entries. It is plain
 * data: the caller persists `used` as a number between tasks and rebuilds the budget from it.
 */
import type { ArchiveCaps } from './caps.js';
import { DEFAULT_ARCHIVE_CAPS } from './caps.js';
import { createArchiveError } from './codes.js';

export interface OutputBudget {
  readonly limit: number;
  used: number;
}

export function createOutputBudget(uploadBytes: number, used = 0, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS): OutputBudget {
  const limit = Math.min(uploadBytes * caps.outputBudgetFactor, caps.maxOutputBudgetBytes);
  return { limit, used };
}

/** Records `bytes` of output; throws `output_budget_exceeded` once the limit is passed. */
export function chargeOutputBudget(budget: OutputBudget, bytes: number): void {
  budget.used += bytes;
  if (budget.used > budget.limit) {
    throw createArchiveError('output_budget_exceeded', { used: budget.used, limit: budget.limit });
  }
}
