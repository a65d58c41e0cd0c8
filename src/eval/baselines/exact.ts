import { normalizeTerm } from '../../text/normalize.js';
import type { DictionaryEntry, Ranker } from './types.js';

/** Exact match after the shared normaliser: the floor any linker must beat. */
export function exactMatchRanker(dictionary: readonly DictionaryEntry[]): Ranker {
  const byNorm = new Map<string, string[]>();
  for (const e of dictionary) {
    const key = normalizeTerm(e.name);
    const list = byNorm.get(key) ?? [];
    if (!list.includes(e.conceptId)) list.push(e.conceptId);
    byNorm.set(key, list);
  }
  return {
    name: 'exact',
    async rank(mentions, k) {
      return mentions.map((m) => (byNorm.get(normalizeTerm(m)) ?? []).slice(0, k).map((conceptId) => ({ conceptId, score: 1 })));
    },
  };
}
