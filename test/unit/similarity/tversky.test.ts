import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { conceptSet } from '../../../src/similarity/concept-set.js';
import { MapHierarchy, UnionFindEquivalence } from '../../../src/similarity/hierarchy.js';
import {
  compareConceptSets,
  createScorer,
  informationContent,
  linSimilarity,
  pathSimilarity,
  rankReports,
  resolveParams,
  symmetricTversky,
  weightedTversky,
} from '../../../src/similarity/tversky.js';
import { randomHierarchy, randomSet, rng } from './synthetic.js';

/*
 * Tiny hierarchy used by the hand-computed examples:
 *
 *   disease
 *   ├── lung-disease
 *   │   └── pneumonia
 *   │       ├── bacterial-pneumonia
 *   │       └── viral-pneumonia
 *   └── heart-disease
 *       └── mi
 */
const tree = new MapHierarchy({
  'lung-disease': ['disease'],
  pneumonia: ['lung-disease'],
  'bacterial-pneumonia': ['pneumonia'],
  'viral-pneumonia': ['pneumonia'],
  'heart-disease': ['disease'],
  mi: ['heart-disease'],
});
const E1 = Math.exp(-1);
const E2 = Math.exp(-2);

describe('formulas', () => {
  it('weighted Tversky: I / (I + α·d1 + β·d2 + C)', () => {
    // I = 1.5, d1 = 1, d2 = 2: α = β = 0.5 → 1.5 / (1.5 + 0.5 + 1) = 0.5 (Dice); α = β = 1 → 1.5 / 4.5 (Jaccard).
    expect(weightedTversky(1.5, 1, 2, 0.5, 0.5)).toBeCloseTo(0.5, 15);
    expect(weightedTversky(1.5, 1, 2, 1, 1)).toBeCloseTo(1 / 3, 15);
    // C adds to the denominator: 1.5 / (1.5 + 0.5 + 1 + 1) = 0.375.
    expect(weightedTversky(1.5, 1, 2, 0.5, 0.5, 1)).toBeCloseTo(0.375, 15);
    expect(weightedTversky(0, 1, 2, 0.5, 0.5)).toBe(0);
  });

  it('symmetric variant: I / (I + β(α·min + (1−α)·max) + C)', () => {
    // I = 1.5, d1 = 1, d2 = 2, α = 0.25, β = 2: 2·(0.25·1 + 0.75·2) = 3.5 → 1.5 / 5 = 0.3, whichever side is larger.
    expect(symmetricTversky(1.5, 1, 2, 0.25, 2)).toBeCloseTo(0.3, 15);
    expect(symmetricTversky(1.5, 2, 1, 0.25, 2)).toBeCloseTo(0.3, 15);
    // With C = 1: 1.5 / 6 = 0.25.
    expect(symmetricTversky(1.5, 1, 2, 0.25, 2, 1)).toBeCloseTo(0.25, 15);
    expect(symmetricTversky(0, 0, 0, 0.5, 1)).toBe(0);
  });

  it('path, Lin and information content', () => {
    expect(pathSimilarity(0, 1)).toBe(1);
    expect(pathSimilarity(2, 0.5)).toBeCloseTo(Math.exp(-1), 15);
    // 2·IC(lcs)/(IC(a)+IC(b)) = 2·2/(3+2) = 0.8.
    expect(linSimilarity(3, 2, 2)).toBeCloseTo(0.8, 15);
    expect(linSimilarity(0, 0, 0)).toBe(0);
    // IC = −ln((freq+1)/(total+1)): freq 9 of 99 → −ln(10/100) = ln 10; the root (freq = total) has IC 0.
    expect(informationContent(9, 99)).toBeCloseTo(Math.log(10), 15);
    expect(informationContent(99, 99)).toBe(0);
  });

  it('validates parameters', () => {
    expect(() => resolveParams({ alpha: 1.5 })).toThrow(ClinlinkError);
    expect(() => resolveParams({ beta: -1 })).toThrow(/beta/);
    expect(() => resolveParams({ gamma: Number.NaN })).toThrow(/gamma/);
    expect(() => resolveParams({ formula: 'tversky', alpha: 2 })).not.toThrow();
    expect(resolveParams()).toEqual({ formula: 'symmetric', alpha: 0.5, beta: 1, gamma: 1, kappa: 1, conceptSimilarity: 'path', maxDistance: Infinity });
    expect(resolveParams({ formula: 'tversky' }).beta).toBe(0.5);
  });
});

describe('concept-set similarity by hand', () => {
  it('weighted sets, exact matches only', () => {
    // A = {x:1, y:1, z:0.5}, B = {x:1, y:0.5, w:2}.
    // credit(x) = min(1,1) = 1, credit(y) = min(1,0.5) = 0.5 on both sides → I_A = I_B = 1.5, I = 1.5.
    // d1 = (1−1) + (1−0.5) + (0.5−0) = 1; d2 = (1−1) + (0.5−0.5) + (2−0) = 2.
    const A = conceptSet([['x', 1], ['y', 1], ['z', 0.5]]);
    const B = conceptSet([['x', 1], ['y', 0.5], ['w', 2]]);
    const sym = compareConceptSets(A, B, { alpha: 0.25, beta: 2 });
    expect(sym.terms).toMatchObject({ intersection: 1.5, queryOnly: 1, reportOnly: 2, contradiction: 0, queryWeight: 2.5, reportWeight: 3.5 });
    expect(sym.score).toBeCloseTo(0.3, 15); // 1.5 / (1.5 + 2·(0.25·1 + 0.75·2))
    // Asymmetric, α = 1, β = 0 (how much of the query is covered): 1.5 / (1.5 + 1) = 0.6; swapped: 1.5 / (1.5 + 2).
    expect(compareConceptSets(A, B, { formula: 'tversky', alpha: 1, beta: 0 }).score).toBeCloseTo(0.6, 15);
    expect(compareConceptSets(B, A, { formula: 'tversky', alpha: 1, beta: 0 }).score).toBeCloseTo(1.5 / 3.5, 15);
    expect(sym.shared).toEqual([
      { query: 'x', report: 'x', negated: false, weight: 1 },
      { query: 'y', report: 'y', negated: false, weight: 0.5 },
    ]);
    expect(sym.onlyInQuery).toEqual([{ id: 'z', negated: false, weight: 0.5 }]);
    expect(sym.onlyInReport).toEqual([{ id: 'w', negated: false, weight: 2 }]);
  });

  it('identical sets score 1, disjoint sets 0', () => {
    const A = conceptSet(['a', ['b', 0.3]], ['c']);
    expect(compareConceptSets(A, A).score).toBe(1);
    expect(compareConceptSets(A, A, { hierarchy: tree, formula: 'tversky', alpha: 3, beta: 0.1 }).score).toBe(1);
    expect(compareConceptSets(A, conceptSet(['d', 'e'], ['f'])).score).toBe(0);
    expect(compareConceptSets(conceptSet([]), conceptSet([])).score).toBe(0);
  });

  it('negated matches negated; present vs negated is a contradiction that lowers the score', () => {
    const A = conceptSet(['p'], ['q']);
    expect(compareConceptSets(A, conceptSet(['p'], ['q'])).score).toBe(1);
    // A = {p, q}, B = {p, ¬q}: credit(p) = 1 both sides; q is a contradiction: C = κ·(1 + 1)/2 = 1, d1 = d2 = 0.
    // S = 1 / (1 + 0 + 1) = 0.5.
    const A2 = conceptSet(['p', 'q']);
    const contra = compareConceptSets(A2, conceptSet(['p'], ['q']));
    expect(contra.terms).toMatchObject({ intersection: 1, queryOnly: 0, reportOnly: 0, contradiction: 1 });
    expect(contra.score).toBeCloseTo(0.5, 15);
    expect(contra.contradictions).toEqual([{ query: 'q', report: 'q', queryNegated: false, penalty: 1 }]);
    // Without the negated q the report only lacks q: d1 = 1 → S = 1 / (1 + 1·(0.5·0 + 0.5·1)) = 2/3 > 0.5.
    expect(compareConceptSets(A2, conceptSet(['p'])).score).toBeCloseTo(2 / 3, 15);
    // κ scales the penalty: κ = 3 → C = 3 → S = 1/4.
    expect(compareConceptSets(A2, conceptSet(['p'], ['q']), { contradictionWeight: 3 }).score).toBeCloseTo(0.25, 15);
  });

  it('hierarchy: partial credit exp(−γ·d) from the nearest ancestor or descendant, decaying with distance', () => {
    // A = {pneumonia}, B = {lung-disease} (parent, d = 1): credit = e^−1·min(1,1) on each side → I = e^−1,
    // d1 = d2 = 1 − e^−1 → S = e^−1 / (e^−1 + 1·(0.5 + 0.5)(1 − e^−1)) = e^−1.
    const parent = compareConceptSets(conceptSet(['pneumonia']), conceptSet(['lung-disease']), { hierarchy: tree });
    expect(parent.score).toBeCloseTo(E1, 14);
    expect(parent.partial).toEqual([{ a: 'pneumonia', b: 'lung-disease', negated: false, relation: 'ancestor', depth: 1, similarity: E1, credit: E1 }]);
    // Grandparent (d = 2): e^−2. Unrelated (mi): 0.
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet(['disease']), { hierarchy: tree }).score).toBeCloseTo(E2, 14);
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet(['mi']), { hierarchy: tree }).score).toBe(0);
    // Descendant side: A = {lung-disease}, B = {bacterial-pneumonia} (d = 2).
    const desc = compareConceptSets(conceptSet(['lung-disease']), conceptSet(['bacterial-pneumonia']), { hierarchy: tree });
    expect(desc.score).toBeCloseTo(E2, 14);
    expect(desc.partial[0]).toMatchObject({ relation: 'descendant', depth: 2 });
    // γ = 0.5 decays slower: e^−0.5.
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet(['lung-disease']), { hierarchy: tree, gamma: 0.5 }).score).toBeCloseTo(Math.exp(-0.5), 14);
    // maxDistance 1 cuts the grandparent off.
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet(['disease']), { hierarchy: tree, maxDistance: 1 }).score).toBe(0);
    // Polarity must agree: a negated parent gives no partial credit.
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet([], ['lung-disease']), { hierarchy: tree }).score).toBe(0);
  });

  it('hierarchy with unequal weights and one-to-many matches', () => {
    // A = {pneumonia:1}, B = {lung-disease:0.5}: credit = e^−1·min(1, 0.5) = 0.5e^−1 ≈ 0.18394 on each side.
    // I = 0.18394, d1 = 1 − 0.18394 = 0.81606, d2 = 0.5 − 0.18394 = 0.31606;
    // S = 0.18394 / (0.18394 + 0.5·0.31606 + 0.5·0.81606) = 0.18394 / 0.75 ≈ 0.24525.
    const s = compareConceptSets(conceptSet([['pneumonia', 1]]), conceptSet([['lung-disease', 0.5]]), { hierarchy: tree });
    expect(s.score).toBeCloseTo((0.5 * E1) / 0.75, 14);
    // A = {pneumonia}, B = {lung-disease, bacterial-pneumonia} (both at d = 1):
    // I_A = e^−1 (best match), I_B = 2e^−1 → I = 1.5e^−1; d1 = 1 − e^−1, d2 = 2 − 2e^−1;
    // S = 1.5e^−1 / (1.5e^−1 + 0.5(1 − e^−1) + 0.5(2 − 2e^−1)) = 1.5e^−1 / 1.5 = e^−1.
    const many = compareConceptSets(conceptSet(['pneumonia']), conceptSet(['lung-disease', 'bacterial-pneumonia']), { hierarchy: tree });
    expect(many.score).toBeCloseTo(E1, 14);
    expect(many.terms.intersection).toBeCloseTo(1.5 * E1, 14);
    // The query side's credit (e^−1 / 2) went to the tie-break winner: same depth, smaller id (bacterial-pneumonia).
    expect(many.partial.map((m) => [m.b, m.credit])).toEqual([
      ['bacterial-pneumonia', E1],
      ['lung-disease', E1 / 2],
    ]);
  });

  it('a partial match beats no match, and a nearer one beats a farther one', () => {
    const q = conceptSet(['pneumonia', 'x']);
    const near = compareConceptSets(q, conceptSet(['lung-disease', 'x']), { hierarchy: tree }).score;
    const far = compareConceptSets(q, conceptSet(['disease', 'x']), { hierarchy: tree }).score;
    const none = compareConceptSets(q, conceptSet(['mi', 'x']), { hierarchy: tree }).score;
    const exact = compareConceptSets(q, conceptSet(['pneumonia', 'x']), { hierarchy: tree }).score;
    expect(exact).toBe(1);
    expect(near).toBeGreaterThan(far);
    expect(far).toBeGreaterThan(none);
    expect(none).toBeGreaterThan(0); // x is shared
  });

  it('synonymy: concepts of one equivalence class count as shared', () => {
    const eq = new UnionFindEquivalence([
      ['UMLS:C0032285', 'SNOMEDCT:233604007'],
      ['SNOMEDCT:233604007', 'CLINLINK:pneumonia'],
    ]);
    expect(eq.canonical('UMLS:C0032285')).toBe('CLINLINK:pneumonia');
    expect(eq.members('CLINLINK:pneumonia')).toEqual(['CLINLINK:pneumonia', 'SNOMEDCT:233604007', 'UMLS:C0032285']);
    const res = compareConceptSets(conceptSet(['UMLS:C0032285', 'a']), conceptSet(['SNOMEDCT:233604007', 'a']), { equivalence: eq });
    expect(res.score).toBe(1);
    expect(res.shared).toContainEqual({ query: 'UMLS:C0032285', report: 'SNOMEDCT:233604007', negated: false, weight: 1 });
    expect(compareConceptSets(conceptSet(['UMLS:C0032285']), conceptSet(['SNOMEDCT:233604007'])).score).toBe(0);
    // A negated synonym is a contradiction.
    expect(compareConceptSets(conceptSet(['UMLS:C0032285']), conceptSet([], ['CLINLINK:pneumonia']), { equivalence: eq }).contradictions).toHaveLength(1);
    // Two synonyms in one set merge into one item (affirmed wins, then the larger weight).
    const merged = compareConceptSets(conceptSet([['UMLS:C0032285', 0.5], ['SNOMEDCT:233604007', 1]]), conceptSet(['CLINLINK:pneumonia']), { equivalence: eq });
    expect(merged.score).toBe(1);
    expect(merged.terms.queryWeight).toBe(1);
  });

  it('synonymy composes with the hierarchy (ancestors of every class member)', () => {
    const h = new MapHierarchy({ 'A:pneumonia': ['A:lung-disease'], 'B:lung': ['B:organ'] });
    const eq = new UnionFindEquivalence([['A:lung-disease', 'B:lung']]);
    // A:pneumonia's parent A:lung-disease is canonical 'A:lung-disease' = B:lung's class; B:organ is 2 up.
    const res = compareConceptSets(conceptSet(['A:pneumonia']), conceptSet(['B:organ']), { hierarchy: h, equivalence: eq });
    expect(res.score).toBeCloseTo(E2, 14);
  });

  it('Lin similarity with information content (best-match average)', () => {
    const ic: Record<string, number> = { disease: 0, 'lung-disease': 1, pneumonia: 2, 'bacterial-pneumonia': 3, 'viral-pneumonia': 3, 'heart-disease': 1, mi: 2.5 };
    const opts = { hierarchy: tree, conceptSimilarity: 'lin' as const, informationContent: (k: string) => ic[k] ?? 4 };
    // bacterial-pneumonia vs pneumonia: lcs = pneumonia, sim = 2·2/(3+2) = 0.8; credits 0.8, d1 = d2 = 0.2 → S = 0.8.
    const parent = compareConceptSets(conceptSet(['bacterial-pneumonia']), conceptSet(['pneumonia']), opts);
    expect(parent.score).toBeCloseTo(0.8, 14);
    // Siblings share pneumonia: 2·2/(3+3) = 2/3.
    const sib = compareConceptSets(conceptSet(['bacterial-pneumonia']), conceptSet(['viral-pneumonia']), opts);
    expect(sib.score).toBeCloseTo(2 / 3, 14);
    expect(sib.partial[0]).toMatchObject({ relation: 'related', via: 'pneumonia', depth: 2 });
    // Only the root in common (IC 0): nothing.
    expect(compareConceptSets(conceptSet(['pneumonia']), conceptSet(['mi']), opts).score).toBe(0);
    expect(() => compareConceptSets(conceptSet(['a']), conceptSet(['a']), { hierarchy: tree, conceptSimilarity: 'lin' })).toThrow(/information content/);
  });

  it('weight multipliers (IDF) scale items', () => {
    // A = {a, b}, B = {a, c}; multipliers a:1, b:3, c:1 → I = 1, d1 = 3, d2 = 1 → S = 1 / (1 + 0.5·1 + 0.5·3) = 1/3.
    const m: Record<string, number> = { a: 1, b: 3, c: 1 };
    expect(compareConceptSets(conceptSet(['a', 'b']), conceptSet(['a', 'c']), { weightOf: (k) => m[k]! }).score).toBeCloseTo(1 / 3, 15);
    expect(() => compareConceptSets(conceptSet(['a']), conceptSet(['a']), { weightOf: () => 0 })).toThrow(ClinlinkError);
  });

  it('rankReports: brute force, best first, ties in input order, zero scores dropped', () => {
    const reports: [string, ReturnType<typeof conceptSet>][] = [
      ['r1', conceptSet(['a', 'b'])],
      ['r2', conceptSet(['z'])],
      ['r3', conceptSet(['a'])],
      ['r4', conceptSet(['a', 'b'])],
    ];
    const ranked = rankReports(conceptSet(['a', 'b']), reports, { k: 3 });
    expect(ranked.map((r) => r.id)).toEqual(['r1', 'r4', 'r3']);
    expect(rankReports(conceptSet(['a', 'b']), reports, { minScore: 0.9 }).map((r) => r.id)).toEqual(['r1', 'r4']);
  });
});

describe('properties', () => {
  const { hierarchy, concepts } = randomHierarchy(rng(7), 40);
  const ic = (k: string) => 0.1 + (Number(k.slice(2)) % 7);
  const arbSet = fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => randomSet(rng(seed), concepts, 8));
  const arbParams = fc.record({
    alpha: fc.double({ min: 0, max: 1, noNaN: true }),
    beta: fc.double({ min: 0, max: 3, noNaN: true }),
    gamma: fc.double({ min: 0, max: 3, noNaN: true }),
    contradictionWeight: fc.double({ min: 0, max: 3, noNaN: true }),
    conceptSimilarity: fc.constantFrom('path' as const, 'lin' as const),
    maxDistance: fc.constantFrom(0, 1, 2, Infinity),
  });

  it('the symmetric variant is symmetric, and every score is in [0, 1]', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbParams, (A, B, params) => {
        const score = createScorer({ ...params, hierarchy, informationContent: ic });
        const ab = score(A, B);
        const ba = score(B, A);
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
        expect(Math.abs(ab.score - ba.score)).toBeLessThan(1e-12);
        expect(ab.terms.queryOnly).toBeCloseTo(ba.terms.reportOnly, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('identical sets score 1 with any parameters', () => {
    fc.assert(
      fc.property(arbSet, arbParams, fc.constantFrom('symmetric' as const, 'tversky' as const), (A, params, formula) => {
        expect(createScorer({ ...params, formula, hierarchy, informationContent: ic })(A, A).score).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('explanation terms reproduce the score', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbParams, (A, B, params) => {
        const r = createScorer({ ...params, hierarchy, informationContent: ic })(A, B);
        const t = r.terms;
        expect(symmetricTversky(t.intersection, t.queryOnly, t.reportOnly, params.alpha, params.beta, t.contradiction)).toBe(r.score);
        const sharedI = r.shared.reduce((s, x) => s + x.weight, 0) + r.partial.reduce((s, x) => s + x.credit, 0);
        expect(sharedI).toBeCloseTo(t.intersection, 10);
        const C = r.contradictions.reduce((s, x) => s + x.penalty, 0);
        expect(C).toBeCloseTo(t.contradiction, 10);
      }),
      { numRuns: 200 },
    );
  });
});
