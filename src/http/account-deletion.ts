/**
 * "Delete my account", the request part (API and settings page share it): the password is
 * checked through the credential throttle (a stolen token or an unattended browser alone cannot
 * delete an account, and guesses are slowed like any sign-in), then one directory batch
 * tombstones the runner — tokens and browser sessions gone, email and password replaced — and a
 * queue step removes everything else (src/jobs/purge-account.ts). If that message is lost, the
 * cron trigger sends it again.
 */
import type { AppDeps } from './context';
import { checkCredentials, waitSentence } from './credentials';
import { HttpProblem, tooMany } from './problem';

export const DELETION_STARTED = 'Your account is being deleted: you are signed out everywhere, your API tokens no longer work, and your files, sessions, plans and settings are removed in the background within minutes.';

export async function requestAccountDeletion(deps: AppDeps, runnerId: string, password: string, ip: string): Promise<void> {
  const runner = await deps.runners.findById(runnerId);
  if (!runner) throw new HttpProblem(404, 'not_found', 'This account no longer exists.');
  const result = await checkCredentials(deps, runner.email, password, ip);
  if (result.kind === 'throttled') throw tooMany('too_many_attempts', `Too many attempts; try again in ${waitSentence(result.retryAfterMs)}.`, result.retryAfterMs);
  if (result.kind === 'wrong' || result.runner.id !== runnerId) throw new HttpProblem(403, 'wrong_password', 'That is not your password; the account was not deleted.');
  await deps.accounts.tombstone(runnerId, deps.clock.now());
  try {
    await deps.startAccountPurge(runnerId);
  } catch (error) {
    console.warn('account deletion not enqueued; the cron trigger resumes it', error);
  }
}
