import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed clinlink package folder (where `ontology/` and `models/` live). Found by walking up from this
 * module to the package.json named "clinlink", so it works from `src/` under vitest and from the bundled `dist/`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  const here = typeof __filename === 'string' ? dirname(__filename) : dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'clinlink') return (cached = dir);
      } catch {
        // an unreadable package.json on the way up is not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('clinlink package root not found');
    dir = up;
  }
}
