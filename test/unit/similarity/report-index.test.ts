import fc from 'fast-check';
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { conceptSet, type ConceptSet } from '../../../src/similarity/concept-set.js';
import { MapHierarchy, UnionFindEquivalence } from '../../../src/similarity/hierarchy.js';
import { ReportIndex, type SearchOptions } from '../../../src/similarity/report-index.js';
import { rankReports } from '../../../src/similarity/tversky.js';
import { tempDir } from '../../helpers/tmp.js';
import { randomHierarchy, randomSet, rng } from './synthetic.js';

const tree = new MapHierarchy({
  'lung-disease': ['disease'],
  pneumonia: ['lung-disease'],
  'bacterial-pneumonia': ['pneumonia'],
  'viral-pneumonia': ['pneumonia'],
  'heart-disease': ['disease'],
  mi: ['heart-disease'],
});

/** The reference answer: brute-force ranking of the live reports with the index's IDF and IC. */
function reference(index: ReportIndex, reports: Map<string, ConceptSet>, query: ConceptSet, options: SearchOptions, extra: Parameters<typeof rankReports>[2] = {}) {
  return rankReports(query, reports, {
    ...options,
    ...extra,
    ...(options.idf ? { weightOf: (k: string) => index.idf(k) } : {}),
    informationContent: (k: string) => index.informationContent(k),
  });
}

describe('ReportIndex: hand-checked search', () => {
  const index = new ReportIndex({ hierarchy: tree });
  index.add('r1', conceptSet(['pneumonia']));
  index.add('r2', conceptSet(['lung-disease']));
  index.add('r3', conceptSet(['disease']));
  index.add('r4', conceptSet(['mi']));
  index.add('r5', conceptSet([], ['pneumonia']));

  it('ranks exact, then parent (e^−1), then grandparent (e^−2); unrelated and contradicting reports are not returned', () => {
    const hits = index.search(conceptSet(['pneumonia']));
    expect(hits.map((h) => h.id)).toEqual(['r1', 'r2', 'r3']);
    expect(hits[0]!.score).toBe(1);
    expect(hits[1]!.score).toBeCloseTo(Math.exp(-1), 14);
    expect(hits[2]!.score).toBeCloseTo(Math.exp(-2), 14);
    expect(hits[1]!.partial).toEqual([{ a: 'pneumonia', b: 'lung-disease', negated: false, relation: 'ancestor', depth: 1, similarity: Math.exp(-1), credit: Math.exp(-1) }]);
    expect(index.search(conceptSet(['pneumonia']), { k: 1 }).map((h) => h.id)).toEqual(['r1']);
  });

  it('negated query matches negated reports', () => {
    const hits = index.search(conceptSet([], ['pneumonia']));
    expect(hits.map((h) => [h.id, h.score])).toEqual([['r5', 1]]);
  });

  it('IDF: ln((N+1)/(df+1)) + 1 over live reports', () => {
    // N = 5; pneumonia is in r1 (present) and r5 (negated): df = 2 → ln(6/3) + 1.
    expect(index.idf('pneumonia')).toBeCloseTo(Math.log(2) + 1, 15);
    expect(index.idf('unseen')).toBeCloseTo(Math.log(6) + 1, 15);
  });

  it('information content propagates counts up the hierarchy', () => {
    // Own counts: pneumonia 2, lung-disease 1, disease 1, mi 1 → total 5.
    // freq(lung-disease) = 1 + 2 = 3 → IC = −ln(4/6); freq(disease) = 1 + 3 + 1 (mi via heart-disease) = 5 → IC = 0.
    expect(index.informationContent('lung-disease')).toBeCloseTo(-Math.log(4 / 6), 15);
    expect(index.informationContent('disease')).toBe(0);
    expect(index.informationContent('heart-disease')).toBeCloseTo(-Math.log(2 / 6), 15);
  });

  it('validates input', () => {
    expect(() => index.add('r1', conceptSet(['x']))).toThrow(/already indexed/);
    expect(() => index.add('', conceptSet(['x']))).toThrow(ClinlinkError);
    expect(() => index.search(conceptSet(['x']), { k: 0 })).toThrow(/k must be/);
    expect(index.search(conceptSet([]))).toEqual([]);
    expect(index.search(conceptSet(['nothing-like-it']))).toEqual([]);
  });
});

describe('ReportIndex equals brute force', () => {
  const arbOptions = fc.record({
    formula: fc.constantFrom('symmetric' as const, 'tversky' as const),
    alpha: fc.constantFrom(0, 0.25, 0.5, 1),
    beta: fc.constantFrom(0, 0.5, 1, 2),
    gamma: fc.constantFrom(0, 0.5, 1, 2),
    contradictionWeight: fc.constantFrom(0, 0.2, 1, 3),
    conceptSimilarity: fc.constantFrom('path' as const, 'lin' as const),
    maxDistance: fc.constantFrom(0, 1, 3, Infinity),
    idf: fc.boolean(),
    k: fc.integer({ min: 1, max: 12 }),
    minScore: fc.constantFrom(0, 0, 0.2),
  });

  it('search returns exactly the top-k of rankReports (random sets, random DAG, removals, all options)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), arbOptions, fc.boolean(), (seed, options, synonyms) => {
        const random = rng(seed);
        const { hierarchy, concepts } = randomHierarchy(random, 20 + Math.floor(random() * 40));
        const equivalence = synonyms ? new UnionFindEquivalence([[concepts[3]!, concepts[11]!], [concepts[5]!, 'X:alias']]) : undefined;
        const pool = [...concepts, 'X:alias', 'X:orphan'];
        const index = new ReportIndex({ hierarchy, ...(equivalence ? { equivalence } : {}), refreshMinLength: 1 });
        const live = new Map<string, ConceptSet>();
        const n = 40 + Math.floor(random() * 120);
        for (let r = 0; r < n; r++) {
          const set = randomSet(random, pool, 10);
          index.add(`r${r}`, set);
          live.set(`r${r}`, set);
        }
        for (let r = 0; r < n; r += 7) {
          expect(index.remove(`r${r}`)).toBe(true);
          live.delete(`r${r}`);
        }
        for (let t = 0; t < 3; t++) {
          const query = randomSet(random, pool, 10);
          const got = index.search(query, options);
          const want = reference(index, live, query, options, { hierarchy, ...(equivalence ? { equivalence } : {}) });
          expect(got).toEqual(want);
          expect(index.search(query, { ...options, exhaustive: true })).toEqual(want);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('prunes on a larger skewed corpus and still equals exhaustive scoring', () => {
    const random = rng(42);
    const { hierarchy, concepts } = randomHierarchy(random, 400, 4);
    const index = new ReportIndex({ hierarchy, refreshMinLength: 128 });
    for (let r = 0; r < 6000; r++) index.add(`r${r}`, randomSet(random, concepts, 16, 0.1));
    let scanned = 0;
    let lists = 0;
    let scored = 0;
    let candidates = 0;
    for (let t = 0; t < 12; t++) {
      const query = randomSet(random, concepts, 16, 0.1);
      for (const options of [{}, { idf: true }, { conceptSimilarity: 'lin' as const }, { contradictionWeight: 0.1, formula: 'tversky' as const, alpha: 0.8, beta: 0.2 }] as SearchOptions[]) {
        const pruned = index.search(query, { ...options, k: 10 });
        const s = index.lastSearch;
        scanned += s.listsScanned;
        lists += s.lists;
        scored += s.scored;
        candidates += s.candidates;
        expect(pruned).toEqual(index.search(query, { ...options, k: 10, exhaustive: true }));
      }
    }
    // Pruning does work: fewer reports scored exactly than seen.
    expect(scored).toBeLessThan(candidates);
    expect(scanned).toBeLessThanOrEqual(lists);
  });
});

describe('ReportIndex: many survivors', () => {
  it('a low θ (large k over tiny, tied sets) still equals exhaustive scoring', () => {
    const random = rng(5);
    const { hierarchy, concepts } = randomHierarchy(random, 25);
    const index = new ReportIndex({ hierarchy, refreshMinLength: 64 });
    for (let r = 0; r < 12000; r++) index.add(`r${r}`, randomSet(random, concepts, 3, 0.1));
    for (let t = 0; t < 3; t++) {
      const query = randomSet(random, concepts, 5, 0.1);
      const options = { k: 4000, explain: false };
      expect(index.search(query, options)).toEqual(index.search(query, { ...options, exhaustive: true }));
    }
  });
});

describe('ReportIndex: remove, compaction', () => {
  it('removed reports disappear; ids can be re-added; mass removal compacts', () => {
    const random = rng(3);
    const { hierarchy, concepts } = randomHierarchy(random, 60);
    const index = new ReportIndex({ hierarchy });
    const live = new Map<string, ConceptSet>();
    for (let r = 0; r < 3000; r++) {
      const set = randomSet(random, concepts, 8);
      index.add(`r${r}`, set);
      live.set(`r${r}`, set);
    }
    const query = randomSet(random, concepts, 8);
    const top = index.search(query, { k: 5 });
    for (const h of top) {
      expect(index.remove(h.id)).toBe(true);
      live.delete(h.id);
    }
    expect(index.remove(top[0]!.id)).toBe(false);
    expect(index.has(top[0]!.id)).toBe(false);
    const after = index.search(query, { k: 5 });
    expect(after.some((h) => top.some((t) => t.id === h.id))).toBe(false);
    expect(after).toEqual(reference(index, live, query, {}, { hierarchy, k: 5 }));
    // Re-adding an id works and it is found again.
    index.add(top[0]!.id, live.get('r1') ?? conceptSet(['C:0001']));
    live.set(top[0]!.id, index.conceptSet(top[0]!.id)!);
    // Remove 2/3 of everything: past 50% dead and 1024 removals the arrays are compacted.
    for (let r = 0; r < 3000; r++) if (r % 3 !== 0 && index.remove(`r${r}`)) live.delete(`r${r}`);
    expect(index.size).toBe(live.size);
    expect([...index.reportIds()].sort()).toEqual([...live.keys()].sort());
    for (const options of [{ k: 8 }, { k: 8, idf: true }]) {
      expect(index.search(query, options)).toEqual(reference(index, live, query, options, { hierarchy }));
    }
  });
});

describe('ReportIndex: save and open', () => {
  const dir = tempDir('clinlink-simindex-');
  const random = rng(11);
  const { hierarchy, concepts } = randomHierarchy(random, 80);
  const eq = new UnionFindEquivalence([[concepts[2]!, 'ALIAS:two']]);
  const index = new ReportIndex({ hierarchy, equivalence: eq });
  for (let r = 0; r < 500; r++) index.add(`report-${r}`, randomSet(random, [...concepts, 'ALIAS:two'], 12));
  for (let r = 0; r < 500; r += 9) index.remove(`report-${r}`);
  const queries = Array.from({ length: 8 }, () => randomSet(random, concepts, 12));
  const optionSets: SearchOptions[] = [{}, { idf: true, k: 20 }, { conceptSimilarity: 'lin' }, { formula: 'tversky', alpha: 0.9, beta: 0.1, gamma: 0.3 }];
  const out = join(dir, 'idx');

  it('round-trips to identical results', () => {
    index.save(out);
    const reopened = ReportIndex.open(out, hierarchy, { equivalence: eq });
    expect(reopened.size).toBe(index.size);
    expect([...reopened.reportIds()]).toEqual([...index.reportIds()]);
    for (const q of queries) for (const o of optionSets) expect(reopened.search(q, o)).toEqual(index.search(q, o));
    expect(ReportIndex.verify(out)).toBe(true);
    // Still writable after opening; saving over an index replaces it.
    reopened.add('new', queries[0]!);
    expect(reopened.search(queries[0]!, { k: 1 })[0]).toMatchObject({ id: 'new', score: 1 });
    reopened.save(out);
    expect(ReportIndex.open(out, hierarchy, { equivalence: eq }).size).toBe(index.size + 1);
  });

  it('refuses a different hierarchy, a missing hierarchy, another equivalence', () => {
    const other = new MapHierarchy({ a: ['b'] });
    expect(() => ReportIndex.open(out, other, { equivalence: eq })).toThrow(expect.objectContaining({ code: 'E_INDEX_MISMATCH' }));
    expect(() => ReportIndex.open(out, null, { equivalence: eq })).toThrow(expect.objectContaining({ code: 'E_INDEX_MISMATCH' }));
    expect(() => ReportIndex.open(out, hierarchy)).toThrow(expect.objectContaining({ code: 'E_INDEX_MISMATCH' }));
  });

  it('detects damage', () => {
    const copy = join(dir, 'damaged');
    index.save(copy);
    const entries = join(copy, 'entries.i32');
    const bytes = readFileSync(entries);
    writeFileSync(entries, bytes.subarray(0, bytes.length - 4));
    expect(() => ReportIndex.open(copy, hierarchy, { equivalence: eq })).toThrow(expect.objectContaining({ code: 'E_INDEX_CORRUPT' }));
    // Same size, flipped content: the checksum catches it; a concept id out of range is caught structurally.
    const flipped = Buffer.from(bytes);
    flipped.writeInt32LE(2 ** 30, 0);
    writeFileSync(entries, flipped);
    expect(ReportIndex.verify(copy)).toBe(false);
    expect(() => ReportIndex.open(copy, hierarchy, { equivalence: eq, verify: true })).toThrow(/checksum/);
    expect(() => ReportIndex.open(copy, hierarchy, { equivalence: eq })).toThrow(/out of range/);
    rmSync(join(copy, 'manifest.json'));
    expect(() => ReportIndex.open(copy, hierarchy)).toThrow(expect.objectContaining({ code: 'E_INDEX_CORRUPT' }));
  });

  it('will not replace a directory that is not an index', () => {
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'keep me');
    expect(() => index.save(foreign)).toThrow(expect.objectContaining({ code: 'E_IO' }));
    expect(existsSync(join(foreign, 'notes.txt'))).toBe(true);
  });
});
