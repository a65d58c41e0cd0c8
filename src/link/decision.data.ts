import type { DecisionParams } from './linker.js';

/**
 * Decision parameters fitted for the shipped models (`clinlink eval link --linker --nil-holdout 0.1` on NCBI-disease
 * DEV with the CTD MEDIC pack, seeds 42/7/13, averaged; see README "Linking"). Scores depend on the model, so the
 * values are keyed by model id; an unknown model (e.g. a user's SapBERT export) gets DEFAULT_DECISION until the
 * user fits its own with the same command and passes them as `decision`.
 */
export const CALIBRATED_DECISIONS: Readonly<Record<string, Partial<DecisionParams>>> = Object.freeze({
  'clinlink-bi-128x2-v2': {
    // Per-seed fits: a 11.88/11.12/10.50, b −11.99/−11.28/−10.34; NIL thresholds 0.37/0.31/0.39.
    calibration: { a: 11.2, b: -11.2 },
    nilThreshold: 0.36,
  },
});
