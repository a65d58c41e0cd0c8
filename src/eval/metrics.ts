/** The one metrics module: every eval command computes its numbers here. */

export interface PRF {
  p: number;
  r: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): PRF {
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { p: round(p), r: round(r), f1: round(p + r === 0 ? 0 : (2 * p * r) / (p + r)) };
}

/** Fraction of queries whose top-k predictions contain a gold id. */
export function accuracyAtK(predictions: readonly (readonly string[])[], gold: readonly ReadonlySet<string>[], k: number): number {
  if (predictions.length === 0) return 0;
  let hit = 0;
  predictions.forEach((pred, i) => {
    if (pred.slice(0, k).some((id) => gold[i]!.has(id))) hit++;
  });
  return round(hit / predictions.length);
}

/** Expected calibration error over equal-width confidence bins. */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 10): number {
  const n = confidences.length;
  if (n === 0) return 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const lo = b / bins;
    const hi = (b + 1) / bins;
    const idx = confidences.map((c, i) => [c, i] as const).filter(([c]) => (b === 0 ? c >= lo : c > lo) && c <= hi);
    if (!idx.length) continue;
    const acc = idx.filter(([, i]) => correct[i]).length / idx.length;
    const conf = idx.reduce((s, [c]) => s + c, 0) / idx.length;
    ece += (idx.length / n) * Math.abs(acc - conf);
  }
  return round(ece);
}

/** Precision at k: relevant ids among the first k of a ranking, over k (a ranking shorter than k counts its misses). */
export function precisionAtK(ranked: readonly string[] | readonly number[], relevant: ReadonlySet<string> | ReadonlySet<number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError('k must be a positive integer');
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if ((relevant as ReadonlySet<unknown>).has(ranked[i])) hits++;
  return hits / k;
}

/** Average precision of one ranked list against a set of relevant ids. */
export function averagePrecision(ranked: readonly string[] | readonly number[], relevant: ReadonlySet<string> | ReadonlySet<number>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  (ranked as readonly unknown[]).forEach((id, i) => {
    if ((relevant as ReadonlySet<unknown>).has(id)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / relevant.size;
}

/** nDCG@k with graded gains. */
export function ndcgAtK(gains: readonly number[], idealGains: readonly number[], k: number): number {
  const dcg = (g: readonly number[]) => g.slice(0, k).reduce((s, v, i) => s + (2 ** v - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...idealGains].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(gains) / ideal;
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
