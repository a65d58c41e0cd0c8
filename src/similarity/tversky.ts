/**
 * The report similarity measure: a modified, weighted Tversky index over concept sets (Nützel, Dombrowski & Kainz,
 * "Ontology-Based Concept Distillation for Radiology Report Retrieval and Labeling", 2025), with synonymy, negation,
 * contradiction and hierarchical partial credit. Everything that goes into a score is returned with it.
 *
 * Notation. A is the query set, B the report set. Every concept is first mapped to its canonical id (synonymy, see
 * `Equivalence`): two concepts with the same canonical id are the same concept. An item is a canonical concept with a
 * polarity (affirmed or negated) and an effective weight w = (set weight) × (multiplier, e.g. IDF).
 *
 * Matching, per item a of A (and symmetrically per item b of B):
 *  1. exact: B holds the same canonical concept with the same polarity (negated matches negated):
 *     credit(a) = min(w_a, w_b);
 *  2. contradiction: B holds the same canonical concept with the opposite polarity: no credit, and the pair is
 *     moved out of the differences into C = κ·Σ (w_a + w_b)/2;
 *  3. otherwise, partial credit from the best related concept b of B with the same polarity:
 *     credit(a) = max_b sim(a, b)·min(w_a, w_b), where sim is
 *       - 'path' (default): exp(−γ·d) when b is an ancestor or a descendant of a at is-a path length d ≤ maxDistance;
 *       - 'lin': Lin's similarity 2·IC(u) / (IC(a) + IC(b)) over the best common ancestor u (a and b included);
 *  4. no credit at all: the item is only in its own set.
 *
 * Then, with credited masses I_A = Σ_a credit(a) and I_B = Σ_b credit(b):
 *     I  = (I_A + I_B) / 2                         (the weighted intersection; = w(A∩B) when all matches are exact)
 *     d₁ = Σ_{a not contradicted} (w_a − credit(a))  (= w(A∖B) for plain sets)
 *     d₂ = Σ_{b not contradicted} (w_b − credit(b))  (= w(B∖A))
 * and the score is `symmetricTversky` (default) or `weightedTversky` of (I, d₁, d₂, C).
 *
 * Taking half of each side's credit is a best-match average: it is symmetric in A and B, gives 1 for identical
 * sets, 0 when nothing matches, and reduces to the plain weighted Tversky index without hierarchy.
 */
import { invalidArgument } from '../errors.js';
import { validateConceptSet, type ConceptSet } from './concept-set.js';
import { CanonicalHierarchy, IDENTITY_EQUIVALENCE, type Equivalence, type Hierarchy } from './hierarchy.js';

export type TverskyFormula = 'symmetric' | 'tversky';
export type ConceptSimilarityKind = 'path' | 'lin';

/** The parameters of the measure. All optional; defaults are the paper's configuration. */
export interface ScoringParams {
  /** 'symmetric' (default, the paper's variant) or 'tversky' (the classic asymmetric weighted index). */
  formula?: TverskyFormula;
  /** Symmetric: balance of the smaller vs larger difference, in [0, 1], default 0.5. Tversky: weight of d₁ (query-only), ≥ 0, default 0.5. */
  alpha?: number;
  /** Symmetric: weight of the whole difference term, ≥ 0, default 1. Tversky: weight of d₂ (report-only), ≥ 0, default 0.5. */
  beta?: number;
  /** Decay of hierarchical credit with is-a path length, exp(−γ·d); ≥ 0, default 1. */
  gamma?: number;
  /** κ: weight of a contradiction (present in one set, negated in the other); ≥ 0, default 1. */
  contradictionWeight?: number;
  /** Concept-to-concept similarity for partial credit: 'path' (default) or 'lin' (information content). */
  conceptSimilarity?: ConceptSimilarityKind;
  /** Longest is-a path that earns partial credit (for 'lin': a→LCS→b); default Infinity (the full closure). 0 disables partial credit. */
  maxDistance?: number;
}

export interface ResolvedParams {
  formula: TverskyFormula;
  alpha: number;
  beta: number;
  gamma: number;
  kappa: number;
  conceptSimilarity: ConceptSimilarityKind;
  maxDistance: number;
}

/** Options of the reference scorer (`compareConceptSets`, `createScorer`, `rankReports`). */
export interface SimilarityOptions extends ScoringParams {
  /** Is-a hierarchy for partial credit; none (default) means exact and synonym matches only. */
  hierarchy?: Hierarchy | null;
  /** Synonymy; default none (identity). */
  equivalence?: Equivalence;
  /** Multiplier of a canonical concept's weight (e.g. IDF); default 1. Must return a finite number > 0. */
  weightOf?: (canonicalId: string) => number;
  /** Information content of a canonical concept, required by conceptSimilarity 'lin'. */
  informationContent?: (canonicalId: string) => number;
  /** Build the explanation (default true); false returns empty lists and the score only. */
  explain?: boolean;
}

export interface SharedConcept {
  /** The query's concept id (as given, before synonym mapping). */
  query: string;
  /** The report's concept id; differs from `query` when they matched as synonyms. */
  report: string;
  negated: boolean;
  /** Contribution to the intersection I: min of the two weights. */
  weight: number;
}

export interface UnmatchedConcept {
  id: string;
  negated: boolean;
  weight: number;
}

export interface Contradiction {
  query: string;
  report: string;
  /** True when the query negates the concept and the report affirms it. */
  queryNegated: boolean;
  /** Contribution to C: κ·(w_query + w_report)/2. */
  penalty: number;
}

export interface PartialMatch {
  /** Query concept id. */
  a: string;
  /** Report concept id. */
  b: string;
  negated: boolean;
  /** What b is to a: an ancestor (b more general), a descendant (b more specific), or related through `via` (Lin). */
  relation: 'ancestor' | 'descendant' | 'related';
  /** Is-a path length between a and b (through `via` for 'related'). */
  depth: number;
  /** The lowest common ancestor used by Lin similarity, when neither concept is an ancestor of the other. */
  via?: string;
  /** sim(a, b): exp(−γ·depth) or Lin's similarity. */
  similarity: number;
  /** Contribution to I (half of each side's credit that this pair supplied). */
  credit: number;
}

/** The numbers the score is computed from; `score` can be recomputed by hand from these and the parameters. */
export interface ScoreTerms {
  /** I = (I_A + I_B)/2. */
  intersection: number;
  /** d₁: uncredited query weight, contradictions excluded. */
  queryOnly: number;
  /** d₂: uncredited report weight, contradictions excluded. */
  reportOnly: number;
  /** C = κ·Σ (w_a + w_b)/2 over contradicted pairs. */
  contradiction: number;
  /** Σ of query item weights. */
  queryWeight: number;
  /** Σ of report item weights. */
  reportWeight: number;
}

export interface SimilarityExplanation {
  shared: SharedConcept[];
  onlyInQuery: UnmatchedConcept[];
  onlyInReport: UnmatchedConcept[];
  contradictions: Contradiction[];
  partial: PartialMatch[];
  terms: ScoreTerms;
}

export interface SimilarityResult extends SimilarityExplanation {
  score: number;
}

/** One concept of a set after synonym mapping: the unit the matcher works on. */
export interface SetItem {
  /** Canonical id. */
  key: string;
  /** The id as it was in the set (the representative when several synonyms merged). */
  id: string;
  negated: boolean;
  /** Effective weight. */
  weight: number;
}

/** How two different canonical concepts relate, or null when they earn no partial credit. */
export interface Relation {
  similarity: number;
  relation: 'ancestor' | 'descendant' | 'related';
  depth: number;
  via?: string;
}

export type Relate = (a: SetItem, b: SetItem) => Relation | null;

// ---------------------------------------------------------------------------------------------------------------
// Formulas

/**
 * Weighted Tversky index (Tversky 1977, with weighted set sizes):
 *
 *     S(A, B) = I / (I + α·d₁ + β·d₂ + C)
 *
 * where I = w(A∩B), d₁ = w(A∖B), d₂ = w(B∖A) and C the contradiction term (0 in the classic index).
 * α = β = 1 is the weighted Jaccard index, α = β = 0.5 the weighted Dice coefficient. Returns 0 when I ≤ 0.
 */
export function weightedTversky(I: number, d1: number, d2: number, alpha: number, beta: number, C = 0): number {
  if (!(I > 0)) return 0;
  return I / (I + alpha * d1 + beta * d2 + C);
}

/**
 * The paper's symmetric variant (after Jimenez et al. 2013), with a contradiction term:
 *
 *     a = min(d₁, d₂),  b = max(d₁, d₂)
 *     S(A, B) = I / (I + β·(α·a + (1−α)·b) + C)
 *
 * Symmetric in A and B. With α = 0.5, β = 1 (the defaults) it equals the weighted Dice coefficient when C = 0.
 * Returns 0 when I ≤ 0.
 */
export function symmetricTversky(I: number, d1: number, d2: number, alpha: number, beta: number, C = 0): number {
  if (!(I > 0)) return 0;
  const a = Math.min(d1, d2);
  const b = Math.max(d1, d2);
  return I / (I + beta * (alpha * a + (1 - alpha) * b) + C);
}

/** Path similarity of two concepts at is-a distance d: exp(−γ·d) (1 at d = 0). */
export function pathSimilarity(distance: number, gamma: number): number {
  return Math.exp(-gamma * distance);
}

/**
 * Lin's similarity: sim(a, b) = 2·IC(lcs) / (IC(a) + IC(b)), IC(c) = −ln p(c), p(c) the corpus frequency of c and
 * its descendants. 0 when the denominator is 0; capped at 1 (only reachable with an IC that is not monotone).
 */
export function linSimilarity(icA: number, icB: number, icLcs: number): number {
  const den = icA + icB;
  return den > 0 ? Math.min(1, (2 * icLcs) / den) : 0;
}

/**
 * Information content from corpus frequencies propagated up the hierarchy (Resnik): freq(c) counts c and every
 * descendant, IC(c) = −ln((freq(c) + 1) / (total + 1)), total = Σ of all own counts. Add-one smoothing keeps unseen
 * concepts finite (they get the largest IC) and IC(ancestor) ≤ IC(descendant).
 */
export function informationContent(freq: number, total: number): number {
  return Math.log((total + 1) / (freq + 1));
}

/** φ(d₁, d₂): the difference term of the chosen formula (without C). Non-decreasing in both arguments. */
export function differencePenalty(d1: number, d2: number, p: ResolvedParams): number {
  if (p.formula === 'symmetric') return p.beta * (p.alpha * Math.min(d1, d2) + (1 - p.alpha) * Math.max(d1, d2));
  return p.alpha * d1 + p.beta * d2;
}

/** The score from its terms with the chosen formula. */
export function combine(I: number, d1: number, d2: number, C: number, p: ResolvedParams): number {
  return p.formula === 'symmetric' ? symmetricTversky(I, d1, d2, p.alpha, p.beta, C) : weightedTversky(I, d1, d2, p.alpha, p.beta, C);
}

/** Validates parameters and fills defaults. Throws E_INVALID_ARGUMENT naming the parameter. */
export function resolveParams(o: ScoringParams = {}): ResolvedParams {
  const formula = o.formula ?? 'symmetric';
  if (formula !== 'symmetric' && formula !== 'tversky') throw invalidArgument(`formula must be 'symmetric' or 'tversky'`, 'formula');
  const alpha = o.alpha ?? 0.5;
  const beta = o.beta ?? (formula === 'symmetric' ? 1 : 0.5);
  const gamma = o.gamma ?? 1;
  const kappa = o.contradictionWeight ?? 1;
  const maxDistance = o.maxDistance ?? Infinity;
  const conceptSimilarity = o.conceptSimilarity ?? 'path';
  const finiteNonNeg = (v: number, name: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(`${name} must be a finite number ≥ 0`, name);
  };
  finiteNonNeg(alpha, 'alpha');
  finiteNonNeg(beta, 'beta');
  finiteNonNeg(gamma, 'gamma');
  finiteNonNeg(kappa, 'contradictionWeight');
  if (formula === 'symmetric' && alpha > 1) throw invalidArgument('alpha of the symmetric formula must be in [0, 1]', 'alpha');
  if (typeof maxDistance !== 'number' || Number.isNaN(maxDistance) || maxDistance < 0) throw invalidArgument('maxDistance must be ≥ 0', 'maxDistance');
  if (conceptSimilarity !== 'path' && conceptSimilarity !== 'lin') throw invalidArgument(`conceptSimilarity must be 'path' or 'lin'`, 'conceptSimilarity');
  return { formula, alpha, beta, gamma, kappa, conceptSimilarity, maxDistance };
}

// ---------------------------------------------------------------------------------------------------------------
// Sets → items

/**
 * Maps a concept set to items over canonical ids. Synonyms in one set merge into one item: an affirmed member wins
 * over a negated one, then the largest weight, then the smallest id (the representative shown in explanations).
 * Items keep the order of first appearance (present first, then negated). The weight is then multiplied by
 * `weightOf(key)`.
 */
export function prepareItems(set: ConceptSet, equivalence: Equivalence = IDENTITY_EQUIVALENCE, weightOf?: (key: string) => number): SetItem[] {
  const byKey = new Map<string, SetItem>();
  const put = (id: string, weight: number, negated: boolean) => {
    const key = equivalence.canonical(id);
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { key, id, negated, weight });
      return;
    }
    if (prev.negated && !negated) {
      prev.negated = false;
      prev.weight = weight;
      prev.id = id;
    } else if (prev.negated === negated && (weight > prev.weight || (weight === prev.weight && id < prev.id))) {
      prev.weight = weight;
      prev.id = id;
    }
  };
  for (const [id, w] of set.present) put(id, w, false);
  for (const [id, w] of set.negated) put(id, w, true);
  const items = [...byKey.values()];
  if (weightOf) {
    for (const it of items) {
      const m = weightOf(it.key);
      if (!(typeof m === 'number' && Number.isFinite(m) && m > 0)) throw invalidArgument(`weight multiplier of ${it.key} must be a finite number > 0`, 'weightOf');
      it.weight = it.weight * m;
    }
  }
  return items;
}

/**
 * The relatedness of two different canonical concepts under the chosen concept similarity (see the module
 * comment). `hierarchy` must speak canonical ids (a `CanonicalHierarchy`).
 */
export function createRelate(hierarchy: Hierarchy, p: ResolvedParams, ic?: (key: string) => number): Relate {
  if (p.conceptSimilarity === 'path') {
    return (a, b) => {
      const up = hierarchy.ancestors(a.key).get(b.key);
      const down = hierarchy.ancestors(b.key).get(a.key);
      let depth: number;
      let relation: 'ancestor' | 'descendant';
      if (up !== undefined && (down === undefined || up <= down)) {
        depth = up;
        relation = 'ancestor';
      } else if (down !== undefined) {
        depth = down;
        relation = 'descendant';
      } else return null;
      if (depth > p.maxDistance) return null;
      return { similarity: pathSimilarity(depth, p.gamma), relation, depth };
    };
  }
  if (!ic) throw invalidArgument(`conceptSimilarity 'lin' needs information content`, 'informationContent');
  return (a, b) => {
    const ancA = hierarchy.ancestors(a.key);
    const ancB = hierarchy.ancestors(b.key);
    const icA = ic(a.key);
    const icB = ic(b.key);
    if (!(icA + icB > 0)) return null;
    let best = 0;
    let bestDepth = Infinity;
    let bestU = '';
    const consider = (u: string, dA: number) => {
      const dB = u === b.key ? 0 : ancB.get(u);
      if (dB === undefined) return;
      const depth = dA + dB;
      if (depth > p.maxDistance) return;
      const icU = ic(u);
      if (!(icU > 0)) return;
      const s = Math.min(1, (2 * icU) / (icA + icB));
      if (s > best || (s === best && (depth < bestDepth || (depth === bestDepth && u < bestU)))) {
        best = s;
        bestDepth = depth;
        bestU = u;
      }
    };
    consider(a.key, 0);
    for (const [u, dA] of ancA) consider(u, dA);
    if (!(best > 0)) return null;
    const relation = bestU === b.key ? 'ancestor' : bestU === a.key ? 'descendant' : 'related';
    return relation === 'related' ? { similarity: best, relation, depth: bestDepth, via: bestU } : { similarity: best, relation, depth: bestDepth };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The matcher

const NONE = 0;
const EXACT = 1;
const CONTRA = 2;

/**
 * Scores two item lists (see the module comment) and, with `explain`, says why. `relate` null means exact and
 * synonym matches only. The index's fast path reproduces this computation step for step (same order of sums), so
 * the two agree to the last bit.
 */
export function scoreItems(q: readonly SetItem[], r: readonly SetItem[], relate: Relate | null, p: ResolvedParams, explain = true): SimilarityResult {
  const nq = q.length;
  const nr = r.length;
  const rByKey = new Map<string, number>();
  for (let j = 0; j < nr; j++) rByKey.set(r[j]!.key, j);
  const qState = new Uint8Array(nq);
  const rState = new Uint8Array(nr);
  const qPartner = new Int32Array(nq).fill(-1);
  const credA = new Float64Array(nq);
  const credB = new Float64Array(nr);
  for (let i = 0; i < nq; i++) {
    const j = rByKey.get(q[i]!.key);
    if (j === undefined) continue;
    const a = q[i]!;
    const b = r[j]!;
    qPartner[i] = j;
    if (a.negated === b.negated) {
      const c = Math.min(a.weight, b.weight);
      credA[i] = c;
      credB[j] = c;
      qState[i] = rState[j] = EXACT;
    } else qState[i] = rState[j] = CONTRA;
  }

  // Partial credit: the best related item of the same polarity on the other side.
  const bestA: ({ j: number; rel: Relation } | undefined)[] = explain ? new Array(nq) : [];
  const bestB: ({ i: number; rel: Relation } | undefined)[] = explain ? new Array(nr) : [];
  if (relate && p.maxDistance > 0) {
    for (let i = 0; i < nq; i++) {
      const a = q[i]!;
      const needA = qState[i] === NONE;
      for (let j = 0; j < nr; j++) {
        const b = r[j]!;
        if (a.negated !== b.negated || a.key === b.key) continue;
        const needB = rState[j] === NONE;
        if (!needA && !needB) continue;
        const rel = relate(a, b);
        if (!rel) continue;
        const c = rel.similarity * Math.min(a.weight, b.weight);
        if (!(c > 0)) continue;
        if (needA && (c > credA[i]! || (explain && c === credA[i] && better(rel, r[j]!.id, bestA[i]?.rel, bestA[i] && r[bestA[i]!.j]!.id)))) {
          credA[i] = c;
          if (explain) bestA[i] = { j, rel };
        }
        if (needB && (c > credB[j]! || (explain && c === credB[j] && better(rel, a.id, bestB[j]?.rel, bestB[j] && q[bestB[j]!.i]!.id)))) {
          credB[j] = c;
          if (explain) bestB[j] = { i, rel };
        }
      }
    }
  }

  let IA = 0;
  let d1 = 0;
  let WA = 0;
  let C = 0;
  for (let i = 0; i < nq; i++) {
    const w = q[i]!.weight;
    WA += w;
    if (qState[i] === CONTRA) {
      C += (p.kappa * (w + r[qPartner[i]!]!.weight)) / 2;
      continue;
    }
    IA += credA[i]!;
    d1 += w - credA[i]!;
  }
  let IB = 0;
  let d2 = 0;
  let WB = 0;
  for (let j = 0; j < nr; j++) {
    const w = r[j]!.weight;
    WB += w;
    if (rState[j] === CONTRA) continue;
    IB += credB[j]!;
    d2 += w - credB[j]!;
  }
  const I = (IA + IB) / 2;
  const score = combine(I, d1, d2, C, p);
  const terms: ScoreTerms = { intersection: I, queryOnly: d1, reportOnly: d2, contradiction: C, queryWeight: WA, reportWeight: WB };
  if (!explain) return { score, shared: [], onlyInQuery: [], onlyInReport: [], contradictions: [], partial: [], terms };

  const shared: SharedConcept[] = [];
  const contradictions: Contradiction[] = [];
  const onlyInQuery: UnmatchedConcept[] = [];
  const onlyInReport: UnmatchedConcept[] = [];
  const partialByPair = new Map<string, PartialMatch>();
  const addPartial = (a: SetItem, b: SetItem, rel: Relation, credit: number) => {
    const key = `${a.id}\u0000${b.id}`;
    const prev = partialByPair.get(key);
    if (prev) {
      prev.credit += credit;
      return;
    }
    const m: PartialMatch = { a: a.id, b: b.id, negated: a.negated, relation: rel.relation, depth: rel.depth, similarity: rel.similarity, credit };
    if (rel.via !== undefined) m.via = rel.via;
    partialByPair.set(key, m);
  };
  for (let i = 0; i < nq; i++) {
    const a = q[i]!;
    if (qState[i] === EXACT) shared.push({ query: a.id, report: r[qPartner[i]!]!.id, negated: a.negated, weight: credA[i]! });
    else if (qState[i] === CONTRA) {
      const b = r[qPartner[i]!]!;
      contradictions.push({ query: a.id, report: b.id, queryNegated: a.negated, penalty: (p.kappa * (a.weight + b.weight)) / 2 });
    } else if (credA[i]! > 0) addPartial(a, r[bestA[i]!.j]!, bestA[i]!.rel, credA[i]! / 2);
    else onlyInQuery.push({ id: a.id, negated: a.negated, weight: a.weight });
  }
  for (let j = 0; j < nr; j++) {
    const b = r[j]!;
    if (rState[j] !== NONE) continue;
    if (credB[j]! > 0) addPartial(q[bestB[j]!.i]!, b, bestB[j]!.rel, credB[j]! / 2);
    else onlyInReport.push({ id: b.id, negated: b.negated, weight: b.weight });
  }
  const byWeight = (x: { weight: number; id?: string; query?: string }, y: { weight: number; id?: string; query?: string }) =>
    y.weight - x.weight || ((x.id ?? x.query)! < (y.id ?? y.query)! ? -1 : 1);
  shared.sort(byWeight);
  onlyInQuery.sort(byWeight);
  onlyInReport.sort(byWeight);
  contradictions.sort((x, y) => y.penalty - x.penalty || (x.query < y.query ? -1 : 1));
  const partial = [...partialByPair.values()].sort((x, y) => y.credit - x.credit || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
  return { score, shared, onlyInQuery, onlyInReport, contradictions, partial, terms };
}

/** Tie-break between equally credited partners: the shorter path, then the smaller id. */
function better(rel: Relation, id: string, cur: Relation | undefined, curId: string | undefined): boolean {
  if (!cur || curId === undefined) return true;
  return rel.depth < cur.depth || (rel.depth === cur.depth && id < curId);
}

// ---------------------------------------------------------------------------------------------------------------
// Reference scorer

export type Scorer = (query: ConceptSet, report: ConceptSet) => SimilarityResult;

/**
 * A scorer with fixed options, keeping the canonical hierarchy's cache between calls. This is the reference
 * implementation: `ReportIndex.search` returns exactly the top of `rankReports` with the same options.
 */
export function createScorer(options: SimilarityOptions = {}): Scorer {
  const p = resolveParams(options);
  const eq = options.equivalence ?? IDENTITY_EQUIVALENCE;
  const h = options.hierarchy ? canonicalHierarchy(options.hierarchy, eq) : null;
  const relate = h ? createRelate(h, p, options.informationContent) : null;
  const explain = options.explain ?? true;
  return (query, report) => {
    validateConceptSet(query, 'query');
    validateConceptSet(report, 'report');
    return scoreItems(prepareItems(query, eq, options.weightOf), prepareItems(report, eq, options.weightOf), relate, p, explain);
  };
}

/** Similarity of two concept sets, with its explanation. For many comparisons use `createScorer` (it caches). */
export function compareConceptSets(query: ConceptSet, report: ConceptSet, options: SimilarityOptions = {}): SimilarityResult {
  return createScorer(options)(query, report);
}

export interface RankedReport extends SimilarityResult {
  id: string;
}

/**
 * Brute force: scores every report and returns the k best with a score > 0 (and ≥ minScore), best first; ties keep
 * the reports' order. O(reports); the index gives the same answer without scanning everything.
 */
export function rankReports(
  query: ConceptSet,
  reports: Iterable<readonly [string, ConceptSet]>,
  options: SimilarityOptions & { k?: number; minScore?: number } = {},
): RankedReport[] {
  const k = options.k ?? 10;
  const scorer = createScorer(options);
  const out: (RankedReport & { n: number })[] = [];
  let n = 0;
  for (const [id, set] of reports) {
    const res = scorer(query, set);
    if (res.score > 0 && res.score >= (options.minScore ?? 0)) out.push({ id, ...res, n });
    n++;
  }
  out.sort((a, b) => b.score - a.score || a.n - b.n);
  return out.slice(0, k).map(({ n: _n, ...rest }) => rest);
}

/** Wraps a hierarchy for canonical ids (reusing one that already is). */
export function canonicalHierarchy(h: Hierarchy, eq: Equivalence): CanonicalHierarchy {
  return h instanceof CanonicalHierarchy && h.equivalence === eq ? h : new CanonicalHierarchy(h, eq);
}
