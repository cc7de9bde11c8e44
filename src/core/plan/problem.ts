/**
 * The plan as a DE problem (ALGORITHMS.md §5.2, §6.5): x = (z₀ … z_{W−3}, ρ, σ) in
 * [0,1]^(W−2) × [ρ_lo, ρ_hi] × [σ_lo, σ_hi]; minimise −p(R). The fingerprint hashes every input the
 * objective depends on so a checkpoint can never resume against a different plan request.
 */
import type { DeProblem } from '../optimize/types';
import { buildPlanContext, type PlanContext } from './context';
import { decodePlan } from './decoder';
import type { PlanInput } from './types';

export interface PlanProblem extends DeProblem {
  readonly context: PlanContext;
}

/** FNV-1a 32-bit over a canonical JSON string: cheap, stable, not cryptographic (it need not be). */
export function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function buildPlanProblem(input: PlanInput): PlanProblem {
  const context = buildPlanContext(input);
  const weeks = context.request.weeks;
  const r = context.schema.rules;
  const bounds: Array<readonly [number, number]> = Array.from({ length: weeks - 2 }, () => [0, 1] as const);
  bounds.push(r.taperDepth, r.taperSplit);
  const { seed: _seed, ...request } = input.request;
  const fingerprint = `plan/1/${hashText(JSON.stringify([request, input.athlete, context.schema, context.model]))}`;
  return {
    dimensions: weeks,
    bounds,
    objective: (x) => -decodePlan(context, x).performance,
    fingerprint,
    context,
  };
}
