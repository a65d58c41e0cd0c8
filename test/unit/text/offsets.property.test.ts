import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertInDocument } from '../../../src/assertion/context.js';
import { detectSections } from '../../../src/text/sections.js';
import { splitSentences } from '../../../src/text/sentences.js';
import { tokenize, type Token } from '../../../src/text/tokens.js';
import type { Section, Span } from '../../../src/types.js';

/** Pieces that exercise every rule: headers in all styles, abbreviations, lists, odd whitespace and code units. */
const FRAGMENTS = [
  'HPI:', 'HISTORY OF PRESENT ILLNESS:', 'Past Medical History:', 'PMHx', 'FH:', 'A/P:', 'IMPRESSION:', 'FINDINGS',
  'HOSPITAL COURSE', 'HEENT:', 'LUNGS:', 'VITAL SIGNS:', 'CODE STATUS:', 'BP: 120/80', 'Dr. Smith:', 'Dr.', 'Mr.',
  'b.i.d.', 'p.o.', 'q.h.s.', 'e.g.', 'i.e.', 'vs.', 'approx.', 'mg.', '2.5 mg', '1.', '2.', '10)', '?', '? ', '.,',
  ', ,', ',  ', ',', '.', '. ', ';', ':', 'no', 'denies', 'possible', 'history of', 'mother', 'if', 'but', 'pneumonia',
  'Pneumonia', 'chest pain', ' ', '  ', '\t', '\n', '\r\n', '\n\n', '\u0000', '\ud800', '\udc00', '\u{1F600}', '\u{1F3FD}',
  'Πυρετός', '患者发热', '。', '\u00a0', '\ufeff', '\u2028', 'İ',
];

const note = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) }), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

/** First violated invariant of a span list, or null. Plain loops: millions of `expect` calls would dominate. */
function spanProblem(text: string, spans: readonly Span[]): string | null {
  let prevEnd = 0;
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end)) return `span ${i}: non-integer offsets`;
    if (s.start < 0 || s.end > text.length) return `span ${i}: out of bounds`;
    if (s.start >= s.end) return `span ${i}: empty or reversed`;
    if (s.start < prevEnd) return `span ${i}: overlaps or out of order`;
    prevEnd = s.end;
  }
  return null;
}

function sectionProblem(text: string, sections: readonly Section[]): string | null {
  if (text.length === 0) return sections.length === 0 ? null : 'sections for an empty note';
  const p = spanProblem(text, sections);
  if (p) return p;
  if (sections[0]!.start !== 0) return 'first section does not start at 0';
  if (sections[sections.length - 1]!.end !== text.length) return 'last section does not end at text.length';
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    if (i > 0 && s.start !== sections[i - 1]!.end) return `section ${i}: gap`;
    if (s.bodyStart < s.start || s.bodyStart > s.end) return `section ${i}: bodyStart outside`;
    if (s.header && text.slice(s.header.start, s.header.end) !== s.header.text) return `section ${i}: header text`;
    if (s.header && (s.header.start < s.start || s.header.end > s.bodyStart)) return `section ${i}: header outside`;
  }
  return null;
}

function tokenProblem(text: string, tokens: readonly Token[], lo = 0, hi = text.length): string | null {
  const p = spanProblem(text, tokens);
  if (p) return p;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.start < lo || t.end > hi) return `token ${i}: outside the span`;
    if (t.text !== text.slice(t.start, t.end)) return `token ${i}: text is not the slice`;
    if (t.lower !== t.text.toLowerCase().replace(/’/g, "'")) return `token ${i}: lower`;
    if (t.text.trim() !== t.text) return `token ${i}: has whitespace`;
  }
  return null;
}

function sentenceProblem(text: string, sentences: readonly Span[], sections: readonly Section[]): string | null {
  const p = spanProblem(text, sentences);
  if (p) return p;
  let k = 0;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    const t = text.slice(s.start, s.end);
    if (/^\s/.test(t) || /\s$/.test(t)) return `sentence ${i}: not trimmed`;
    while (k < sections.length && sections[k]!.end <= s.start) k++;
    if (k === sections.length || s.end > sections[k]!.end) return `sentence ${i}: crosses a section boundary`;
  }
  return null;
}

describe('offsets end to end (property)', () => {
  it('sections cover the note exactly', () => {
    fc.assert(
      fc.property(note, (text) => {
        expect(sectionProblem(text, detectSections(text))).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('sentences are in bounds, ordered, non-overlapping, trimmed, inside one section', () => {
    fc.assert(
      fc.property(note, (text) => {
        const sections = detectSections(text);
        const sentences = splitSentences(text, sections);
        expect(sentenceProblem(text, sentences, sections)).toBeNull();
        expect(splitSentences(text)).toEqual(sentences);
      }),
      { numRuns: 400 },
    );
  });

  it('tokens are in bounds, ordered, and their text is the slice they point at', () => {
    fc.assert(
      fc.property(note, fc.nat(), fc.nat(), (text, a, b) => {
        expect(tokenProblem(text, tokenize(text))).toBeNull();
        const lo = Math.min(a, b) % (text.length + 1);
        const hi = Math.max(lo, Math.max(a, b) % (text.length + 1));
        expect(tokenProblem(text, tokenize(text, { start: lo, end: hi }), lo, hi)).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('ConText runs on any target span of any note', () => {
    fc.assert(
      fc.property(note, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }), (text, pairs) => {
        const targets = pairs.map(([a, b]) => {
          const x = a % (text.length + 1);
          const y = b % (text.length + 1);
          return { start: Math.min(x, y), end: Math.max(x, y) };
        });
        const out = assertInDocument(text, targets);
        expect(out).toHaveLength(targets.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('hostile notes', () => {
  const time = (f: () => void): number => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const pipeline = (text: string) => {
    const sections = detectSections(text);
    const sentences = splitSentences(text, sections);
    const tokens = tokenize(text);
    return { sections, sentences, tokens };
  };

  it('handles a 5 MB note in linear time', () => {
    const unit =
      'HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old man seen by Dr. Smith for chest pain.,PAST MEDICAL HISTORY:,' +
      '1.  HTN.,2.  CHF.,FAMILY HISTORY: Mother with breast cancer. No fever; possible pneumonia. Lasix 40 mg p.o. b.i.d.\r\n' +
      'Πυρετός \u{1F912} 患者发热。\t\u0000\n';
    const big = unit.repeat(Math.ceil(5_000_000 / unit.length));
    const small = big.slice(0, 500_000);
    let result: ReturnType<typeof pipeline> | undefined;
    const tSmall = Math.min(time(() => pipeline(small)), time(() => pipeline(small)));
    const tBig = time(() => (result = pipeline(big)));
    expect(big.length).toBeGreaterThanOrEqual(5_000_000);
    expect(sectionProblem(big, result!.sections)).toBeNull();
    expect(sentenceProblem(big, result!.sentences, result!.sections)).toBeNull();
    expect(tokenProblem(big, result!.tokens)).toBeNull();
    expect(result!.sentences.length).toBeGreaterThan(100_000);
    // 10× the text: linear is ~10× the time; quadratic would be ~100×.
    expect(tBig / Math.max(tSmall, 1)).toBeLessThan(35);
    // ConText over every sentence containing "pneumonia".
    const targets: Span[] = [];
    for (let i = big.indexOf('pneumonia'); i !== -1; i = big.indexOf('pneumonia', i + 1)) targets.push({ start: i, end: i + 9 });
    const asserted = assertInDocument(big, targets, { sections: result!.sections, sentences: result!.sentences });
    expect(asserted.every((a) => a.uncertain && !a.negated)).toBe(true);
  });

  it('survives pathological inputs without catastrophic backtracking', () => {
    const N = 1_000_000;
    const inputs = [
      'A'.repeat(N),
      'AB:'.repeat(N / 3),
      ' '.repeat(N) + ':',
      '.'.repeat(N),
      '. '.repeat(N / 2),
      '\n'.repeat(N),
      '\r\n \r\n'.repeat(N / 5),
      '1. '.repeat(N / 3),
      ',A'.repeat(N / 2),
      'b.i.d.'.repeat(N / 6),
      '\ud83d'.repeat(N),
      'no '.repeat(N / 3),
      'HEENT,'.repeat(N / 6),
    ];
    for (const text of inputs) {
      const ms = time(() => {
        const { sections, sentences, tokens } = pipeline(text);
        expect(sectionProblem(text, sections)).toBeNull();
        expect(sentenceProblem(text, sentences, sections)).toBeNull();
        expect(tokenProblem(text, tokens)).toBeNull();
      });
      expect(ms).toBeLessThan(30_000);
    }
    // One 1M-word sentence full of triggers, with targets along it.
    const run = 'no pneumothorax or effusion '.repeat(40_000);
    const targets = Array.from({ length: 2000 }, (_, k) => {
      const at = run.indexOf('effusion', k * 500);
      return { start: at, end: at + 8 };
    });
    const ms = time(() => expect(assertInDocument(run, targets).every((a) => a.negated)).toBe(true));
    expect(ms).toBeLessThan(30_000);
  });

  it('defines the output for empty and whitespace-only notes', () => {
    for (const text of ['', ' ', '\n\n', '\r\n\t ', '\u0000\u0000']) {
      const { sections, sentences } = pipeline(text);
      expect(sentences).toEqual([]);
      expect(sections).toEqual(text === '' ? [] : [{ start: 0, end: text.length, name: 'none', bodyStart: 0 }]);
      expect(assertInDocument(text, [])).toEqual([]);
    }
  });
});
