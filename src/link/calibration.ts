/**
 * Turning linker scores into decisions users can trust: Platt scaling (score → probability that the top candidate
 * is right) and the NIL threshold, both fitted on labelled dev data. `clinlink eval link --linker --nil-holdout`
 * fits them; the values shipped for the default model live in decision.data.ts.
 */

export interface PlattParams {
  a: number;
  b: number;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function applyPlatt(p: PlattParams, score: number): number {
  return sigmoid(p.a * score + p.b);
}

/**
 * Fits sigmoid(a·s + b) to 0/1 outcomes by Newton's method on the log-loss, with Platt's smoothed targets
 * ((n₊+1)/(n₊+2), 1/(n₋+2)) so a separable dev set does not push the slope to infinity.
 */
export function fitPlatt(scores: readonly number[], correct: readonly boolean[]): PlattParams {
  if (scores.length !== correct.length) throw new RangeError('scores and outcomes differ in length');
  if (scores.length === 0) throw new RangeError('cannot fit a calibration on no data');
  const pos = correct.filter(Boolean).length;
  const neg = correct.length - pos;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const t = correct.map((c) => (c ? hi : lo));
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of the mean log-loss in (a, b).
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const d = p - t[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    // A tiny ridge keeps the 2×2 system solvable when every score is the same.
    haa += 1e-9;
    hbb += 1e-9;
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/** One linked mention as the threshold search sees it. */
export interface NilOutcome {
  /** Confidence of the top candidate. */
  confidence: number;
  /** The top candidate is the gold concept. */
  linkedCorrectly: boolean;
  /** The gold concept is not in the pack: the right answer is NIL. */
  goldIsNil: boolean;
}

/**
 * The confidence threshold that maximises decision accuracy: a mention is right when it is linked to its gold
 * concept above the threshold, or answered NIL below it while its gold concept is absent from the pack.
 * Ties go to the lowest threshold (fewest NIL answers).
 */
export function chooseNilThreshold(outcomes: readonly NilOutcome[]): { threshold: number; accuracy: number } {
  const sorted = [...outcomes].sort((x, y) => x.confidence - y.confidence);
  // Threshold 0: everything linked.
  let right = sorted.filter((o) => o.linkedCorrectly).length;
  let best = { threshold: 0, accuracy: sorted.length ? right / sorted.length : 0 };
  for (let i = 0; i < sorted.length; i++) {
    const o = sorted[i]!;
    // Moving the threshold just above o turns it into NIL.
    if (o.linkedCorrectly) right--;
    if (o.goldIsNil) right++;
    const next = sorted[i + 1];
    if (next && next.confidence === o.confidence) continue;
    const threshold = next ? (o.confidence + next.confidence) / 2 : Math.min(1, o.confidence + 1e-6);
    const accuracy = right / sorted.length;
    if (accuracy > best.accuracy + 1e-12) best = { threshold, accuracy };
  }
  return best;
}
