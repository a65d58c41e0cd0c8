import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../../src/ontology/build.js';
import { Pack } from '../../../src/ontology/pack.js';
import { DictionaryMatcher, surfaceForms } from '../../../src/ner/dictionary-matcher.js';
import { tempDir } from '../../helpers/tmp.js';

describe('DictionaryMatcher', () => {
  const dir = tempDir();
  let matcher: DictionaryMatcher;
  beforeAll(async () => {
    await buildPack({ out: join(dir, 'p'), sources: [{ kind: 'vocab', path: join(__dirname, '../../fixtures/vocab/cardio.json') }] });
    const pack = Pack.open(join(dir, 'p'));
    matcher = DictionaryMatcher.fromPack(pack);
    pack.close();
  });
  const found = (text: string) => matcher.match(text).map((m) => [text.slice(m.start, m.end), m.concepts.map((c) => c.conceptId)]);

  it('finds terms case-, plural- and punctuation-insensitively with exact offsets', () => {
    expect(found('Pt admitted with HEART ATTACKS and chest-pain.')).toEqual([
      ['HEART ATTACKS', ['CLINLINK:myocardial-infarction']],
      ['chest-pain', ['CLINLINK:chest-pain']],
    ]);
  });

  it('prefers the longest match', () => {
    expect(found('history of ischemic heart disease')).toEqual([['ischemic heart disease', ['CLINLINK:ischemic-heart-disease']]]);
  });

  it('matches abbreviations only in their written case', () => {
    expect(found('s/p MI in 2019, now CHF.')).toEqual([
      ['MI', ['CLINLINK:myocardial-infarction']],
      ['CHF', ['CLINLINK:heart-failure']],
    ]);
    expect(found('we will see mi amigo')).toEqual([]);
  });

  it('flags ambiguous short forms as guarded instead of dropping them', () => {
    matcher.add('MS', { conceptId: 'T:multiple-sclerosis', system: 'T', group: 'condition', term: 'MS', kind: 'abbreviation' });
    const [m] = matcher.match('history of MS');
    expect(m).toMatchObject({ start: 11, end: 13, guarded: true });
    expect(matcher.match('history of ms')).toEqual([]);
  });

  it('never joins tokens across a line break or a sentence end', () => {
    expect(found('heart\nattack')).toEqual([]);
    expect(found('Heart. Attack')).toEqual([]);
  });

  it('writes a term as notes do: without a trailing NEC, an eponym without its possessive', () => {
    expect(surfaceForms('Sacroiliitis NEC')).toEqual(['Sacroiliitis NEC', 'Sacroiliitis']);
    expect(surfaceForms("Asperger's disorder")).toEqual(["Asperger's disorder", 'Asperger disorder']);
    expect(surfaceForms('Sweet\u2019s syndrome NEC')).toEqual(['Sweet\u2019s syndrome NEC', 'Sweet\u2019s syndrome', 'Sweet syndrome NEC', 'Sweet syndrome']);
    // NOS stays (an inclusion term's unqualified default); an external-cause term keeps its NEC; "NEC" alone is no term.
    expect(surfaceForms('Asthmatic bronchitis NOS')).toEqual(['Asthmatic bronchitis NOS']);
    expect(surfaceForms('Activity NEC', false)).toEqual(['Activity NEC']);
    expect(surfaceForms('Hodgkin\'s')).toEqual(["Hodgkin's", 'Hodgkin']);
    const m = DictionaryMatcher.empty();
    for (const form of surfaceForms("Asperger's disorder")) m.add(form, { conceptId: 'T:asperger', system: 'T', group: 'condition', term: "Asperger's disorder", kind: 'preferred' });
    expect(m.match('Asperger disorder, stable').map((x) => [x.start, x.end])).toEqual([[0, 17]]);
  });

  it('keeps offsets right around emoji, CRLF and non-Latin text', () => {
    const text = '😀 Ωμέγα\r\n\theart failure 患者';
    const [m] = matcher.match(text);
    expect(text.slice(m!.start, m!.end)).toBe('heart failure');
  });
});

describe('DictionaryMatcher with the Table of Drugs and Chemicals', () => {
  const dir = tempDir();
  let matcher: DictionaryMatcher;
  beforeAll(async () => {
    const vocab = join(dir, 'vocab.json');
    writeFileSync(vocab, JSON.stringify({ format: 'clinlink-vocab', version: 1, system: 'CLINLINK', concepts: [{ code: 'heparin', preferred: 'heparin', group: 'medication' }] }));
    await buildPack({
      out: join(dir, 'p'),
      sources: [
        { kind: 'vocab', path: vocab },
        { kind: 'icd10cm-drugs', path: join(__dirname, '../../fixtures/icd10cm/drug-sample.xml') },
      ],
    });
    const pack = Pack.open(join(dir, 'p'));
    matcher = DictionaryMatcher.fromPack(pack);
    pack.close();
  });
  const found = (text: string) => matcher.match(text).map((m) => [text.slice(m.start, m.end), m.concepts.map((c) => c.conceptId)]);

  it('fills gaps with drugs only: a name another vocabulary has keeps its concept, chemicals are not matched', () => {
    expect(found('Given Lasix and heparin; carbon monoxide level normal.')).toEqual([
      ['Lasix', ['ICD10CM_DRUG:Lasix']],
      ['heparin', ['CLINLINK:heparin']],
    ]);
  });
});
