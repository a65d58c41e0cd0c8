/** One dictionary name of a concept. */
export interface DictionaryEntry {
  conceptId: string;
  name: string;
}

export interface RankedConcept {
  conceptId: string;
  score: number;
}

/** Anything that ranks concepts for mentions: baselines and the dense linker share this shape in evals. */
export interface Ranker {
  name: string;
  rank(mentions: readonly string[], k: number): Promise<RankedConcept[][]>;
}

/** Best score per concept, in descending order, first k. */
export function topConcepts(scored: Iterable<[conceptId: string, score: number]>, k: number): RankedConcept[] {
  const best = new Map<string, number>();
  for (const [id, s] of scored) if (s > (best.get(id) ?? -Infinity)) best.set(id, s);
  return [...best].map(([conceptId, score]) => ({ conceptId, score })).sort((a, b) => b.score - a.score || (a.conceptId < b.conceptId ? -1 : 1)).slice(0, k);
}
