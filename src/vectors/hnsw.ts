import { createRequire } from 'node:module';
import type { VectorHit, VectorIndex } from './vector-index.js';

// hnswlib-node is CommonJS only; createRequire loads it the same way from the ESM and the CJS build.
const require = createRequire(import.meta.url);

interface NativeHnsw {
  initIndex(maxElements: number, m: number, efConstruction: number, randomSeed: number): void;
  readIndexSync(path: string, allowReplaceDeleted?: boolean): void;
  writeIndexSync(path: string): void;
  resizeIndex(newMaxElements: number): void;
  addPoint(point: number[], label: number): void;
  searchKnn(query: number[], k: number): { distances: number[]; neighbors: number[] };
  getCurrentCount(): number;
  getMaxElements(): number;
  setEf(ef: number): void;
  getPoint(label: number): number[];
}

type HnswConstructor = new (space: 'ip' | 'cosine' | 'l2', dim: number) => NativeHnsw;

function native(): HnswConstructor {
  return (require('hnswlib-node') as { HierarchicalNSW: HnswConstructor }).HierarchicalNSW;
}

export interface HnswParams {
  M: number;
  efConstruction: number;
  efSearch: number;
}

/** Parameters chosen by measurement (bench/vectors): recall@10 ≥ 0.99 against exact search at these values. */
export const DEFAULT_HNSW_PARAMS: HnswParams = Object.freeze({ M: 16, efConstruction: 100, efSearch: 128 });

/**
 * Approximate inner-product search over L2-normalised vectors with hnswlib (distance = 1 − cosine).
 */
export class HnswIndex implements VectorIndex {
  readonly dim: number;
  private readonly index: NativeHnsw;
  private efSearch: number;

  private constructor(dim: number, index: NativeHnsw, efSearch: number) {
    this.dim = dim;
    this.index = index;
    this.efSearch = efSearch;
    index.setEf(efSearch);
  }

  static create(dim: number, capacity: number, params: HnswParams = DEFAULT_HNSW_PARAMS, seed = 42): HnswIndex {
    const Hnsw = native();
    const index = new Hnsw('ip', dim);
    index.initIndex(Math.max(1, capacity), params.M, params.efConstruction, seed);
    return new HnswIndex(dim, index, params.efSearch);
  }

  /** Loads a saved index; the caller has verified the file's checksum (see readIndexManifest). */
  static load(file: string, dim: number, efSearch = DEFAULT_HNSW_PARAMS.efSearch): HnswIndex {
    const Hnsw = native();
    const index = new Hnsw('ip', dim);
    index.readIndexSync(file);
    return new HnswIndex(dim, index, efSearch);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** Adds rows of `vectors` (rows × dim) under the given labels. */
  add(vectors: Float32Array, labels: ArrayLike<number>): void {
    const n = labels.length;
    if (this.size + n > this.index.getMaxElements()) this.index.resizeIndex(Math.ceil((this.size + n) * 1.25));
    for (let i = 0; i < n; i++) this.index.addPoint(Array.from(vectors.subarray(i * this.dim, (i + 1) * this.dim)), labels[i]!);
  }

  setEf(ef: number): void {
    this.efSearch = ef;
    this.index.setEf(ef);
  }

  save(file: string): void {
    this.index.writeIndexSync(file);
  }

  vector(label: number): Float32Array | null {
    try {
      return Float32Array.from(this.index.getPoint(label));
    } catch {
      // hnswlib throws for a label it does not hold.
      return null;
    }
  }

  search(queries: Float32Array, k: number): VectorHit[][] {
    const nq = queries.length / this.dim;
    const kk = Math.max(0, Math.min(Math.floor(k), this.size));
    if (kk > this.efSearch) this.index.setEf(kk);
    const out: VectorHit[][] = [];
    for (let q = 0; q < nq; q++) {
      if (kk === 0) {
        out.push([]);
        continue;
      }
      const r = this.index.searchKnn(Array.from(queries.subarray(q * this.dim, (q + 1) * this.dim)), kk);
      out.push(r.neighbors.map((label, i) => ({ label, score: 1 - r.distances[i]! })));
    }
    if (kk > this.efSearch) this.index.setEf(this.efSearch);
    return out;
  }
}
