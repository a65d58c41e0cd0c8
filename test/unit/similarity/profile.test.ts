import { describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { conceptSet, conceptSetFromDoc } from '../../../src/similarity/concept-set.js';
import { applyPolarityIdf, DEFAULT_SIMILARITY_PROFILE, parseProfile, polarityDf, withProfile } from '../../../src/similarity/profile.js';
import type { Doc } from '../../../src/types.js';

describe('polarity IDF', () => {
  // Three normal studies say "no effusion"; one shows an effusion.
  const sets = [conceptSet([], ['C:effusion']), conceptSet([], ['C:effusion']), conceptSet([], ['C:effusion']), conceptSet(['C:effusion', 'C:heart'])];

  it('counts each polarity apart', () => {
    expect(polarityDf(sets)).toEqual({ reports: 4, present: { 'C:effusion': 1, 'C:heart': 1 }, negated: { 'C:effusion': 3 } });
  });

  it('weighs a rare affirmed finding above its common negation, by ln((N+1)/(df+1)) + 1', () => {
    const df = polarityDf(sets);
    const affirmed = applyPolarityIdf(sets[3]!, df);
    const negated = applyPolarityIdf(sets[0]!, df);
    expect(affirmed.present.get('C:effusion')).toBeCloseTo(Math.log(5 / 2) + 1, 12);
    expect(negated.negated.get('C:effusion')).toBeCloseTo(Math.log(5 / 4) + 1, 12);
    // A concept the corpus never had gets the largest weight; the input set is not modified.
    expect(applyPolarityIdf(conceptSet(['C:new']), df).present.get('C:new')).toBeCloseTo(Math.log(5) + 1, 12);
    expect(sets[3]!.present.get('C:effusion')).toBe(1);
  });
});

describe('negatedFactor', () => {
  const entity = (id: string, negated: boolean) => ({
    start: 0,
    end: 1,
    text: 'x',
    type: 'condition' as const,
    section: 'findings' as const,
    assertion: { negated, uncertain: false, historical: false, hypothetical: false, family: false },
    concept: { conceptId: id, system: 'CLINLINK', codes: [id], term: 'x', score: 1, confidence: 1 },
  });
  const doc: Doc = { text: '', sections: [], sentences: [], entities: [entity('C:pneumothorax', true), entity('C:cardiomegaly', false)] };

  it('scales negated weights only, and must be in (0, 1]', () => {
    const s = conceptSetFromDoc(doc, { negatedFactor: 0.1 });
    expect(s.negated.get('C:pneumothorax')).toBeCloseTo(0.1, 12);
    expect(s.present.get('C:cardiomegaly')).toBe(1);
    expect(() => conceptSetFromDoc(doc, { negatedFactor: 0 })).toThrow(ClinlinkError);
    expect(() => conceptSetFromDoc(doc, { negatedFactor: 1.5 })).toThrow(ClinlinkError);
  });
});

describe('profiles', () => {
  it('round-trip through JSON and reject other shapes', () => {
    const p = withProfile(DEFAULT_SIMILARITY_PROFILE, { search: { alpha: 0.7 }, polarityIdf: false });
    expect(parseProfile(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(p.search.formula).toBe(DEFAULT_SIMILARITY_PROFILE.search.formula);
    expect(() => parseProfile({ conceptSet: {}, search: {} })).toThrow(ClinlinkError);
  });
});
