/**
 * ReportIndex scores each distinct concept set once and expands it to its reports. These properties check that
 * heavy duplication (the real-data case: many reports with the same set) changes nothing: the ranking, the scores and
 * the tie order (earlier-added report first) equal exhaustive reference scoring, also after removals, compaction,
 * re-adding into a signature whose reports were all removed, and save/open.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptSet, type ConceptSet } from '../../../src/similarity/concept-set.js';
import { UnionFindEquivalence } from '../../../src/similarity/hierarchy.js';
import { ReportIndex, REPORT_INDEX_VERSION, type SearchOptions } from '../../../src/similarity/report-index.js';
import { rankReports } from '../../../src/similarity/tversky.js';
import { tempDir } from '../../helpers/tmp.js';
import { randomHierarchy, randomSet, rng } from './synthetic.js';

/** A copy with new Maps (same insertion order): equal content, a different object. */
const copy = (s: ConceptSet): ConceptSet => ({ present: new Map(s.present), negated: new Map(s.negated), uncertain: new Set(s.uncertain) });

const arbOptions = fc.record({
  formula: fc.constantFrom('symmetric' as const, 'tversky' as const),
  alpha: fc.constantFrom(0, 0.2, 0.5, 1),
  beta: fc.constantFrom(0, 1, 2),
  gamma: fc.constantFrom(0.5, 1, 2),
  contradictionWeight: fc.constantFrom(0, 1, 3),
  conceptSimilarity: fc.constantFrom('path' as const, 'lin' as const),
  maxDistance: fc.constantFrom(0, 2, Infinity),
  idf: fc.boolean(),
  k: fc.integer({ min: 1, max: 25 }),
  minScore: fc.constantFrom(0, 0, 0.3),
});

describe('ReportIndex with duplicate concept sets equals exhaustive reference scoring', () => {
  it('after adds, removals, compaction, revived sets and save/open', () => {
    const dir = tempDir('clinlink-simdup-');
    let run = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), arbOptions, fc.boolean(), (seed, options: SearchOptions, synonyms) => {
        const random = rng(seed);
        const { hierarchy, concepts } = randomHierarchy(random, 15 + Math.floor(random() * 25));
        const equivalence = synonyms ? new UnionFindEquivalence([[concepts[2]!, 'X:alias']]) : undefined;
        const pool = [...concepts, 'X:alias'];
        const bases = Array.from({ length: 2 + Math.floor(random() * 8) }, () => randomSet(random, pool, 6));
        const index = new ReportIndex({ hierarchy, ...(equivalence ? { equivalence } : {}), refreshMinLength: 1 });
        const live = new Map<string, ConceptSet>();
        let next = 0;
        const addSome = (n: number) => {
          for (let x = 0; x < n; x++) {
            // Mostly repeats of a few sets (shared objects or equal copies), sometimes a fresh set.
            const u = random();
            const set = u < 0.45 ? bases[Math.floor(random() * bases.length)]! : u < 0.85 ? copy(bases[Math.floor(random() * bases.length)]!) : randomSet(random, pool, 6);
            const id = `r${next++}`;
            index.add(id, set);
            live.set(id, set);
          }
        };
        const removeSome = (fraction: number) => {
          for (const id of [...live.keys()]) {
            if (random() < fraction) {
              expect(index.remove(id)).toBe(true);
              live.delete(id);
            }
          }
        };
        const check = (ix: ReportIndex) => {
          expect(ix.size).toBe(live.size);
          for (let t = 0; t < 3; t++) {
            const query = t === 0 ? bases[Math.floor(random() * bases.length)]! : randomSet(random, pool, 6);
            const want = rankReports(query, live, {
              ...options,
              hierarchy,
              ...(equivalence ? { equivalence } : {}),
              ...(options.idf ? { weightOf: (k: string) => ix.idf(k) } : {}),
              informationContent: (k: string) => ix.informationContent(k),
            });
            expect(ix.search(query, options)).toEqual(want);
            expect(ix.search(query, { ...options, exhaustive: true })).toEqual(want);
          }
        };
        addSome(30 + Math.floor(random() * 150));
        expect(index.distinctSets).toBeLessThan(index.size);
        check(index);
        removeSome(0.3);
        check(index);
        // Every report of one base set removed (its signature dies), then the set comes back under a new id.
        const victim = bases[0]!;
        for (const [id, set] of [...live]) {
          if (set === victim) {
            index.remove(id);
            live.delete(id);
          }
        }
        check(index);
        index.add(`r${next}`, copy(victim));
        live.set(`r${next++}`, victim);
        addSome(20);
        check(index);
        index.compact();
        check(index);
        const out = join(dir, `idx${run++}`);
        index.save(out);
        const reopened = ReportIndex.open(out, hierarchy, equivalence ? { equivalence } : {});
        expect([...reopened.reportIds()]).toEqual([...live.keys()]);
        expect(reopened.distinctSets).toBe(index.distinctSets);
        check(reopened);
        // The reopened index stays incremental.
        reopened.remove([...live.keys()][0]!);
        live.delete([...live.keys()][0]!);
        check(reopened);
      }),
      { numRuns: 60 },
    );
  });

  it('one set repeated thousands of times: ties rank the earlier-added report first, also past compaction', () => {
    const random = rng(9);
    const { hierarchy, concepts } = randomHierarchy(random, 40);
    const normal = randomSet(random, concepts, 4, 0.5);
    const near = copy(normal);
    near.present.set('C:0039', 0.3);
    const index = new ReportIndex({ hierarchy });
    const live = new Map<string, ConceptSet>();
    for (let r = 0; r < 6000; r++) {
      const set = r % 3 === 0 ? near : r % 7 === 0 ? randomSet(random, concepts, 8) : normal;
      index.add(`r${r}`, set);
      live.set(`r${r}`, set);
    }
    expect(index.distinctSets).toBeLessThan(1000);
    const ref = (q: ConceptSet, o: SearchOptions) => rankReports(q, live, { ...o, hierarchy, informationContent: (k: string) => index.informationContent(k) });
    for (const o of [{ k: 10 }, { k: 2500 }, { k: 10, conceptSimilarity: 'lin' as const }]) {
      for (const q of [normal, near]) expect(index.search(q, o)).toEqual(ref(q, o));
    }
    // Removing the first 4,000 reports compacts (past 50 % dead): numbers change, the order does not.
    for (let r = 0; r < 4000; r++) {
      index.remove(`r${r}`);
      live.delete(`r${r}`);
    }
    const hits = index.search(normal, { k: 5 });
    expect(hits).toEqual(ref(normal, { k: 5 }));
    expect(hits.map((h) => h.score)).toEqual([1, 1, 1, 1, 1]);
    const order = hits.map((h) => Number(h.id.slice(1)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThanOrEqual(4000);
  });

  it('a report whose heavy concepts all contradict the query can still tie at 1 (κ = 0): bounds must not drop it', () => {
    // Regression: the linear necessary condition clamped W_A − contradictable weight at 0, so a report heavier than
    // the query by exactly its contradicted weight was pruned once θ reached 1.
    const query = conceptSet([['a', 1], ['b', 1]], [['x', 0.1], ['y', 0.1]]);
    const index = new ReportIndex();
    const live = new Map<string, ConceptSet>();
    const add = (id: string, set: ConceptSet) => (index.add(id, set), live.set(id, set));
    add('contradicts', conceptSet([['a', 1], ['b', 1], ['x', 5], ['y', 4]]));
    for (let r = 0; r < 30; r++) add(`same${r}`, copy(query));
    // More near misses than one batch of exact scores, all ahead of it by T/(W_A + W_B).
    for (let r = 0; r < 300; r++) add(`other${r}`, conceptSet([['a', 1], ['b', 1], [`z${r}`, 1]]));
    for (const contradictionWeight of [0, 0.5, 1]) {
      const options = { k: 10, alpha: 0.2, contradictionWeight };
      const want = rankReports(query, live, options);
      expect(index.search(query, options)).toEqual(want);
      if (contradictionWeight === 0) expect(want[0]).toMatchObject({ id: 'contradicts', score: 1 });
    }
  });

  it('a larger corpus of near-duplicates with frequent contradictions equals exhaustive scoring (pruning paths)', () => {
    const random = rng(77);
    const { hierarchy, concepts } = randomHierarchy(random, 120, 3);
    const bases = Array.from({ length: 40 }, () => randomSet(random, concepts, 7, 0.5));
    const perturb = (b: ConceptSet): ConceptSet => {
      const s = copy(b);
      const u = random();
      if (u < 0.3) s.present.set(concepts[Math.floor(random() * concepts.length)]!, 0.6);
      else if (u < 0.5) s.negated.set(concepts[Math.floor(random() * 20)]!, 0.3);
      for (const id of s.present.keys()) if (s.negated.has(id)) s.negated.delete(id);
      return s;
    };
    const index = new ReportIndex({ hierarchy, refreshMinLength: 64 });
    for (let r = 0; r < 8000; r++) index.add(`r${r}`, perturb(bases[Math.floor(random() * bases.length)]!));
    for (let r = 0; r < 8000; r += 11) index.remove(`r${r}`);
    for (let t = 0; t < 10; t++) {
      const query = perturb(bases[Math.floor(random() * bases.length)]!);
      for (const options of [{ alpha: 0.2, contradictionWeight: 0 }, { alpha: 0.2, contradictionWeight: 0.3, idf: true }, { alpha: 0.2 }, { formula: 'tversky' as const, alpha: 0.7, beta: 0.3, contradictionWeight: 0.2 }] as SearchOptions[]) {
        for (const k of [1, 10, 50]) expect(index.search(query, { ...options, k })).toEqual(index.search(query, { ...options, k, exhaustive: true }));
      }
    }
  });

  it('explanations of hits from one set are separate objects', () => {
    const index = new ReportIndex();
    const set = conceptSet(['a', 'b'], ['c']);
    for (let r = 0; r < 5; r++) index.add(`r${r}`, set);
    const hits = index.search(conceptSet(['a', 'd']), { k: 3 });
    expect(hits.map((h) => h.id)).toEqual(['r0', 'r1', 'r2']);
    expect(hits[0]!.shared).not.toBe(hits[1]!.shared);
    expect(hits[0]).toEqual({ ...hits[1]!, id: 'r0' });
  });

  it('an index saved by an older format version is refused with a clear error', () => {
    const dir = tempDir('clinlink-simold-');
    const index = new ReportIndex();
    index.add('r0', conceptSet(['a']));
    const out = join(dir, 'idx');
    index.save(out);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { version: number };
    expect(manifest.version).toBe(REPORT_INDEX_VERSION);
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, version: 1 }));
    expect(() => ReportIndex.open(out)).toThrow(expect.objectContaining({ code: 'E_INDEX_MISMATCH', message: expect.stringMatching(/version 1.*rebuild/) }));
  });
});
