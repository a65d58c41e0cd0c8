import { describe, expect, it } from 'vitest';
import type { TaggedSpan } from '../../../src/ner/learned-tagger.js';
import { agreeingCandidate, coordinatedNeoplasmQuery, inheritedClassQuery, isBareModifier, trimEdgeWords } from '../../../src/ner/tagger-spans.js';

const spanOf = (text: string, piece: string): TaggedSpan => {
  const start = text.indexOf(piece);
  return { start, end: start + piece.length, label: 'Disease', confidence: 0.8 };
};
const textOf = (text: string, spans: TaggedSpan[]) => spans.map((s) => text.slice(s.start, s.end));

describe('trimEdgeWords', () => {
  it('drops conjunctions, focusing adverbs and punctuation at span edges, keeping offsets into the text', () => {
    const t = 'Admitted with hyperparathyroidism and jaw tumors, especially pneumonia; see notes.';
    expect(textOf(t, trimEdgeWords(t, spanOf(t, 'hyperparathyroidism and')))).toEqual(['hyperparathyroidism']);
    expect(textOf(t, trimEdgeWords(t, spanOf(t, 'especially pneumonia;')))).toEqual(['pneumonia']);
    expect(textOf(t, trimEdgeWords(t, spanOf(t, 'jaw tumors,')))).toEqual(['jaw tumors']);
  });

  it('leaves clean spans untouched (same object) and inner function words alone', () => {
    const t = 'History of cancer of the breast and ovary.';
    const s = spanOf(t, 'cancer of the breast and ovary');
    expect(trimEdgeWords(t, s)).toEqual([s]);
    expect(trimEdgeWords(t, s)[0]).toBe(s);
  });

  it('a span that is only function words disappears', () => {
    const t = 'fever and chills';
    expect(trimEdgeWords(t, spanOf(t, 'and'))).toEqual([]);
    expect(trimEdgeWords(t, spanOf(t, ' and '))).toEqual([]);
  });
});

describe('isBareModifier', () => {
  const check = (sentence: string, word: string) => {
    const start = sentence.indexOf(word);
    return isBareModifier(sentence, { start: 0, end: sentence.length }, { start, end: start + word.length });
  };

  it('is true for a lone adjective, adverb or verb', () => {
    expect(check('The cardiac examination was unremarkable.', 'cardiac')).toBe(true);
    expect(check('Increased uptake was seen in the liver.', 'Increased')).toBe(true);
    expect(check('She was mentally alert on arrival.', 'mentally')).toBe(true);
  });

  it('is false for nouns, hyphenated deficiency states and multi-word spans', () => {
    expect(check('The tumour was removed.', 'tumour')).toBe(false);
    expect(check('Nystagmus was noted on exam.', 'Nystagmus')).toBe(false);
    expect(check('Cells from HPRT-deficient patients were cultured.', 'HPRT-deficient')).toBe(false);
    expect(check('She has cardiac amyloidosis.', 'cardiac amyloidosis')).toBe(false);
  });

  it('reads the word where it stands in its sentence, not elsewhere', () => {
    const text = 'Plan: repeat echo. Cardiac rhythm was regular.';
    const sentence = { start: text.indexOf('Cardiac'), end: text.length };
    expect(isBareModifier(text, sentence, { start: sentence.start, end: sentence.start + 'Cardiac'.length })).toBe(true);
  });
});

describe('coordinatedNeoplasmQuery', () => {
  it('links "A and B cancer" through its first conjunct: two cancers, not the syndrome', () => {
    expect(coordinatedNeoplasmQuery('breast and ovarian cancer')).toBe('breast cancer');
    expect(coordinatedNeoplasmQuery('sporadic breast and ovarian cancers')).toBe('breast cancers');
    expect(coordinatedNeoplasmQuery('breast or ovarian cancer')).toBe('breast cancer');
    expect(coordinatedNeoplasmQuery('breast and 79 ovarian cancer')).toBe('breast cancer');
  });

  it('keeps the phrase whole where it is how the syndrome is written, or no coordination of sites', () => {
    expect(coordinatedNeoplasmQuery('hereditary breast and ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('familial breast and ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('breast and/or ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('breast/ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('breast-ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('ovarian cancer')).toBeNull();
    expect(coordinatedNeoplasmQuery('immunodeficiency and cancer')).toBeNull();
  });
});

describe('inheritedClassQuery', () => {
  it('links an inheritance pattern with an empty head as the class of inherited diseases', () => {
    expect(inheritedClassQuery('autosomal dominant disorder')).toBe('hereditary disease');
    expect(inheritedClassQuery('an autosomal recessive disease')).toBe('hereditary disease');
    expect(inheritedClassQuery('genetically inherited conditions')).toBe('hereditary disease');
    expect(inheritedClassQuery('X-linked recessive disorder')).toBe('X-linked genetic disease');
  });

  it('leaves a span that names the disease alone', () => {
    expect(inheritedClassQuery('autosomal dominant polycystic kidney disease')).toBeNull();
    expect(inheritedClassQuery('X-linked recessive neurological disorder')).toBeNull();
    expect(inheritedClassQuery('hereditary hemochromatosis')).toBeNull();
  });
});

describe('agreeingCandidate', () => {
  const hyperplasia = { preferred: 'Prostatic Hyperplasia', terms: ['Prostatic Adenoma', 'BPH'], confidence: 0.5 };
  const neoplasms = { preferred: 'Prostatic Neoplasms', terms: ['Prostate Cancer', 'Prostatic Neoplasm'], confidence: 0.28 };
  it('prefers a near candidate that shares the malignant head over a benign first one', () => {
    expect(agreeingCandidate('prostatic adenocarcinoma', [hyperplasia, neoplasms])).toBe(1);
    // No malignant word in the span: the linker's order stands.
    expect(agreeingCandidate('prostatic enlargement', [hyperplasia, neoplasms])).toBe(0);
  });

  it('reads an inheritance qualifier from the preferred name, and never jumps to a far candidate', () => {
    const plain = { preferred: 'Ovarian Neoplasms', terms: ['Ovarian Cancer', 'OVARIAN CANCER, FAMILIAL, INCLUDED'], confidence: 0.64 };
    const syndrome = { preferred: 'Hereditary Breast and Ovarian Cancer Syndrome', terms: ['HBOC Syndrome'], confidence: 0.56 };
    expect(agreeingCandidate('hereditary ovarian cancer', [plain, syndrome])).toBe(1);
    const far = { preferred: 'Keratitis, hereditary', terms: ['Dominantly inherited keratitis'], confidence: 0.13 };
    expect(agreeingCandidate('inherited C9 deficiency', [{ preferred: 'C9 Deficiency', terms: [], confidence: 0.59 }, far])).toBe(0);
  });
});
