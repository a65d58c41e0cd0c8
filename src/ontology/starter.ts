import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { buildPack } from './build.js';
import { PACK_MANIFEST_FILE, PACK_VERSION } from './pack-schema.js';

/** The starter vocabulary's JSON files, shipped in the package under ontology/starter. */
export function starterVocabularyFiles(): string[] {
  const dir = join(packageRoot(), 'ontology', 'starter');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Where built packs are cached: $CLINLINK_CACHE, else ~/.cache/clinlink, else the OS temp folder. */
export function cacheDir(): string {
  if (process.env.CLINLINK_CACHE) return process.env.CLINLINK_CACHE;
  const home = homedir();
  return home ? join(home, '.cache', 'clinlink') : join(tmpdir(), 'clinlink-cache');
}

let building: Promise<string> | undefined;

/**
 * The embedded starter pack, built from ontology/starter on first use (well under a second) and cached under a
 * name that hashes the vocabulary files and the pack format, so an upgrade rebuilds it and nothing goes stale.
 */
export function starterPackDir(): Promise<string> {
  building ??= (async () => {
    const files = starterVocabularyFiles();
    const hash = createHash('sha256').update(`v${PACK_VERSION}`);
    for (const f of files) hash.update(readFileSync(f));
    const dir = join(cacheDir(), 'packs', `starter-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(join(dir, PACK_MANIFEST_FILE))) return dir;
    await mkdir(join(cacheDir(), 'packs'), { recursive: true });
    await buildPack({ out: dir, name: 'starter', sources: files.map((path) => ({ kind: 'vocab' as const, path })) });
    return dir;
  })();
  return building;
}
