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
});
