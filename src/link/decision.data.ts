import type { DecisionParams } from './linker.js';

/**
 * Key of the decision parameters for a bi-encoder, or for a bi-encoder with a cross-encoder reranking its
 * candidates (reranked scores have another scale, so their calibration and NIL threshold belong to the pair).
 */
export function decisionKey(biEncoderId: string, crossEncoderId?: string): string {
  return crossEncoderId ? `${biEncoderId}+${crossEncoderId}` : biEncoderId;
}

/**
 * Decision parameters fitted for the shipped models (`clinlink eval link --linker --nil-holdout 0.1` on NCBI-disease
 * DEV with the CTD MEDIC pack, seeds 42/7/13, averaged; see README "Linking"). Scores depend on the model, so the
 * values are keyed by model id; an unknown model (e.g. a user's SapBERT export) gets DEFAULT_DECISION until the
 * user fits its own with the same command and passes them as `decision`.
 */
export const CALIBRATED_DECISIONS: Readonly<Record<string, Partial<DecisionParams>>> = Object.freeze({
  'clinlink-bi-128x2-v2': {
    // Per-seed fits (dense + exact + char 3-gram channels): a 4.90/5.45/4.64, b −7.29/−8.26/−6.55;
    // NIL thresholds 0.29/0.28/0.18.
    calibration: { a: 5.0, b: -7.4 },
    nilThreshold: 0.25,
  },
  // The shipped pair: clinlink-cross-128x2-v1 reranks the top 16 as fused + 0.005 · logit (its clinlink.json).
  // Per-seed fits of the reranked score: a 4.89/5.35/4.58, b −7.16/−7.97/−6.32; NIL thresholds 0.31/0.29/0.20.
  'clinlink-bi-128x2-v2+clinlink-cross-128x2-v1': {
    rerankCalibration: { a: 4.94, b: -7.15 },
    rerankNilThreshold: 0.27,
  },
});
