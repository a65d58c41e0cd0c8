import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root (this file is test/helpers/shared-data.ts). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The shared data folder, a sibling of the repo (`../shared/data`). Its files are large, third-party and
 * read-only: tests read them in place and never copy them into the repo.
 */
export const SHARED_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');

const warned = new Set<string>();

/**
 * Absolute path of `rel` under the shared data folder, or undefined when it is missing. Missing data must not
 * pass unnoticed: under CI=true it throws (the test file fails); elsewhere it warns loudly once per path and the
 * caller skips, e.g. `describe.skipIf(!file)(…)`.
 */
export function sharedDataPath(rel: string): string | undefined {
  const path = join(SHARED_DATA_DIR, rel);
  if (existsSync(path)) return path;
  const what = existsSync(SHARED_DATA_DIR) ? `shared data file ${path}` : `shared data directory ${SHARED_DATA_DIR}`;
  if (process.env.CI === 'true') {
    throw new Error(`${what} is missing; CI=true requires it (tests that read real data cannot be skipped in CI)`);
  }
  if (!warned.has(path)) {
    warned.add(path);
    console.warn(`\n!!! ${what} is missing: SKIPPING the tests that need ${rel} !!!\n`);
  }
  return undefined;
}
