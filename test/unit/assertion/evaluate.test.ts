import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ASSERTION_ATTRIBUTES,
  evaluateAssertions,
  formatAssertionTable,
  parseAssertionJsonl,
  predictAssertion,
  type AssertionEvaluation,
  type LabelledAssertion,
} from '../../../src/assertion/evaluate.js';
import type { AssertionCategory } from '../../../src/assertion/triggers.data.js';

const FIXTURES = join(__dirname, '../../fixtures/assertion');
const load = (name: string) => parseAssertionJsonl(readFileSync(join(FIXTURES, name), 'utf8'), name);

type Floors = Record<AssertionCategory, { p: number; r: number }>;

function expectFloors(ev: AssertionEvaluation, floors: Floors): void {
  for (const s of ev.attributes) {
    expect(s.precision, `${s.attribute} precision`).toBeGreaterThanOrEqual(floors[s.attribute].p);
    expect(s.recall, `${s.attribute} recall`).toBeGreaterThanOrEqual(floors[s.attribute].r);
  }
}

describe('ConText on the labelled sentences', () => {
  it('sentences.jsonl: a balanced set of 200+ examples', () => {
    const examples = load('sentences.jsonl');
    expect(examples.length).toBeGreaterThanOrEqual(200);
    expect(new Set(examples.map((e) => e.text)).size).toBeGreaterThanOrEqual(200);
    for (const a of ASSERTION_ATTRIBUTES) expect(examples.filter((e) => e[a]).length, a).toBeGreaterThanOrEqual(30);
    expect(examples.filter((e) => ASSERTION_ATTRIBUTES.every((a) => !e[a])).length).toBeGreaterThanOrEqual(50);
  });

  it('sentences.jsonl: per-attribute precision and recall stay above their floors', () => {
    const ev = evaluateAssertions(load('sentences.jsonl'));
    console.log(`sentences.jsonl\n${formatAssertionTable(ev)}`);
    // Measured at the time of writing: negated 1.000/1.000, uncertain 0.962/1.000, historical 0.978/0.957,
    // hypothetical 1.000/1.000, family 0.971/1.000 (this set was used to develop the lexicon).
    expectFloors(ev, {
      negated: { p: 0.97, r: 0.97 },
      uncertain: { p: 0.93, r: 0.96 },
      historical: { p: 0.95, r: 0.93 },
      hypothetical: { p: 0.97, r: 0.97 },
      family: { p: 0.94, r: 0.97 },
    });
  });

  it('sentences.holdout.jsonl: examples written after the lexicon was tuned, never tuned on', () => {
    const examples = load('sentences.holdout.jsonl');
    const ev = evaluateAssertions(examples);
    console.log(`sentences.holdout.jsonl\n${formatAssertionTable(ev)}`);
    // Measured: negated 1.000/1.000, uncertain 0.917/0.917, historical 1.000/0.900, hypothetical 1.000/0.889,
    // family 1.000/1.000. Small supports (7–19 positives): one error moves a figure by 5–15 points.
    expectFloors(ev, {
      negated: { p: 0.94, r: 0.94 },
      uncertain: { p: 0.9, r: 0.9 },
      historical: { p: 0.9, r: 0.88 },
      hypothetical: { p: 0.9, r: 0.88 },
      family: { p: 0.85, r: 0.85 },
    });
  });
});

describe('evaluateAssertions', () => {
  const ex = (target: string, text: string, flags: Partial<LabelledAssertion> = {}): LabelledAssertion => ({
    text,
    target,
    negated: false,
    uncertain: false,
    historical: false,
    hypothetical: false,
    family: false,
    ...flags,
  });

  it('counts tp/fp/fn per attribute and handles empty classes', () => {
    const examples = [ex('fever', 'No fever.', { negated: true }), ex('Cough', 'Cough.', { negated: true }), ex('rash', 'No rash.')];
    const ev = evaluateAssertions(examples);
    const neg = ev.attributes.find((a) => a.attribute === 'negated')!;
    expect(neg).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 0, support: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
    const fam = ev.attributes.find((a) => a.attribute === 'family')!;
    expect(fam).toMatchObject({ tp: 0, fp: 0, fn: 0, support: 0, precision: 1, recall: 1 });
    expect(ev.mismatches).toEqual([
      { index: 1, attribute: 'negated', expected: true, predicted: false },
      { index: 2, attribute: 'negated', expected: false, predicted: true },
    ]);
    expect(formatAssertionTable(ev).split('\n')).toHaveLength(2 + ASSERTION_ATTRIBUTES.length);
  });

  it('accepts any predictor, and locates the nth occurrence of a target', () => {
    const ev = evaluateAssertions([ex('a', 'a b', { family: true })], () => ({
      negated: false,
      uncertain: false,
      historical: false,
      hypothetical: false,
      family: true,
    }));
    expect(ev.attributes.find((a) => a.attribute === 'family')!.f1).toBe(1);
    expect(predictAssertion({ ...ex('pain', 'Some pain now, no pain later.'), occurrence: 2 }).negated).toBe(true);
    expect(predictAssertion({ ...ex('pain', 'Some pain now, no pain later.'), occurrence: 1 }).negated).toBe(false);
    expect(predictAssertion(ex('Stroke', 'Stroke.', { section: 'family_history' })).family).toBe(true);
  });

  it('parses JSONL with errors that name the line and field, never the text', () => {
    const good = '{"text":"No fever.","target":"fever","negated":true,"uncertain":false,"historical":false,"hypothetical":false,"family":false}';
    expect(parseAssertionJsonl(`${good}\n\n// comment\n${good}\n`)).toHaveLength(2);
    const bad = (line: string) => () => parseAssertionJsonl(`${good}\n${line}`, 'f.jsonl');
    expect(bad('{oops')).toThrow(/not a JSON object \(f\.jsonl, line 2\)/);
    expect(bad(good.replace('"negated":true', '"negated":"yes"'))).toThrow(/expected a boolean \(f\.jsonl, line 2, field negated\)/);
    expect(bad(good.replace('"target":"fever"', '"target":"Confidential"'))).toThrow(/target does not occur in text/);
    expect(bad(good.replace('"target":"fever"', '"target":"Confidential"'))).not.toThrow(/Confidential/);
    expect(bad(good.replace('{', '{"section":"nowhere",'))).toThrow(/unknown section name/);
    expect(bad(good.replace('{', '{"occurrence":0,'))).toThrow(/positive integer/);
  });
});
