import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/text/tokens.js';

const texts = (s: string) => tokenize(s).map((t) => t.text);

describe('tokenize', () => {
  it('splits words, numbers and punctuation with exact offsets', () => {
    const s = 'BP 120/80, HR 72.';
    expect(tokenize(s)).toEqual([
      { start: 0, end: 2, text: 'BP', lower: 'bp', kind: 'word' },
      { start: 3, end: 6, text: '120', lower: '120', kind: 'number' },
      { start: 6, end: 7, text: '/', lower: '/', kind: 'punct' },
      { start: 7, end: 9, text: '80', lower: '80', kind: 'number' },
      { start: 9, end: 10, text: ',', lower: ',', kind: 'punct' },
      { start: 11, end: 13, text: 'HR', lower: 'hr', kind: 'word' },
      { start: 14, end: 16, text: '72', lower: '72', kind: 'number' },
      { start: 16, end: 17, text: '.', lower: '.', kind: 'punct' },
    ]);
  });

  it('keeps decimals, thousands, dotted abbreviations and contractions whole', () => {
    expect(texts('2.5 mg, 1,000 units')).toEqual(['2.5', 'mg', ',', '1,000', 'units']);
    expect(texts('p.o. b.i.d. q.h.s., e.g. this')).toEqual(['p.o', '.', 'b.i.d', '.', 'q.h.s', '.', ',', 'e.g', '.', 'this']);
    expect(texts("patient's, don’t")).toEqual(["patient's", ',', 'don’t']);
    expect(tokenize('Don’t')[0]!.lower).toBe("don't");
    expect(texts('s/p CABG; r/o MI?')).toEqual(['s', '/', 'p', 'CABG', ';', 'r', '/', 'o', 'MI', '?']);
    expect(texts('end.Next fever,chills')).toEqual(['end', '.', 'Next', 'fever', ',', 'chills']);
  });

  it('handles non-Latin scripts, emoji, NUL and lone surrogates', () => {
    expect(texts('Πυρετός 38°C')).toEqual(['Πυρετός', '38', '°', 'C']);
    expect(texts('患者发热')).toEqual(['患', '者', '发', '热']);
    const emoji = 'ok \u{1F600}\u{1F3FD} x';
    expect(tokenize(emoji).map((t) => [t.text, t.start, t.end])).toEqual([
      ['ok', 0, 2],
      ['\u{1F600}', 3, 5],
      ['\u{1F3FD}', 5, 7],
      ['x', 8, 9],
    ]);
    expect(texts('a\u0000b\ufeffc')).toEqual(['a', 'b', 'c']);
    expect(tokenize('x\ud800y').map((t) => [t.text, t.start])).toEqual([
      ['x', 0],
      ['\ud800', 1],
      ['y', 2],
    ]);
  });

  it('tokenizes inside a span only, with note offsets', () => {
    const s = 'No fever. Denies chest pain.';
    const toks = tokenize(s, { start: 10, end: 27 });
    expect(toks.map((t) => t.text)).toEqual(['Denies', 'chest', 'pain']);
    expect(toks[0]!.start).toBe(10);
    // A span that cuts a word keeps only the part inside it; one that cuts a surrogate pair keeps offsets in range.
    expect(tokenize('pneumonia', { start: 0, end: 5 }).map((t) => t.text)).toEqual(['pneum']);
    const cut = tokenize('a\u{1F600}', { start: 0, end: 2 });
    expect(cut.every((t) => t.end <= 2)).toBe(true);
    expect(() => tokenize('abc', { start: 2, end: 9 })).toThrow(/not inside/);
    expect(tokenize('')).toEqual([]);
  });
});
