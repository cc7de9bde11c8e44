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
