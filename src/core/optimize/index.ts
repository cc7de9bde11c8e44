/** Public surface of the resumable DE engine (ALGORITHMS.md §6). */
export { initDe, stepDe, isDeDone, bestOf, DE_ALGORITHM_VERSION, DE_MESSAGE_CONVERGED, DE_MESSAGE_MAXITER } from './de';
export { serializeDeState, parseDeState, encodeDoubles, decodeDoubles, DE_STATE_FORMAT } from './serialize';
export { seedRng, createRng } from './prng';
export type { Rng, RngState } from './prng';
export { sphere, rosenbrock, rastrigin, ackley, buildTestProblem } from './test-functions';
export type { TestFunctionName } from './test-functions';
export type { DeProblem, DeOptions, ResolvedDeOptions, DeHeader, DeState, DeBudget, DeBest } from './types';
