/**
 * What every part of the coordinator works on: the runner's ledger, the worker's bindings and
 * the Durable Object's state (sockets, alarm). The class in ../coordinator.ts builds it once.
 */
import type { Ledger } from '../coordinator-ledger';

export interface CoordinatorScope {
  readonly ledger: Ledger;
  readonly env: Env;
  readonly ctx: DurableObjectState;
}
