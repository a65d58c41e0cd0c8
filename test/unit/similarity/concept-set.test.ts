import { describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import type { SemanticGroup } from '../../../src/ontology/concept.js';
import { SEMANTIC_GROUPS } from '../../../src/ontology/concept.js';
import { conceptSet, conceptSetFromDoc, DEFAULT_GROUP_WEIGHTS, validateConceptSet } from '../../../src/similarity/concept-set.js';
import type { Assertion, Doc, Entity } from '../../../src/types.js';

const NONE: Assertion = { negated: false, uncertain: false, historical: false, hypothetical: false, family: false };

let pos = 0;
function entity(conceptId: string | null, type: SemanticGroup, assertion: Partial<Assertion> = {}, confidence = 0.9): Entity {
  const start = pos;
  pos += 10;
  return {
    start,
    end: start + 5,
    text: 'x',
    type,
    section: 'findings',
    assertion: { ...NONE, ...assertion },
    concept: conceptId ? { conceptId, system: 'UMLS', codes: [conceptId], term: 'x', score: 1, confidence } : null,
  };
}

function doc(entities: Entity[]): Doc {
  return { text: '', sections: [], sentences: [], entities };
}

describe('conceptSetFromDoc', () => {
  it('splits by assertion and weighs by semantic group', () => {
    const set = conceptSetFromDoc(
      doc([
        entity('C:pneumonia', 'condition'),
        entity('C:effusion', 'finding', { negated: true }),
        entity('C:lung', 'anatomy'),
        entity(null, 'finding'),
      ]),
    );
    expect([...set.present]).toEqual([
      ['C:pneumonia', 1],
      ['C:lung', 0.3],
    ]);
    expect([...set.negated]).toEqual([['C:effusion', 0.8]]);
    expect(set.uncertain.size).toBe(0);
  });

  it('excludes hypothetical and family mentions, and historical ones on request', () => {
    const d = doc([
      entity('C:mi', 'condition', { family: true }),
      entity('C:cp', 'finding', { hypothetical: true }),
      entity('C:chf', 'condition', { historical: true }),
    ]);
    expect([...conceptSetFromDoc(d).present.keys()]).toEqual(['C:chf']);
    expect(conceptSetFromDoc(d, { historical: 'exclude' }).present.size).toBe(0);
  });

  it('uncertain mentions: present by default (recorded in uncertain), or only recorded', () => {
    const d = doc([entity('C:pna', 'condition', { uncertain: true }), entity('C:atel', 'condition', { uncertain: true, negated: true })]);
    const byDefault = conceptSetFromDoc(d);
    expect([...byDefault.present.keys()]).toEqual(['C:pna', 'C:atel']); // a hedged negation is uncertain, not absent
    expect([...byDefault.uncertain]).toEqual(['C:pna', 'C:atel']);
    expect(byDefault.negated.size).toBe(0);
    const discounted = conceptSetFromDoc(d, { uncertainFactor: 0.5 });
    expect(discounted.present.get('C:pna')).toBe(0.5);
    const separate = conceptSetFromDoc(d, { uncertain: 'separate' });
    expect(separate.present.size).toBe(0);
    expect([...separate.uncertain]).toEqual(['C:pna', 'C:atel']);
  });

  it('one concept, several mentions: affirmed wins over negated and uncertain, largest weight kept', () => {
    const set = conceptSetFromDoc(
      doc([
        entity('C:ptx', 'finding', { negated: true }),
        entity('C:ptx', 'condition'),
        entity('C:nod', 'anatomy', { uncertain: true }),
        entity('C:nod', 'finding'),
      ]),
    );
    expect(set.present.get('C:ptx')).toBe(1);
    expect(set.negated.has('C:ptx')).toBe(false);
    expect(set.present.get('C:nod')).toBe(0.8);
    expect(set.uncertain.has('C:nod')).toBe(false);
    validateConceptSet(set);
  });

  it('group weights: overridable, groupOf hook, confidence filter; never zero', () => {
    const d = doc([entity('C:a', 'other'), entity('C:b', 'test', {}, 0.2)]);
    expect(conceptSetFromDoc(d, { groupWeights: { other: 0.05 } }).present.get('C:a')).toBe(0.05);
    expect(conceptSetFromDoc(d, { groupOf: () => 'condition' }).present.get('C:a')).toBe(1);
    expect([...conceptSetFromDoc(d, { minConfidence: 0.5 }).present.keys()]).toEqual(['C:a']);
    expect(() => conceptSetFromDoc(d, { groupWeights: { other: 0 } })).toThrow(ClinlinkError);
    expect(() => conceptSetFromDoc(d, { uncertainFactor: 0 })).toThrow(/uncertainFactor/);
    for (const g of SEMANTIC_GROUPS) expect(DEFAULT_GROUP_WEIGHTS[g]).toBeGreaterThan(0);
    expect(DEFAULT_GROUP_WEIGHTS.condition).toBeGreaterThan(DEFAULT_GROUP_WEIGHTS.finding);
    expect(DEFAULT_GROUP_WEIGHTS.finding).toBeGreaterThan(DEFAULT_GROUP_WEIGHTS.anatomy);
  });
});

describe('validateConceptSet', () => {
  it('rejects zero, negative and non-finite weights and overlapping polarities, naming only the concept', () => {
    expect(() => conceptSet([['a', 0]])).toThrow(/weight of a/);
    expect(() => conceptSet([['a', Number.POSITIVE_INFINITY]])).toThrow(ClinlinkError);
    expect(() => conceptSet(['a'], ['a'])).toThrow(/both present and negated/);
    expect(() => conceptSet([''])).toThrow(/empty concept id/);
  });
});
