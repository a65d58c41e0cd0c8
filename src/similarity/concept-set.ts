/**
 * Reports as sets of ontology concepts ("concept distillation"): the representation the similarity index compares.
 *
 * A report keeps the concepts its entities were linked to, split by assertion:
 *  - `present`: affirmed concepts (and, by default, uncertain ones, as in the paper), with a weight;
 *  - `negated`: concepts the report rules out ("no pneumothorax"), with a weight (× `negatedFactor`);
 *  - `uncertain`: concepts only mentioned with hedging ("possible pneumonia"); informational, never scored by itself.
 *
 * Which mentions count:
 *  - entities without a linked concept are skipped (nothing to compare);
 *  - hypothetical mentions ("return if chest pain develops") and family-history mentions ("mother had MI") are
 *    always excluded: they say nothing about this patient's study;
 *  - historical mentions are kept by default (`historical: 'include'`) and can be dropped with `'exclude'`;
 *  - an uncertain mention counts as present (`uncertain: 'present'`, the paper's choice, weight × `uncertainFactor`)
 *    or is only recorded in `uncertain` (`'separate'`). Uncertainty wins over negation: a hedged negation
 *    ("no definite consolidation") is not a confident absence.
 *
 * One concept, several mentions: the weight is the largest of its mentions, and an affirmed mention anywhere wins
 * over a negated one (so `present` and `negated` never share a concept).
 *
 * Weights: the semantic-group table in `group-weights.json` (condition 1.0 > finding 0.8 > procedure, device,
 * organism 0.6 > medication, test 0.4 > substance, anatomy 0.3 > other 0.2), overridable per group. IDF over the
 * indexed corpus is applied at search time by the index (`idf: true`), not here.
 */
import { invalidArgument } from '../errors.js';
import { SEMANTIC_GROUPS, type SemanticGroup } from '../ontology/concept.js';
import type { Doc, Entity } from '../types.js';
import defaultWeightTable from './group-weights.json';

export interface ConceptSet {
  /** Affirmed concept id → weight (> 0). */
  present: Map<string, number>;
  /** Negated concept id → weight (> 0). Never shares a key with `present`. */
  negated: Map<string, number>;
  /** Concepts mentioned only with uncertainty. With `uncertain: 'present'` they are also in `present`. */
  uncertain: Set<string>;
}

export interface ConceptSetOptions {
  /** Uncertain mentions: scored as present (default, as in the paper) or only recorded in `uncertain`. */
  uncertain?: 'present' | 'separate';
  /** Historical mentions ("history of MI"): kept (default) or dropped. */
  historical?: 'include' | 'exclude';
  /** Multiplies the weight of an uncertain mention counted as present; default 1 (no discount). In (0, 1]. */
  uncertainFactor?: number;
  /** Overrides of the default weight per semantic group; each must be a finite number > 0. */
  groupWeights?: Partial<Record<SemanticGroup, number>>;
  /** The group that weighs a concept; default the entity's NER type. E.g. `(id) => pack.concept(id)?.group`. */
  groupOf?: (conceptId: string, entity: Entity) => SemanticGroup | null | undefined;
  /** Linked concepts with a confidence below this are skipped; default 0 (keep all). */
  minConfidence?: number;
  /**
   * Multiplies the weight of a negated concept; default 1. In (0, 1]. Reports list many routine absences ("no
   * pneumothorax or effusion") that say little about what a study shows, so a lower factor lets the affirmed
   * findings decide (measured on IU X-ray, see the README).
   */
  negatedFactor?: number;
}

/** The default weight table, frozen and validated when the module loads. */
export const DEFAULT_GROUP_WEIGHTS: Readonly<Record<SemanticGroup, number>> = Object.freeze(validateWeights(defaultWeightTable as Record<string, unknown>, true));

/** An empty concept set. */
export function emptyConceptSet(): ConceptSet {
  return { present: new Map(), negated: new Map(), uncertain: new Set() };
}

/** A concept set from plain arrays, every concept with weight 1 unless a weight map is given. For tests and callers without a Doc. */
export function conceptSet(present: Iterable<string | [string, number]>, negated: Iterable<string | [string, number]> = [], uncertain: Iterable<string> = []): ConceptSet {
  const set = emptyConceptSet();
  for (const p of present) typeof p === 'string' ? set.present.set(p, 1) : set.present.set(p[0], p[1]);
  for (const n of negated) typeof n === 'string' ? set.negated.set(n, 1) : set.negated.set(n[0], n[1]);
  for (const u of uncertain) set.uncertain.add(u);
  validateConceptSet(set);
  return set;
}

/**
 * Distils an annotated document into a concept set (see the module comment for which mentions count and how they
 * are weighted).
 */
export function conceptSetFromDoc(doc: Doc, options: ConceptSetOptions = {}): ConceptSet {
  const uncertainMode = options.uncertain ?? 'present';
  if (uncertainMode !== 'present' && uncertainMode !== 'separate') throw invalidArgument(`uncertain must be 'present' or 'separate'`, 'uncertain');
  const historical = options.historical ?? 'include';
  if (historical !== 'include' && historical !== 'exclude') throw invalidArgument(`historical must be 'include' or 'exclude'`, 'historical');
  const uncertainFactor = options.uncertainFactor ?? 1;
  if (!(uncertainFactor > 0 && uncertainFactor <= 1)) throw invalidArgument('uncertainFactor must be in (0, 1]', 'uncertainFactor');
  const negatedFactor = options.negatedFactor ?? 1;
  if (!(negatedFactor > 0 && negatedFactor <= 1)) throw invalidArgument('negatedFactor must be in (0, 1]', 'negatedFactor');
  const minConfidence = options.minConfidence ?? 0;
  if (!Number.isFinite(minConfidence)) throw invalidArgument('minConfidence must be a finite number', 'minConfidence');
  const weights: Record<SemanticGroup, number> = { ...DEFAULT_GROUP_WEIGHTS, ...validateWeights(options.groupWeights ?? {}, false) };

  const affirmed = new Map<string, number>();
  const hedged = new Map<string, number>();
  const negated = new Map<string, number>();
  const raise = (m: Map<string, number>, id: string, w: number) => {
    const prev = m.get(id);
    if (prev === undefined || w > prev) m.set(id, w);
  };
  for (const e of doc.entities) {
    const c = e.concept;
    if (!c || !c.conceptId) continue;
    if (c.confidence < minConfidence) continue;
    const a = e.assertion;
    if (a.hypothetical || a.family) continue;
    if (a.historical && historical === 'exclude') continue;
    const group = options.groupOf?.(c.conceptId, e) ?? e.type;
    const w = weights[group] ?? weights.other;
    if (a.uncertain) raise(hedged, c.conceptId, w);
    else if (a.negated) raise(negated, c.conceptId, w * negatedFactor);
    else raise(affirmed, c.conceptId, w);
  }

  const set = emptyConceptSet();
  for (const [id, w] of affirmed) set.present.set(id, w);
  for (const [id, w] of hedged) {
    if (affirmed.has(id)) continue; // affirmed with certainty elsewhere in the report
    set.uncertain.add(id);
    if (uncertainMode === 'present') raise(set.present, id, w * uncertainFactor);
  }
  for (const [id, w] of negated) if (!set.present.has(id)) set.negated.set(id, w);
  return set;
}

/**
 * Checks the invariants every scorer relies on: weights finite and > 0, ids non-empty, `present` and `negated`
 * disjoint. Throws E_INVALID_ARGUMENT naming the concept (an ontology id, never note text).
 */
export function validateConceptSet(set: ConceptSet, field = 'conceptSet'): void {
  if (!set || !(set.present instanceof Map) || !(set.negated instanceof Map)) throw invalidArgument('a concept set needs present and negated maps', field);
  for (const [part, m] of [['present', set.present], ['negated', set.negated]] as const) {
    for (const [id, w] of m) {
      if (typeof id !== 'string' || id === '') throw invalidArgument(`empty concept id in ${part}`, field);
      if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) throw invalidArgument(`weight of ${id} in ${part} must be a finite number > 0`, field);
    }
  }
  for (const id of set.negated.keys()) if (set.present.has(id)) throw invalidArgument(`${id} is both present and negated`, field);
}

function validateWeights(table: Record<string, unknown>, complete: boolean): Record<SemanticGroup, number> {
  const out: Partial<Record<SemanticGroup, number>> = {};
  for (const [k, v] of Object.entries(table)) {
    if (k.startsWith('$')) continue;
    if (!SEMANTIC_GROUPS.includes(k as SemanticGroup)) throw invalidArgument(`unknown semantic group "${k}" in weights`, 'groupWeights');
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw invalidArgument(`weight of group ${k} must be a finite number > 0`, 'groupWeights');
    out[k as SemanticGroup] = v;
  }
  if (complete) for (const g of SEMANTIC_GROUPS) if (out[g] === undefined) throw invalidArgument(`no default weight for group ${g}`, 'groupWeights');
  return out as Record<SemanticGroup, number>;
}
