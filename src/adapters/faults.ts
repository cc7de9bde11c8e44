/**
 * The Faults port: a no-op for production, and the configured injector built only when the
 * FAULTS var is set (test configs and drill runs; the production wrangler.toml never sets it).
 * Hit counts live in the isolate, keyed by the plan, so a transient failure passes on the retry
 * that follows it; a restarted process starts counting again, which a drill's retries absorb.
 */
import { decideFault, injectedFailure, InjectedCrash, parseFaultPlan, type FaultPlan, type FaultPoint } from '../core/faults';
import type { Faults } from '../ports';

export const noFaults: Faults = { hit: async () => undefined };

interface Injector {
  plan: FaultPlan;
  hits: Map<string, number>;
  /** transient failures so far per key, over all points (FaultPlan.maxFailsPerKey) */
  fails: Map<string, number>;
}

// One injector per distinct plan text: wiring builds deps per invocation, counts must outlive that.
const injectors = new Map<string, Injector>();

function injectorFor(json: string): Injector {
  let injector = injectors.get(json);
  if (!injector) {
    injector = { plan: parseFaultPlan(json), hits: new Map(), fails: new Map() };
    injectors.set(json, injector);
  }
  return injector;
}

export function createFaults(json: string | undefined): Faults {
  if (json === undefined || json.trim() === '') return noFaults;
  const injector = injectorFor(json);
  return {
    async hit(point: FaultPoint, key: string, name?: string) {
      const counter = `${point}\u0000${key}`;
      const hit = (injector.hits.get(counter) ?? 0) + 1;
      injector.hits.set(counter, hit);
      const failedBefore = injector.fails.get(key) ?? 0;
      const decision = decideFault(injector.plan, point, key, hit, name, failedBefore);
      if (decision.kind === 'fail' && decision.reason === 'transient') injector.fails.set(key, failedBefore + 1);
      if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      if (decision.kind === 'crash') throw new InjectedCrash(point, key);
      if (decision.kind === 'fail') throw injectedFailure(point, key, decision.reason);
    },
  };
}

/** The FAULTS var of an Env that may or may not declare it (only test and drill configs do). */
export function faultsVar(env: object): string | undefined {
  const value = (env as { FAULTS?: unknown }).FAULTS;
  return typeof value === 'string' ? value : undefined;
}
