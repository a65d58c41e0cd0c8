import { ExactIndex } from '../vectors/exact.js';
import type { DictionaryEntry, RankedConcept, Ranker } from './baselines/types.js';
import { topConcepts } from './baselines/types.js';

/** What the dense ranker needs from a bi-encoder: L2-normalised rows, `dim` floats each. */
export interface TextEmbedder {
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array>;
}

/** Dense retrieval: embed every dictionary name once, then exact cosine top-k per mention, best name per concept. */
export async function denseRanker(encoder: TextEmbedder, dictionary: readonly DictionaryEntry[]): Promise<Ranker & { candidates(mentions: readonly string[], n: number): Promise<RankedConcept[][]> }> {
  const matrix = await encoder.embed(dictionary.map((e) => e.name));
  const index = new ExactIndex(matrix, encoder.dim);
  const candidates = async (mentions: readonly string[], n: number) => {
    const q = await encoder.embed([...mentions]);
    // Several names per concept: over-fetch names so n distinct concepts survive de-duplication.
    return index.search(q, n * 8).map((hits) => topConcepts(hits.map((h) => [dictionary[h.label]!.conceptId, h.score]), n));
  };
  return { name: 'dense', candidates, rank: candidates };
}

/**
 * Score fusion: dense cosine + w · char-3gram TF-IDF cosine over the union of both channels' candidates. The
 * lexical channel rescues rare spellings and exact strings the small encoder has not seen.
 */
export function fusedRanker(
  dense: { candidates(mentions: readonly string[], n: number): Promise<RankedConcept[][]> },
  lexical: { scores(mention: string, n: number): RankedConcept[] },
  weight: number,
): Ranker {
  return {
    name: 'fused',
    async rank(mentions, k) {
      const d = await dense.candidates(mentions, 50);
      return mentions.map((m, i) => {
        const scores = new Map<string, number>();
        const dmap = new Map(d[i]!.map((c) => [c.conceptId, c.score]));
        const lmap = new Map(lexical.scores(m, 50).map((c) => [c.conceptId, c.score]));
        // A concept missing from one channel's top 50 gets that channel's 50th score as a floor, not zero.
        const dFloor = Math.min(...dmap.values(), 1);
        const lFloor = lmap.size ? Math.min(...lmap.values()) : 0;
        for (const id of new Set([...dmap.keys(), ...lmap.keys()])) scores.set(id, (dmap.get(id) ?? dFloor) + weight * (lmap.get(id) ?? lFloor));
        return topConcepts(scores, k);
      });
    },
  };
}
