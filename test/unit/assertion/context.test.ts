import { describe, expect, it } from 'vitest';
import {
  assertContext,
  assertInDocument,
  compileLexicon,
  explainContext,
  explainInDocument,
} from '../../../src/assertion/context.js';
import { TRIGGERS } from '../../../src/assertion/triggers.data.js';
import type { Assertion, SectionName, Span } from '../../../src/types.js';

type Flag = keyof Assertion;

/** The flags set for each target phrase of one sentence. */
function flagsOf(sentence: string, targets: string[], section: SectionName = 'none', options = {}): Record<string, Flag[]> {
  const spans: Span[] = targets.map((t) => {
    const at = sentence.indexOf(t);
    if (at < 0) throw new Error(`fixture: target not in sentence`);
    return { start: at, end: at + t.length };
  });
  const out = assertContext({ text: sentence, start: 0, end: sentence.length }, spans, section, options);
  return Object.fromEntries(targets.map((t, i) => [t, (Object.keys(out[i]!) as Flag[]).filter((k) => out[i]![k])]));
}

describe('assertContext', () => {
  it('negates every item of a list, and stops at a terminator', () => {
    expect(flagsOf('No pneumothorax or effusion.', ['pneumothorax', 'effusion'])).toEqual({ pneumothorax: ['negated'], effusion: ['negated'] });
    expect(flagsOf('Denies chest pain but reports dyspnea.', ['chest pain', 'dyspnea'])).toEqual({ 'chest pain': ['negated'], dyspnea: [] });
    expect(flagsOf('No fever; white count is 14.', ['fever', 'white count'])).toEqual({ fever: ['negated'], 'white count': [] });
    // The symptom after "with the symptoms of" is the patient's; only the arrhythmia is denied.
    expect(flagsOf('No documented arrhythmia with the symptoms of palpitation.', ['arrhythmia', 'palpitation'])).toEqual({ arrhythmia: ['negated'], palpitation: [] });
  });

  it('carries a denial through a long review-of-systems list', () => {
    const ros = 'She denied any associated dysarthria, facial weakness, chest pain, shortness of breath, visual change, headache, nausea or vomiting.';
    expect(flagsOf(ros, ['vomiting'])).toEqual({ vomiting: ['negated'] });
    expect(flagsOf('She denied fever at home, but on arrival she was febrile with rigors and vomiting.', ['vomiting'])).toEqual({ vomiting: [] });
  });

  it('lets pseudo-triggers consume the trigger inside them', () => {
    expect(flagsOf('No change in the effusion.', ['effusion'])).toEqual({ effusion: [] });
    expect(flagsOf('No significant change in the nodule.', ['nodule'])).toEqual({ nodule: [] });
    expect(flagsOf('Gram negative rods in the blood.', ['rods'])).toEqual({ rods: [] });
    expect(flagsOf('Tolerated the procedure without difficulty.', ['procedure'])).toEqual({ procedure: [] });
    expect(flagsOf('The mass is not only large but invasive.', ['mass'])).toEqual({ mass: [] });
  });

  it('reads the risks listed in an informed-consent discussion as hypothetical, however long the list', () => {
    const consent =
      'I explained to him the complications including rare cases of death secondary to DVT, leak, peritonitis, need for reoperation, ' +
      'bleeding requiring transfusion, myocardial infarction, pneumonia, atelectasis and respiratory failure, which were all discussed.';
    expect(flagsOf(consent, ['DVT', 'respiratory failure'])).toEqual({ DVT: ['hypothetical'], 'respiratory failure': ['hypothetical'] });
    const backward = 'Hair loss, excess skin, protein-calorie malnutrition and weight regain were all discussed with the patient.';
    expect(flagsOf(backward, ['protein-calorie malnutrition'])).toEqual({ 'protein-calorie malnutrition': ['hypothetical'] });
    // Without a discussion in the sentence the same cue is a plain description of the patient.
    expect(flagsOf('Diabetes with complications including neuropathy and retinopathy.', ['neuropathy'])).toEqual({ neuropathy: [] });
    expect(flagsOf('He was advised to have a retrievable IVC filter.', ['IVC filter'])).toEqual({ 'IVC filter': ['hypothetical'] });
    expect(flagsOf('Cardiac risk factors include hypertension.', ['hypertension'])).toEqual({ hypertension: [] });
  });

  it('scopes backward triggers to the words before them', () => {
    expect(flagsOf('Myocardial infarction was ruled out.', ['Myocardial infarction'])).toEqual({ 'Myocardial infarction': ['negated'] });
    expect(flagsOf('Blood cultures were negative.', ['Blood cultures'])).toEqual({ 'Blood cultures': ['negated'] });
    expect(flagsOf('Pulmonary embolism is unlikely.', ['Pulmonary embolism'])).toEqual({ 'Pulmonary embolism': ['negated'] });
    expect(flagsOf('A small pneumothorax cannot be excluded.', ['pneumothorax'])).toEqual({ pneumothorax: ['uncertain'] });
    // A backward trigger does not reach across a terminator.
    expect(flagsOf('He has pneumonia, but sepsis was ruled out.', ['pneumonia', 'sepsis'])).toEqual({ pneumonia: [], sepsis: ['negated'] });
  });

  it('finds uncertainty, history, hypotheticals and relatives', () => {
    expect(flagsOf('Possible pneumonia versus atelectasis.', ['pneumonia', 'atelectasis'])).toEqual({
      pneumonia: ['uncertain'],
      atelectasis: ['uncertain'],
    });
    expect(flagsOf('Rule out MI.', ['MI'])).toEqual({ MI: ['uncertain'] });
    expect(flagsOf('Opacity at the base, ? aspiration.', ['aspiration', 'Opacity'])).toEqual({ aspiration: ['uncertain'], Opacity: [] });
    expect(flagsOf('History of CHF, now presents with dyspnea.', ['CHF', 'dyspnea'])).toEqual({ CHF: ['historical'], dyspnea: [] });
    expect(flagsOf('S/p CABG.', ['CABG'])).toEqual({ CABG: ['historical'] });
    expect(flagsOf('Return if you develop chest pain.', ['chest pain'])).toEqual({ 'chest pain': ['hypothetical'] });
    expect(flagsOf('Should she develop fever, call us.', ['fever'])).toEqual({ fever: ['hypothetical'] });
    expect(flagsOf('Mother had breast cancer.', ['breast cancer'])).toEqual({ 'breast cancer': ['family'] });
    expect(flagsOf('Breast cancer in her maternal aunt.', ['Breast cancer'])).toEqual({ 'Breast cancer': ['family'] });
    expect(flagsOf('No family history of sudden death.', ['sudden death'])).toEqual({ 'sudden death': ['negated', 'family'] });
    expect(flagsOf('His mother brought him in for confusion.', ['confusion'])).toEqual({ confusion: [] });
    // Family wins over historical.
    expect(flagsOf('Her mother has a history of depression.', ['depression'])).toEqual({ depression: ['family'] });
  });

  it('reads a history that lasts up to now as ongoing ("for the last 6 years"), not a past one ("… ago", "… in childhood")', () => {
    expect(flagsOf('She has a history of rheumatoid arthritis for the last 6 years.', ['rheumatoid arthritis'])).toEqual({ 'rheumatoid arthritis': [] });
    expect(flagsOf('History of diabetes for over 10 years, on insulin.', ['diabetes'])).toEqual({ diabetes: [] });
    expect(flagsOf('History of asthma for 2 years in childhood.', ['asthma'])).toEqual({ asthma: ['historical'] });
    expect(flagsOf('History of MI 5 years ago.', ['MI'])).toEqual({ MI: ['historical'] });
  });

  it('negates "no confirmed" and "no documented" although "confirmed" alone ends a negation', () => {
    expect(flagsOf('No confirmed prior history of heart attack, myocardial infarction, heart failure.', ['heart attack', 'heart failure'])).toEqual({
      'heart attack': ['negated', 'historical'],
      'heart failure': ['negated', 'historical'],
    });
    expect(flagsOf('There is no documented heart failure.', ['heart failure'])).toEqual({ 'heart failure': ['negated'] });
    expect(flagsOf('No fever; CT confirmed pneumonia.', ['fever', 'pneumonia'])).toEqual({ fever: ['negated'], pneumonia: [] });
  });

  it('reads a recent duration before "history of" as the present illness, a past year after a mention as history', () => {
    expect(flagsOf('She has a three-month history of lower abdominal pain.', ['lower abdominal pain'])).toEqual({ 'lower abdominal pain': [] });
    expect(flagsOf('He has a 3-day history of cough and a 2 week history of fever.', ['cough', 'fever'])).toEqual({ cough: [], fever: [] });
    // "a history of recent X" is the current episode.
    expect(flagsOf('He has a history of recent adenocarcinoma of the duodenum.', ['adenocarcinoma'])).toEqual({ adenocarcinoma: [] });
    expect(flagsOf('She has a history of recently diagnosed breast cancer.', ['breast cancer'])).toEqual({ 'breast cancer': [] });
    // No duration, or a duration in years: still the past.
    expect(flagsOf('She has a history of asthma.', ['asthma'])).toEqual({ asthma: ['historical'] });
    expect(flagsOf('She has a 10-year history of breast cancer.', ['breast cancer'])).toEqual({ 'breast cancer': ['historical'] });
    // "in 1992" dates the condition; "since 1992" runs up to now.
    expect(flagsOf('Breast cancer in 1992.', ['Breast cancer'])).toEqual({ 'Breast cancer': ['historical'] });
    expect(flagsOf('Mastectomy for breast cancer back in March of 2004, no recurrence.', ['breast cancer'])).toEqual({ 'breast cancer': ['historical'] });
    expect(flagsOf('Diabetes since 1992, on insulin.', ['Diabetes'])).toEqual({ Diabetes: [] });
    expect(flagsOf('Her mother had breast cancer in 1992.', ['breast cancer'])).toEqual({ 'breast cancer': ['family'] });
  });

  it('reads a clinician\'s concern as uncertainty ("concerned about", "concern that"), ended by "but"', () => {
    expect(flagsOf('I am concerned about C. difficile infection with possible colitis.', ['C. difficile infection', 'colitis'])).toEqual({
      'C. difficile infection': ['uncertain'],
      colitis: ['uncertain'],
    });
    expect(flagsOf('There is concern that she has a progression of pneumonia.', ['pneumonia'])).toEqual({ pneumonia: ['uncertain'] });
    expect(flagsOf('She was concerned about her weight but has diabetes.', ['diabetes'])).toEqual({ diabetes: [] });
  });

  it('ends an uncertainty at a following negation', () => {
    expect(flagsOf('Possible small effusion, no pneumothorax.', ['effusion', 'pneumothorax'])).toEqual({
      effusion: ['uncertain'],
      pneumothorax: ['negated'],
    });
  });

  it('applies section defaults, and lets the sentence cancel a hypothetical one', () => {
    expect(flagsOf('Hypertension.', ['Hypertension'], 'past_medical_history')).toEqual({ Hypertension: ['historical'] });
    expect(flagsOf('No stroke.', ['stroke'], 'past_medical_history')).toEqual({ stroke: ['negated', 'historical'] });
    expect(flagsOf('Colon cancer.', ['Colon cancer'], 'family_history')).toEqual({ 'Colon cancer': ['family'] });
    expect(flagsOf('Fever, chest pain.', ['Fever'], 'discharge_instructions')).toEqual({ Fever: ['hypothetical'] });
    expect(flagsOf('You were admitted for pneumonia.', ['pneumonia'], 'discharge_instructions')).toEqual({ pneumonia: [] });
    expect(flagsOf('Cough, r/o pneumonia.', ['Cough', 'pneumonia'], 'indication')).toEqual({ Cough: [], pneumonia: ['uncertain'] });
    expect(flagsOf('Hypertension.', ['Hypertension'], 'past_medical_history', { sectionDefaults: [] })).toEqual({ Hypertension: [] });
  });

  it('caps the scope in words, configurably', () => {
    const s = 'No fever, and after a long and complicated course over many weeks he developed a rash.';
    // "developed" is a terminator anyway; without it, the window decides.
    const noTerm = 'No fever, and after a long and complicated course over many many many weeks a rash.';
    expect(flagsOf(s, ['rash'])).toEqual({ rash: [] });
    expect(flagsOf(noTerm, ['rash'])).toEqual({ rash: [] });
    expect(flagsOf(noTerm, ['rash'], 'none', { maxScope: null })).toEqual({ rash: ['negated'] });
    expect(flagsOf('No cough or fever.', ['fever'], 'none', { maxScope: { negated: 2 } })).toEqual({ fever: [] });
    expect(flagsOf('No cough or fever.', ['fever'], 'none', { maxScope: 3 })).toEqual({ fever: ['negated'] });
  });

  it('never lets a target word act as a trigger', () => {
    // The target itself contains "negative" and "history".
    expect(flagsOf('Negative pressure pulmonary edema.', ['Negative pressure pulmonary edema'])).toEqual({ 'Negative pressure pulmonary edema': [] });
  });

  it('explains which triggers fired, with note offsets', () => {
    const note = 'Prior text. Denies chest pain.';
    const start = 12;
    const [e] = explainContext({ text: note.slice(start), start, end: note.length }, [{ start: 19, end: 29 }], 'none');
    expect(e!.assertion.negated).toBe(true);
    expect(e!.triggers).toEqual([{ start: 12, end: 18, phrase: 'denies', category: 'negated', direction: 'forward' }]);
    expect(note.slice(e!.triggers[0]!.start, e!.triggers[0]!.end)).toBe('Denies');
  });

  it('accepts a custom lexicon', () => {
    const lexicon = compileLexicon({ triggers: [...TRIGGERS, { phrase: 'nil', category: 'negated', direction: 'forward' }] });
    expect(flagsOf('Nil chest pain.', ['chest pain'], 'none', { lexicon })).toEqual({ 'chest pain': ['negated'] });
    expect(flagsOf('Nil chest pain.', ['chest pain'])).toEqual({ 'chest pain': [] });
  });

  it('rejects spans outside the sentence without echoing text', () => {
    const sentence = { text: 'Secret note text.', start: 100, end: 117 };
    expect(() => assertContext(sentence, [{ start: 0, end: 5 }], 'none')).toThrow(/target \[0, 5\) is not inside \[100, 117\)/);
    expect(() => assertContext({ ...sentence, end: 200 }, [], 'none')).toThrow(/sentence text has length 17/);
    try {
      assertContext(sentence, [{ start: 0, end: 5 }], 'none');
    } catch (e) {
      expect(String(e)).not.toContain('Secret');
      expect((e as { code?: string }).code).toBe('E_INVALID_ARGUMENT');
    }
  });
});

describe('assertInDocument', () => {
  const note = [
    'HISTORY OF PRESENT ILLNESS: 64-year-old man with cough. Denies fever.',
    'PAST MEDICAL HISTORY: Hypertension.',
    'FAMILY HISTORY: Father with colon cancer.',
    'IMPRESSION: Possible pneumonia. No effusion.',
    'DISCHARGE INSTRUCTIONS: Call for fever or shortness of breath.',
  ].join('\n');
  const span = (phrase: string, from = 0): Span => {
    const at = note.indexOf(phrase, from);
    return { start: at, end: at + phrase.length };
  };

  it('finds the sentence and section of each target', () => {
    const targets = [
      span('cough'),
      span('fever'),
      span('Hypertension'),
      span('colon cancer'),
      span('pneumonia'),
      span('effusion'),
      span('fever', note.indexOf('DISCHARGE')),
    ];
    const got = assertInDocument(note, targets).map((a) => (Object.keys(a) as Flag[]).filter((k) => a[k]));
    expect(got).toEqual([[], ['negated'], ['historical'], ['family'], ['uncertain'], ['negated'], ['hypothetical']]);
  });

  it('gives a target between sentences its section default only, and keeps target order', () => {
    const text = 'PMH:\n\n\nHTN.';
    const r = explainInDocument(text, [{ start: 7, end: 10 }, { start: 5, end: 6 }]);
    expect(r.map((x) => x.assertion.historical)).toEqual([true, true]);
    expect(r[1]!.fromSection).toEqual(['historical']);
    expect(() => assertInDocument(text, [{ start: 0, end: 99 }])).toThrow(/not inside/);
  });
});
