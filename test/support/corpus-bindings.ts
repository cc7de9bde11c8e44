/**
 * Reads the FIT corpus (../shared/fit-corpus, or FIT_CORPUS) in Node for the workerd tests,
 * which have no file system. With CI=true a missing corpus is an error, never a skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function corpusPath(): string {
  return resolve(process.env.FIT_CORPUS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'fit-corpus'));
}

const MAX_BINDING_FILE = 400_000; // the big files are exercised by the Node tests and benches

export function loadCorpusBindings(): Record<string, string> {
  const dir = corpusPath();
  if (!existsSync(dir)) {
    if (process.env.CI === 'true') throw new Error(`FIT corpus not found at ${dir} (set FIT_CORPUS); CI requires it.`);
    return {};
  }
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.fit')) continue;
    const bytes = readFileSync(join(dir, name));
    if (bytes.length <= MAX_BINDING_FILE) files[name] = bytes.toString('base64');
  }
  return files;
}

/**
 * Lap counts of the valid activity files, from the corpus MANIFEST.md (`laps N` in each row), for
 * the workerd laps test: the test follows the manifest, not a copy of it.
 */
export function loadCorpusLapCounts(): Record<string, number> {
  const manifest = join(corpusPath(), 'MANIFEST.md');
  if (!existsSync(manifest)) return {};
  const out: Record<string, number> = {};
  for (const line of readFileSync(manifest, 'utf8').split('\n')) {
    const name = /^\| `([^`]+\.fit)` \|/.exec(line)?.[1];
    const laps = /; laps ([\d,]+) \|\s*$/.exec(line)?.[1];
    if (name && laps && !line.includes('must be rejected') && /session: |sessions:/.test(line)) out[name] = Number(laps.replace(/,/g, ''));
  }
  return out;
}
