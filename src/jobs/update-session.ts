/**
 * Change what a runner may change on a session (PATCH /sessions/{id}, the session page's
 * forms). When the change moves the session in or out of records, bests and critical speed are
 * recomputed through the chain (bests → history), exactly as after a deletion; a change that
 * does not (a ride left out of records, the same value again) starts nothing.
 */
import { recordsEligibility } from '../core/bests';
import type { Coordinator, IdSource, JobView, SessionPatch, SessionRepo, SessionRow } from '../ports';
import { startRecompute } from './start-recompute';

export interface UpdateSessionDeps {
  sessions: SessionRepo;
  ids: IdSource;
  coordinator: Coordinator;
}

export interface UpdatedSession {
  session: SessionRow;
  /** the recompute job, when the change affects records */
  job: JobView | null;
}

export async function updateSession(runnerId: string, sessionId: string, patch: SessionPatch, deps: UpdateSessionDeps): Promise<UpdatedSession | null> {
  const before = await deps.sessions.get(runnerId, sessionId);
  if (!before) return null;
  const session = await deps.sessions.update(runnerId, sessionId, patch);
  if (!session) return null;
  const recompute = recordsEligibility(before).counts !== recordsEligibility(session).counts;
  return { session, job: recompute ? await startRecompute(runnerId, deps) : null };
}
