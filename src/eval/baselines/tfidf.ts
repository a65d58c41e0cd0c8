import { CharTfidf } from '../../link/char-tfidf.js';
import type { DictionaryEntry, RankedConcept, Ranker } from './types.js';

export function tfidfRanker(dictionary: readonly DictionaryEntry[]): Ranker & { scores(mention: string, n: number): RankedConcept[] } {
  const index = new CharTfidf(dictionary.map((e) => e.name));
  const scratch = new Float32Array(index.size);
  const scores = (mention: string, n: number): RankedConcept[] => {
    const best = new Map<string, number>();
    for (const { index: i, score } of index.search(mention, n * 20, scratch)) {
      const id = dictionary[i]!.conceptId;
      if (!best.has(id)) best.set(id, score);
      if (best.size >= n) break;
    }
    return [...best].map(([conceptId, score]) => ({ conceptId, score }));
  };
  return {
    name: 'tfidf_char3',
    scores,
    async rank(mentions, k) {
      return mentions.map((m) => scores(m, k));
    },
  };
}
