import { conceptSet, type ConceptSet } from '../../../src/similarity/concept-set.js';
import { MapHierarchy } from '../../../src/similarity/hierarchy.js';
import { seededRandom } from '../../../src/eval/seeded-random.js';

/** Deterministic PRNG (mulberry32). */
export const rng = seededRandom;


/**
 * A small random is-a DAG: `roots` top concepts, the rest each under a random earlier concept (so depth grows
 * with the id), a fraction with a second parent.
 */
export function randomHierarchy(random: () => number, size: number, roots = 2, secondParent = 0.15): { hierarchy: MapHierarchy; concepts: string[] } {
  const concepts = Array.from({ length: size }, (_, i) => `C:${String(i).padStart(4, '0')}`);
  const edges: [string, string[]][] = [];
  for (let i = roots; i < size; i++) {
    const parents = new Set([concepts[Math.floor(random() * i)]!]);
    if (random() < secondParent) parents.add(concepts[Math.floor(random() * i)]!);
    edges.push([concepts[i]!, [...parents]]);
  }
  return { hierarchy: new MapHierarchy(edges), concepts };
}

const WEIGHTS = [0.2, 0.3, 0.4, 0.6, 0.8, 1];

/** A random concept set over `concepts` (Zipf-ish preference for low ids), some negated, some uncertain-weighted. */
export function randomSet(random: () => number, concepts: readonly string[], maxSize: number, negatedRate = 0.2): ConceptSet {
  const n = 1 + Math.floor(random() * maxSize);
  const present: [string, number][] = [];
  const negated: [string, number][] = [];
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    const c = concepts[Math.floor(concepts.length * random() * random())]!;
    if (used.has(c)) continue;
    used.add(c);
    const w = WEIGHTS[Math.floor(random() * WEIGHTS.length)]!;
    (random() < negatedRate ? negated : present).push([c, w]);
  }
  return conceptSet(present, negated);
}
