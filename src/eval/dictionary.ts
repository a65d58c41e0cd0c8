import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { buildPack } from '../ontology/build.js';
import { Pack } from '../ontology/pack.js';
import { PACK_MANIFEST_FILE, PACK_VERSION } from '../ontology/pack-schema.js';
import { cacheDir } from '../ontology/starter.js';
import { normalizeGoldId } from '../io/pubtator.js';
import type { DictionaryEntry } from './baselines/types.js';

/**
 * An evaluation dictionary: every name of every concept, with each concept's id written the way gold corpora write
 * it (MeSH without prefix, OMIM with) and the alternative ids that also count as correct.
 */
export interface EvalDictionary {
  entries: DictionaryEntry[];
  /** Concept id → every id it answers to (its own and its alt ids). */
  ids: Map<string, Set<string>>;
}

/** Gold-style id of a pack concept: `MESH:D003924` → `D003924`, `OMIM:601665` kept. */
export function goldStyleId(system: string, code: string): string {
  return system === 'MESH' ? code : normalizeGoldId(`${system}:${code}`);
}

/** Builds (once, cached by file size and mtime) a pack from a MEDIC TSV and reads it as an eval dictionary. */
export async function medicDictionary(file: string): Promise<EvalDictionary> {
  const pack = Pack.open(await medicPackDir(file));
  try {
    return packDictionary(pack);
  } finally {
    pack.close();
  }
}

/** A pack of the MEDIC vocabulary, built once per file version into the cache. */
export async function medicPackDir(file: string): Promise<string> {
  const abs = resolve(file);
  const s = statSync(abs);
  const key = createHash('sha256').update(`${abs}|${s.size}|${s.mtimeMs}|v${PACK_VERSION}`).digest('hex').slice(0, 16);
  const dir = join(cacheDir(), 'packs', `medic-${key}`);
  if (!existsSync(join(dir, PACK_MANIFEST_FILE))) await buildPack({ out: dir, name: 'medic', sources: [{ kind: 'medic', path: abs }] });
  return dir;
}

export function packDictionary(pack: Pack): EvalDictionary {
  const idOf = new Map<string, string>();
  const ids = new Map<string, Set<string>>();
  for (const c of pack.iterateConcepts()) {
    const gid = goldStyleId(c.system, c.code);
    idOf.set(c.id, gid);
    const set = new Set([gid]);
    for (const x of pack.concept(c.id)?.xrefs ?? []) if (x.relation === 'alt_id') set.add(goldStyleId(x.system, x.code));
    ids.set(gid, set);
  }
  const entries: DictionaryEntry[] = [];
  for (const t of pack.iterateTerms()) entries.push({ conceptId: idOf.get(t.conceptId)!, name: t.text });
  return { entries, ids };
}
