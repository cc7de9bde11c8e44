/**
 * The step protocol every non-import task follows: claim the step with the coordinator (a
 * redelivered or stale message is dropped), do the work, report one outcome. Bad input or an
 * impossible computation is a `failed` outcome with a code; transient errors throw so the
 * queue retries, and the dead-letter consumer reports `failed` after the last retry.
 */
import type { StepOutcome } from '../core/chain/steps';
import { isDomainError } from '../core/errors';
import type { Coordinator } from '../ports';

export async function runStep(
  coordinator: Coordinator,
  ids: { jobId: string; stepId: string },
  work: () => Promise<StepOutcome>,
): Promise<StepOutcome | null> {
  const { proceed } = await coordinator.markStepStarted(ids.jobId, ids.stepId);
  if (!proceed) return null;
  let outcome: StepOutcome;
  try {
    outcome = await work();
  } catch (error) {
    if (!isDomainError(error) || error.retryable) throw error;
    outcome = { status: 'failed', code: error.code, message: error.message };
  }
  await coordinator.reportStepOutcome(ids.jobId, ids.stepId, outcome);
  return outcome;
}
