/**
 * The chain an upload runs through: import every file → analyse each new session (one step
 * per session) → refresh personal bests and critical speed (once per batch) → update the
 * runner's history (once per batch) → done. A deletion runs the last two stages only.
 * Pure: given what the job looks like now, say which stage it is in and what to start.
 */
import type { JobCounts } from './job-counts';
import { allFilesTerminal } from './job-counts';
import { isStepTerminal, type StepStatus } from './steps';

export const UPLOAD_STAGES = ['import', 'analyse', 'bests', 'history', 'done'] as const;
export type UploadStage = (typeof UPLOAD_STAGES)[number];

export type ChainStepKind = 'analyse-session' | 'refresh-bests' | 'update-history';

export interface StepSpec {
  stepId: string;
  kind: ChainStepKind;
  exclusive: boolean;
  sessionId?: string;
}

export interface ChainSnapshot {
  stage: string;
  counts: JobCounts;
  /** sessions created by this job's imports (not duplicates); read only once the imports are done */
  newSessionIds: () => string[];
  /** the job's steps, or one representative per (kind, status) group: only presence matters */
  steps: Array<{ kind: string; status: StepStatus }>;
}

export interface ChainMove {
  stage: UploadStage;
  spawn: StepSpec[];
}

function stageSteps(snapshot: ChainSnapshot, kind: ChainStepKind) {
  return snapshot.steps.filter((s) => s.kind === kind);
}

function allDone(snapshot: ChainSnapshot, kind: ChainStepKind): boolean {
  const steps = stageSteps(snapshot, kind);
  return steps.length > 0 && steps.every((s) => isStepTerminal(s.status));
}

/** The next move, or null when the job stays where it is. Apply repeatedly until null. */
export function nextChainMove(snapshot: ChainSnapshot): ChainMove | null {
  switch (snapshot.stage) {
    case 'import':
      if (!allFilesTerminal(snapshot.counts)) return null;
      const sessionIds = snapshot.newSessionIds();
      if (sessionIds.length === 0) return { stage: 'done', spawn: [] };
      return {
        stage: 'analyse',
        spawn: sessionIds.map((sessionId) => ({ stepId: `analyse:${sessionId}`, kind: 'analyse-session', exclusive: false, sessionId })),
      };
    case 'analyse':
      return allDone(snapshot, 'analyse-session') ? { stage: 'bests', spawn: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true }] } : null;
    case 'bests':
      return allDone(snapshot, 'refresh-bests') ? { stage: 'history', spawn: [{ stepId: 'history', kind: 'update-history', exclusive: true }] } : null;
    case 'history':
      return allDone(snapshot, 'update-history') ? { stage: 'done', spawn: [] } : null;
    default:
      return null;
  }
}

/** Where a recompute job (after a deletion, or a profile change) starts. */
export function recomputeStart(): ChainMove {
  return { stage: 'bests', spawn: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true }] };
}
