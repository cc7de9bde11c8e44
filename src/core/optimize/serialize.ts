/**
 * Exact JSON checkpoints of a DE state (ALGORITHMS.md §6.3 item 4). JSON.stringify writes the
 * shortest round-trip decimal for finite doubles but turns ±Infinity/NaN into null and −0 into 0,
 * so float arrays are stored as little-endian float64 bytes in base64 (exact, compact) and scalar
 * doubles as a number or a tag ('NaN', 'Infinity', '-Infinity', '-0').
 */
import { DomainError } from '../errors';
import type { RngState } from './prng';
import type { DeState, ResolvedDeOptions } from './types';

export const DE_STATE_FORMAT = 'pacelab.de-state/1';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((ch, i) => [ch, i] as const));

function bad(message: string): never {
  throw new DomainError('invalid_de_state', `DE checkpoint: ${message}`);
}

/** Float64 array → base64 of its little-endian bytes (DataView pins the byte order). */
export function encodeDoubles(values: readonly number[]): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  const bytes = new Uint8Array(view.buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return out;
}

export function decodeDoubles(text: unknown, count: number, what: string): number[] {
  if (typeof text !== 'string' || text.length !== Math.ceil((count * 8) / 3) * 4) bad(`${what} must be base64 of ${count} float64 values`);
  const bytes = new Uint8Array(count * 8);
  let k = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let c = 0; c < 4; c++) {
      const ch = text[i + c];
      const v = ch === '=' ? 0 : B64_INDEX.get(ch);
      if (v === undefined) bad(`${what} contains a character that is not base64`);
      n = (n << 6) | v;
    }
    for (const shift of [16, 8, 0]) if (k < bytes.length) bytes[k++] = (n >> shift) & 255;
  }
  const view = new DataView(bytes.buffer);
  return Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
}

export function encodeDouble(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return v;
}

export function decodeDouble(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  const tags: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
  if (typeof v === 'string' && v in tags) return tags[v];
  return bad(`${what} must be a number`);
}

/** State → JSON text. Exact: parseDeState(serializeDeState(s)) is bit-identical to s. */
export function serializeDeState(state: DeState): string {
  const h = state.header;
  const o = h.options;
  return JSON.stringify({
    format: DE_STATE_FORMAT,
    header: {
      algorithmVersion: h.algorithmVersion, seed: h.seed, dimensions: h.dimensions, populationSize: h.populationSize,
      lower: encodeDoubles(h.lower), upper: encodeDoubles(h.upper), fingerprint: h.fingerprint,
      options: {
        strategy: o.strategy, popsize: o.popsize, mutation: o.mutation.map(encodeDouble), dither: o.dither,
        recombination: encodeDouble(o.recombination), tol: encodeDouble(o.tol), atol: encodeDouble(o.atol),
        maxiter: o.maxiter, init: o.init, x0: o.x0 ? encodeDoubles(o.x0) : null,
      },
    },
    population: encodeDoubles(state.population.flat()),
    energies: encodeDoubles(state.energies),
    index: state.index,
    rng: state.rng,
    generation: state.generation,
    evaluations: state.evaluations,
    converged: state.converged,
    done: state.done,
    message: state.message,
  });
}

function int(v: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(`${what} must be an integer in [${min}, ${max}]`);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) bad(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** JSON text → state, checking shape and sizes; throws DomainError `invalid_de_state`. */
export function parseDeState(text: string): DeState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DomainError('invalid_de_state', 'DE checkpoint: not valid JSON', { cause });
  }
  const r = obj(raw, 'the checkpoint');
  if (r.format !== DE_STATE_FORMAT) bad(`format must be '${DE_STATE_FORMAT}', got ${String(r.format)}`);
  const hr = obj(r.header, 'header');
  const or = obj(hr.options, 'header.options');
  const n = int(hr.dimensions, 'header.dimensions', 1);
  const size = int(hr.populationSize, 'header.populationSize', 5);
  if (!Array.isArray(or.mutation) || or.mutation.length !== 2) bad('header.options.mutation must be a pair');
  const options: ResolvedDeOptions = {
    strategy: or.strategy === 'best1bin' ? 'best1bin' : bad('header.options.strategy must be best1bin'),
    popsize: int(or.popsize, 'header.options.popsize', 1),
    mutation: [decodeDouble(or.mutation[0], 'mutation[0]'), decodeDouble(or.mutation[1], 'mutation[1]')],
    dither: typeof or.dither === 'boolean' ? or.dither : bad('header.options.dither must be a boolean'),
    recombination: decodeDouble(or.recombination, 'header.options.recombination'),
    tol: decodeDouble(or.tol, 'header.options.tol'),
    atol: decodeDouble(or.atol, 'header.options.atol'),
    maxiter: int(or.maxiter, 'header.options.maxiter', 0),
    init: or.init === 'latinhypercube' || or.init === 'random' ? or.init : bad('header.options.init is unknown'),
    x0: or.x0 === null ? null : decodeDoubles(or.x0, n, 'header.options.x0'),
  };
  if (hr.fingerprint !== null && typeof hr.fingerprint !== 'string') bad('header.fingerprint must be a string or null');
  const flat = decodeDoubles(r.population, size * n, 'population');
  if (!Array.isArray(r.index) || r.index.length !== size) bad(`index must hold ${size} entries`);
  const index = r.index.map((v, i) => int(v, `index[${i}]`, 0, size - 1));
  if (new Set(index).size !== size) bad('index must be a permutation');
  if (!Array.isArray(r.rng) || r.rng.length !== 4) bad('rng must hold 4 uint32 values');
  const rng = r.rng.map((v, i) => int(v, `rng[${i}]`, 0, 0xffffffff)) as RngState;
  if (typeof r.converged !== 'boolean' || typeof r.done !== 'boolean') bad('converged and done must be booleans');
  if (typeof r.message !== 'string') bad('message must be a string');
  return {
    header: {
      algorithmVersion: int(hr.algorithmVersion, 'header.algorithmVersion', 1),
      seed: int(hr.seed, 'header.seed', 0, 0xffffffff),
      dimensions: n,
      populationSize: size,
      lower: decodeDoubles(hr.lower, n, 'header.lower'),
      upper: decodeDoubles(hr.upper, n, 'header.upper'),
      options,
      fingerprint: (hr.fingerprint as string | null) ?? null,
    },
    population: Array.from({ length: size }, (_, i) => flat.slice(i * n, i * n + n)),
    energies: decodeDoubles(r.energies, size, 'energies'),
    index,
    rng,
    generation: int(r.generation, 'generation', 0),
    evaluations: int(r.evaluations, 'evaluations', 0),
    converged: r.converged,
    done: r.done,
    message: r.message,
  };
}
