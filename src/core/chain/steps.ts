/**
 * Steps: the background work of a job that is not a file import (analysing a session,
 * refreshing bests and critical speed, updating history, a chunk of a plan optimisation).
 * Same rules as files: terminal states are final, repeated reports change nothing.
 * Exclusive steps touch runner-wide state (bests, history); the coordinator runs at most one
 * at a time per runner so two batches cannot interleave their read-modify-writes.
 */
export type StepStatus = 'waiting' | 'queued' | 'processing' | 'succeeded' | 'failed';

export interface StepOutcome {
  status: 'succeeded' | 'failed';
  code?: string;
  message?: string;
  /** small JSON result (e.g. whether bests changed) */
  result?: Record<string, unknown>;
  /** plan chunks: the next step to run, registered before this one is closed */
  next?: { stepId: string; kind: string; task: unknown };
  /** progress shown on the banner (e.g. generation, best objective) */
  progress?: Record<string, number | string>;
}

export interface JobStep {
  stepId: string;
  kind: string;
  status: StepStatus;
  exclusive: boolean;
  code?: string;
  message?: string;
  result?: Record<string, unknown>;
  attempts: number;
  leaseUntil?: number;
  updatedAt: number;
}

export type StepEvent =
  | { type: 'released'; at: number }
  | { type: 'started'; at: number; leaseUntil: number }
  | { type: 'requeued'; at: number }
  | { type: 'outcome'; at: number; outcome: StepOutcome };

export function isStepTerminal(status: StepStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

export function transitionStep(step: JobStep, event: StepEvent): JobStep | null {
  if (isStepTerminal(step.status)) return null;
  switch (event.type) {
    case 'released':
      return step.status === 'waiting' ? { ...step, status: 'queued', updatedAt: event.at } : null;
    case 'started':
      if (step.status === 'waiting') return null; // not released yet: a stray delivery
      return { ...step, status: 'processing', attempts: step.attempts + 1, leaseUntil: event.at === 0 ? undefined : event.leaseUntil, updatedAt: event.at };
    case 'requeued':
      return step.status === 'waiting' ? null : { ...step, status: 'queued', leaseUntil: undefined, updatedAt: event.at };
    case 'outcome':
      return {
        ...step, status: event.outcome.status, code: event.outcome.code, message: event.outcome.message,
        result: event.outcome.result, leaseUntil: undefined, updatedAt: event.at,
      };
  }
}

export function isStepStale(step: JobStep, now: number, leaseMs: number): boolean {
  if (step.status === 'processing') return (step.leaseUntil ?? step.updatedAt + leaseMs) <= now;
  if (step.status === 'queued') return step.updatedAt + leaseMs <= now;
  return false;
}
