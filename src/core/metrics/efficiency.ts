/**
 * Efficiency factor and aerobic decoupling (ALGORITHMS.md §1.10; TrainingPeaks help "Aerobic
 * Decoupling and Efficiency Factor"; Runalyze glossary "Aerobic Decoupling").
 * EF = v_GAP·60 [m/min] / HR̄, or NP / HR̄ with power. Decoupling: the moving part after the
 * first 10 min (≥ 20 min long) is split at half of its moving time; Pa:HR = (EF₁ − EF₂)/EF₁ × 100.
 * Each interval's moving time, equivalent distance and HR are prorated across the cut points.
 */
import type { SessionStreams } from './streams';
import { isPlausibleHr } from './heart-rate';

const WARMUP_S = 600;
const MIN_STEADY_S = 1200;

export interface DecouplingInput {
  s: SessionStreams;
  d: Float64Array;
  moving: Uint8Array;
  hr: Float64Array;
  /** GAP cost ratio per interval; 1 when unknown */
  ratio?: Float64Array;
  power?: Float64Array;
}

interface Half {
  mov: number;
  eqM: number;
  hrSum: number;
  hrW: number;
  powSum: number;
  powW: number;
}

function half(): Half {
  return { mov: 0, eqM: 0, hrSum: 0, hrW: 0, powSum: 0, powW: 0 };
}

export function computeDecoupling(inp: DecouplingInput): { paceHrPct?: number; powerHrPct?: number } {
  const { s, d, moving, hr, ratio, power } = inp;
  let totalMoving = 0;
  for (let i = 0; i + 1 < s.n; i++) if (moving[i]) totalMoving += s.e[i];
  if (totalMoving - WARMUP_S < MIN_STEADY_S) return {};
  const cuts = [WARMUP_S, WARMUP_S + (totalMoving - WARMUP_S) / 2, totalMoving];
  const halves = [half(), half()];
  let cum = 0;
  for (let i = 0; i + 1 < s.n; i++) {
    if (!moving[i]) continue;
    const a = cum;
    const b = cum + s.e[i];
    cum = b;
    for (let h = 0; h < 2; h++) {
      const overlap = Math.min(b, cuts[h + 1]) - Math.max(a, cuts[h]);
      if (overlap <= 0) continue;
      const f = overlap / s.e[i];
      const acc = halves[h];
      acc.mov += overlap;
      acc.eqM += (d[i + 1] - d[i]) * f * (ratio ? ratio[i] : 1);
      if (s.gap[i]) continue;
      if (isPlausibleHr(hr[i])) {
        acc.hrSum += hr[i] * overlap;
        acc.hrW += overlap;
      }
      if (power && power[i] >= 0) {
        acc.powSum += power[i] * overlap;
        acc.powW += overlap;
      }
    }
  }
  const [h1, h2] = halves;
  if (!(h1.hrW > 0 && h2.hrW > 0)) return {};
  const hr1 = h1.hrSum / h1.hrW;
  const hr2 = h2.hrSum / h2.hrW;
  const ef1 = (h1.eqM / h1.mov) / hr1;
  const ef2 = (h2.eqM / h2.mov) / hr2;
  const out: { paceHrPct?: number; powerHrPct?: number } = {};
  if (ef1 > 0) out.paceHrPct = ((ef1 - ef2) / ef1) * 100;
  if (power && h1.powW > 0 && h2.powW > 0) {
    const p1 = h1.powSum / h1.powW / hr1;
    const p2 = h2.powSum / h2.powW / hr2;
    if (p1 > 0) out.powerHrPct = ((p1 - p2) / p1) * 100;
  }
  return out;
}
