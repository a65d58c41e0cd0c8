import { describe, expect, it } from 'vitest';
import { applyPlatt, chooseNilThreshold, fitPlatt, sigmoid } from '../../../src/link/calibration.js';
import { expectedCalibrationError } from '../../../src/eval/metrics.js';
import { seededRandom as rng } from '../../../src/eval/seeded-random.js';


describe('Platt scaling', () => {
  it('recovers the slope and intercept of outcomes drawn from a logistic model', () => {
    const r = rng(1);
    const truth = { a: 9, b: -7 };
    const scores: number[] = [];
    const correct: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = 0.5 + r() * 0.8;
      scores.push(s);
      correct.push(r() < sigmoid(truth.a * s + truth.b));
    }
    const fit = fitPlatt(scores, correct);
    expect(fit.a).toBeGreaterThan(8);
    expect(fit.a).toBeLessThan(10);
    expect(fit.b).toBeGreaterThan(-8);
    expect(fit.b).toBeLessThan(-6);
    // Calibrated probabilities are calibrated; an overconfident mapping is not.
    const after = expectedCalibrationError(scores.map((s) => applyPlatt(fit, s)), correct);
    const before = expectedCalibrationError(scores.map((s) => applyPlatt({ a: 30, b: -15 }, s)), correct);
    expect(after).toBeLessThan(0.02);
    expect(before).toBeGreaterThan(0.1);
  });

  it('stays finite on separable data (smoothed targets) and rejects empty input', () => {
    const fit = fitPlatt([0.1, 0.2, 0.8, 0.9], [false, false, true, true]);
    expect(Number.isFinite(fit.a) && Number.isFinite(fit.b)).toBe(true);
    expect(applyPlatt(fit, 0.9)).toBeGreaterThan(applyPlatt(fit, 0.1));
    expect(applyPlatt(fit, 0.9)).toBeLessThan(1);
    expect(() => fitPlatt([], [])).toThrow(RangeError);
    expect(() => fitPlatt([1], [true, false])).toThrow(RangeError);
  });
});

describe('NIL threshold', () => {
  it('answers NIL below the confidence that maximises decision accuracy', () => {
    const outcomes = [
      { confidence: 0.1, linkedCorrectly: false, goldIsNil: true },
      { confidence: 0.2, linkedCorrectly: false, goldIsNil: true },
      { confidence: 0.3, linkedCorrectly: true, goldIsNil: false },
      { confidence: 0.4, linkedCorrectly: false, goldIsNil: true },
      { confidence: 0.8, linkedCorrectly: true, goldIsNil: false },
      { confidence: 0.9, linkedCorrectly: true, goldIsNil: false },
    ];
    // NIL below 0.25: 2 right NILs + 3 right links = 5/6; below 0.6 also 5/6 (trades 0.3 for 0.4): lowest wins.
    expect(chooseNilThreshold(outcomes)).toEqual({ threshold: 0.25, accuracy: 5 / 6 });
  });

  it('links everything when no gold answer is NIL', () => {
    const outcomes = [0.2, 0.5, 0.7].map((confidence, i) => ({ confidence, linkedCorrectly: i > 0, goldIsNil: false }));
    expect(chooseNilThreshold(outcomes)).toEqual({ threshold: 0, accuracy: 2 / 3 });
  });
});
