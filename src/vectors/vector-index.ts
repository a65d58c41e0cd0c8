/** A nearest-neighbour index over L2-normalised vectors; scores are cosine similarities (inner products). */
export interface VectorHit {
  label: number;
  score: number;
}

export interface VectorIndex {
  readonly dim: number;
  readonly size: number;
  /** `queries` holds rows × dim floats; returns the top k labels per row, best first. */
  search(queries: Float32Array, k: number): VectorHit[][];
  /** The stored vector of a label (so a candidate found another way is scored without re-embedding), or null. */
  vector(label: number): Float32Array | null;
}
