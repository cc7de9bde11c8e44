// Access to the shared FIT dev corpus (shared/fit-corpus, described by its MANIFEST.md).
// Never copy corpus files into the project: read them where they are.
// Location: $FIT_CORPUS, else ../shared/fit-corpus relative to the project root.
// Missing corpus: a hard failure when CI=true, otherwise the caller skips with a message.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module with a package.json (this file may be bundled into .cache/). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Absolute path of the corpus directory (it may not exist). */
export function corpusDir(): string {
  return resolve(projectRoot(), process.env.FIT_CORPUS ?? '../shared/fit-corpus');
}

let warned = false;

/**
 * True when the corpus is present. When it is missing: throws if CI=true (so the run fails),
 * otherwise prints why the corpus tests are skipped and returns false.
 */
export function hasCorpus(): boolean {
  const dir = corpusDir();
  if (existsSync(join(dir, 'MANIFEST.md'))) return true;
  const message = `FIT corpus not found at ${dir} (set FIT_CORPUS to its directory).`;
  if (process.env.CI === 'true') throw new Error(`${message} It is required when CI=true.`);
  if (!warned) console.warn(`${message} Skipping the tests that need it.`);
  warned = true;
  return false;
}

/** Bytes of one corpus file, e.g. readCorpusFile('run-garmin-fr645m-hr-gps.fit'). */
export function readCorpusFile(name: string): Uint8Array {
  const buffer = readFileSync(join(corpusDir(), name));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The corpus MANIFEST.md text. */
export function readCorpusManifest(): string {
  return readFileSync(join(corpusDir(), 'MANIFEST.md'), 'utf8');
}
