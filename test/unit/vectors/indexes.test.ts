import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExactIndex } from '../../../src/vectors/exact.js';
import { HnswIndex } from '../../../src/vectors/hnsw.js';
import { tempDir } from '../../helpers/tmp.js';

/** Seeded unit vectors with cluster structure, like embeddings of related terms. */
function vectors(n: number, dim: number, seed: number): Float32Array {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  const centers = Array.from({ length: 20 }, () => Array.from({ length: dim }, rnd));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centers[i % 20]!;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (out[i * dim + d] = c[d]! + 0.6 * rnd()) ** 2;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[i * dim + d]! /= norm;
  }
  return out;
}

describe('vector indexes', () => {
  const dim = 32;
  const data = vectors(3000, dim, 7);
  const labels = Int32Array.from({ length: 3000 }, (_, i) => 10_000 + i);
  const queries = vectors(100, dim, 99);

  it('exact search returns the true top k in order, with labels', () => {
    const exact = new ExactIndex(data, dim, labels);
    const [hits] = exact.search(queries.subarray(0, dim), 5);
    expect(hits).toHaveLength(5);
    let best = -Infinity;
    let bestRow = -1;
    for (let r = 0; r < 3000; r++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += queries[d]! * data[r * dim + d]!;
      if (s > best) (best = s), (bestRow = r);
    }
    expect(hits![0]).toEqual({ label: 10_000 + bestRow, score: expect.closeTo(best, 5) });
    for (let i = 1; i < 5; i++) expect(hits![i]!.score).toBeLessThanOrEqual(hits![i - 1]!.score);
    expect(exact.search(queries.subarray(0, dim), 0)).toEqual([[]]);
    expect(exact.search(queries.subarray(0, dim), 10_000)[0]).toHaveLength(3000);
  });

  it('HNSW reaches recall@10 >= 0.95 against exact search and survives save/load', () => {
    const exact = new ExactIndex(data, dim, labels);
    const hnsw = HnswIndex.create(dim, 1000); // smaller than the data: add() grows it
    hnsw.add(data, labels);
    expect(hnsw.size).toBe(3000);
    const recall = (idx: HnswIndex) => {
      const truth = exact.search(queries, 10);
      const got = idx.search(queries, 10);
      let hit = 0;
      truth.forEach((t, q) => {
        const g = new Set(got[q]!.map((h) => h.label));
        hit += t.filter((h) => g.has(h.label)).length;
      });
      return hit / (10 * 100);
    };
    expect(recall(hnsw)).toBeGreaterThanOrEqual(0.95);
    const file = join(tempDir(), 'h.bin');
    hnsw.save(file);
    const loaded = HnswIndex.load(file, dim);
    expect(loaded.search(queries, 10)).toEqual(hnsw.search(queries, 10));
  });
});

describe('stored vectors by label', () => {
  const dim = 16;
  const data = vectors(200, dim, 3);
  const labels = Int32Array.from({ length: 200 }, (_, i) => 500 + 2 * i);

  it('exact and HNSW indexes give back the vector stored under a label, and null for an unknown one', () => {
    const exact = new ExactIndex(data, dim, labels);
    const hnsw = HnswIndex.create(dim, 200);
    hnsw.add(data, labels);
    for (const idx of [exact, hnsw]) {
      const v = idx.vector(500 + 2 * 17)!;
      expect(v).toHaveLength(dim);
      for (let d = 0; d < dim; d++) expect(v[d]).toBeCloseTo(data[17 * dim + d]!, 5);
      expect(idx.vector(501)).toBeNull();
      expect(idx.vector(-1)).toBeNull();
    }
    expect(new ExactIndex(data, dim).vector(199)).not.toBeNull();
    expect(new ExactIndex(data, dim).vector(200)).toBeNull();
  });
});
