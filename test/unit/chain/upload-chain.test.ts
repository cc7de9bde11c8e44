import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../src/core/chain/job-counts';
import { isStepStale, transitionStep, type JobStep } from '../../../src/core/chain/steps';
import { nextChainMove, recomputeStart, type ChainSnapshot } from '../../../src/core/chain/upload-chain';

const snap = (over: Partial<Omit<ChainSnapshot, 'newSessionIds'>> & { newSessionIds?: string[] }): ChainSnapshot => ({ stage: 'import', counts: { ...emptyCounts(), found: 2, imported: 2 }, steps: [], ...over, newSessionIds: () => over.newSessionIds ?? [] });

describe('upload chain', () => {
  it('waits for every file, then analyses each new session once', () => {
    expect(nextChainMove(snap({ counts: { ...emptyCounts(), found: 2, imported: 1, processing: 1 }, newSessionIds: ['a'] }))).toBeNull();
    const move = nextChainMove(snap({ newSessionIds: ['a', 'b'] }))!;
    expect(move.stage).toBe('analyse');
    expect(move.spawn.map((s) => [s.stepId, s.kind, s.exclusive])).toEqual([['analyse:a', 'analyse-session', false], ['analyse:b', 'analyse-session', false]]);
  });

  it('ends at once when the batch brought no new session (duplicates, rejections)', () => {
    expect(nextChainMove(snap({ newSessionIds: [] }))).toEqual({ stage: 'done', spawn: [] });
  });

  it('refreshes bests once all analyses are terminal (failed ones included), then history, then done', () => {
    const analysing = snap({ stage: 'analyse', steps: [{ kind: 'analyse-session', status: 'succeeded' }, { kind: 'analyse-session', status: 'processing' }] });
    expect(nextChainMove(analysing)).toBeNull();
    const analysed = snap({ stage: 'analyse', steps: [{ kind: 'analyse-session', status: 'succeeded' }, { kind: 'analyse-session', status: 'failed' }] });
    expect(nextChainMove(analysed)).toEqual({ stage: 'bests', spawn: [{ stepId: 'bests', kind: 'refresh-bests', exclusive: true }] });
    const bestsDone = snap({ stage: 'bests', steps: [{ kind: 'refresh-bests', status: 'succeeded' }] });
    expect(nextChainMove(bestsDone)).toEqual({ stage: 'history', spawn: [{ stepId: 'history', kind: 'update-history', exclusive: true }] });
    expect(nextChainMove(snap({ stage: 'history', steps: [{ kind: 'update-history', status: 'failed' }] }))).toEqual({ stage: 'done', spawn: [] });
    expect(nextChainMove(snap({ stage: 'done' }))).toBeNull();
  });

  it('starts a recompute at the bests stage', () => {
    expect(recomputeStart().stage).toBe('bests');
  });
});

describe('step transitions', () => {
  const step = (over: Partial<JobStep> = {}): JobStep => ({ stepId: 's', kind: 'refresh-bests', status: 'queued', exclusive: true, attempts: 0, updatedAt: 0, ...over });
  it('holds a waiting exclusive step until released', () => {
    expect(transitionStep(step({ status: 'waiting' }), { type: 'started', at: 1, leaseUntil: 2 })).toBeNull();
    expect(transitionStep(step({ status: 'waiting' }), { type: 'released', at: 1 })).toMatchObject({ status: 'queued' });
  });
  it('keeps terminal outcomes final and counts attempts', () => {
    const started = transitionStep(step(), { type: 'started', at: 1, leaseUntil: 5 })!;
    expect(started).toMatchObject({ status: 'processing', attempts: 1, leaseUntil: 5 });
    const done = transitionStep(started, { type: 'outcome', at: 2, outcome: { status: 'failed', code: 'x', message: 'y' } })!;
    expect(done).toMatchObject({ status: 'failed', code: 'x' });
    expect(transitionStep(done, { type: 'outcome', at: 3, outcome: { status: 'succeeded' } })).toBeNull();
    expect(transitionStep(done, { type: 'requeued', at: 3 })).toBeNull();
  });
  it('finds stale steps by lease', () => {
    expect(isStepStale(step({ status: 'processing', leaseUntil: 10 }), 10, 100)).toBe(true);
    expect(isStepStale(step({ status: 'waiting', updatedAt: 0 }), 1e9, 1)).toBe(false);
  });
});
