import { invalidArgument } from '../errors.js';
import type { VectorHit, VectorIndex } from './vector-index.js';

/**
 * Exact inner-product search by brute force over a row-major matrix. No build step and recall 1.0: the right
 * backend for small packs and the reference the HNSW index is measured against. Queries are processed in blocks of
 * rows so each matrix row is read once per block, which keeps the inner loop in cache.
 */
export class ExactIndex implements VectorIndex {
  readonly dim: number;
  readonly size: number;
  private readonly matrix: Float32Array;
  private readonly labels: Int32Array | undefined;

  constructor(matrix: Float32Array, dim: number, labels?: Int32Array) {
    if (dim <= 0 || matrix.length % dim !== 0) throw invalidArgument(`matrix length ${matrix.length} is not a multiple of dim ${dim}`, 'dim');
    this.matrix = matrix;
    this.dim = dim;
    this.size = matrix.length / dim;
    if (labels && labels.length !== this.size) throw invalidArgument('one label per row is required', 'labels');
    this.labels = labels;
  }

  private rowOf: Map<number, number> | undefined;

  vector(label: number): Float32Array | null {
    let row: number | undefined = label;
    if (this.labels) {
      this.rowOf ??= new Map(Array.from(this.labels, (l, i) => [l, i]));
      row = this.rowOf.get(label);
    }
    if (row === undefined || !Number.isInteger(row) || row < 0 || row >= this.size) return null;
    return this.matrix.subarray(row * this.dim, (row + 1) * this.dim);
  }

  search(queries: Float32Array, k: number): VectorHit[][] {
    const { dim, size, matrix } = this;
    if (queries.length % dim !== 0) throw invalidArgument(`query length ${queries.length} is not a multiple of dim ${dim}`, 'queries');
    const nq = queries.length / dim;
    const kk = Math.max(0, Math.min(Math.floor(k), size));
    const results: VectorHit[][] = [];
    const BLOCK = 32;
    for (let q0 = 0; q0 < nq; q0 += BLOCK) {
      const q1 = Math.min(nq, q0 + BLOCK);
      const heaps = Array.from({ length: q1 - q0 }, () => new TopK(kk));
      for (let r = 0; r < size; r++) {
        const off = r * dim;
        for (let q = q0; q < q1; q++) {
          const qo = q * dim;
          let s = 0;
          for (let d = 0; d < dim; d++) s += queries[qo + d]! * matrix[off + d]!;
          heaps[q - q0]!.push(r, s);
        }
      }
      for (const h of heaps) results.push(h.sorted().map(([r, score]) => ({ label: this.labels ? this.labels[r]! : r, score })));
    }
    return results;
  }
}

/** A bounded min-heap keeping the k largest scores. */
class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float32Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float32Array(k);
  }
  push(id: number, score: number): void {
    const k = this.k;
    if (k === 0) return;
    if (this.n < k) {
      let i = this.n++;
      this.ids[i] = id;
      this.scores[i] = score;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (this.scores[p]! <= this.scores[i]!) break;
        this.swap(i, p);
        i = p;
      }
    } else if (score > this.scores[0]!) {
      this.ids[0] = id;
      this.scores[0] = score;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k && this.scores[l]! < this.scores[m]!) m = l;
        if (r < k && this.scores[r]! < this.scores[m]!) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
  }
  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.n; i++) out.push([this.ids[i]!, this.scores[i]!]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }
  private swap(a: number, b: number): void {
    const ti = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = ti;
    const ts = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = ts;
  }
}
