import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Coder } from '../../src/coding/coder.js';
import { icdByWords } from '../../src/coding/index-lookup.js';
import { buildPack } from '../../src/ontology/build.js';
import { useIcdCoder } from '../helpers/coder.js';
import { icdStarterSources } from '../helpers/packs.js';
import { tempDir } from '../helpers/tmp.js';

// Diagnoses written in another word order than any term ("Esophageal rupture" for the index path "Rupture,
// esophagus"), found from unlabelled MTSamples operative and specialty notes outside the blind-set pool.
describe.skipIf(!icdStarterSources())('coding by the words of a classification term', () => {
  const { codesOf, coder } = useIcdCoder();

  it('finds the term with exactly the phrase words, organ adjectives read as nouns, in any order', () => {
    const pack = coder().pipeline.pack;
    expect(icdByWords(pack, 'Esophageal rupture')?.code).toBe('K22.3');
    expect(icdByWords(pack, 'Laryngeal edema')?.code).toBe('J38.4');
    expect(icdByWords(pack, 'right acoustic neuroma')?.code).toBe('D33.3');
    // Side variants of one condition: the one whose side words are the phrase's.
    expect(icdByWords(pack, 'bilateral undescended testes')?.code).toBe('Q53.2');
    // An extra content word is not the same condition ("Rupture, esophagus, varix" is not a plain rupture).
    expect(icdByWords(pack, 'esophageal variceal rupture')?.code).not.toBe('K22.3');
    expect(icdByWords(pack, 'rupture')).toBeNull();
    // A main term's alternative forms of one word ("Enlargement, enlarged, uterus") still match the phrase's one form.
    expect(icdByWords(pack, 'Enlarged uterus')?.code).toBe('N85.2');
    expect(icdByWords(pack, 'Tracheal stenosis')?.code).toBe('J39.8');
  });

  it('codes a final-statement item no mention found', async () => {
    const codes = await codesOf('ASSESSMENT:\n1. Esophageal rupture.\n2. Hypertension.');
    expect(codes).toEqual(['I10', 'K22.3']);
    expect(await codesOf('POSTOPERATIVE DIAGNOSIS: , Bilateral undescended testes.,PROCEDURE: , Orchiopexy.')).toContain('Q53.20');
    expect(await codesOf('IMPRESSION:,1. Right acoustic neuroma.')).toContain('D33.3');
  });

  it('leaves negated, doubtful and past items to the mention rules', async () => {
    expect(await codesOf('ASSESSMENT:\n1. No esophageal rupture.\n2. Hypertension.')).toEqual(['I10']);
    expect(await codesOf('ASSESSMENT:\n1. Rule out esophageal rupture.\n2. Hypertension.')).toEqual(['I10']);
    expect(await codesOf('ASSESSMENT:\n1. History of esophageal rupture.\n2. Hypertension.')).toEqual(['I10']);
  });

  it('prefers the whole item over a mention of one of its words', async () => {
    const codes = await codesOf('FINAL DIAGNOSES:,1. Laryngeal edema.,2. Left testicular abscess.');
    expect(codes).toEqual(expect.arrayContaining(['J38.4', 'N45.4']));
    expect(codes).not.toContain('R60.9');
    expect(codes).not.toContain('L02.91');
    // The item path keeps the joint and side of an osteoarthritis (Index: Osteoarthritis, knee M17.1-).
    const knee = await codesOf('ASSESSMENT:\n1. Osteoarthritis, right knee.\n2. Hypertension.');
    expect(knee).toContain('M17.11');
    expect(knee).not.toContain('M17.9');
  });

  it('reads a histology with its "of the <site>" phrase in any word order, the site ending at a preposition', async () => {
    expect(await codesOf('POSTOPERATIVE DIAGNOSIS: , Adenocarcinoma of the prostate.,PROCEDURE: , Radical prostatectomy.')).toContain('C61');
    // "orbital" qualifies the frontal lobe's surface here: no eye contusion.
    const brain = await codesOf('FINAL DIAGNOSES:,1. Contusion of the orbital surface of the frontal lobes bilaterally.');
    expect(brain.filter((c) => c.startsWith('S05'))).toEqual([]);
  });
});

describe.skipIf(!icdStarterSources())('a concept without an ICD-10-CM mapping', () => {
  let coder: Coder;
  beforeAll(async () => {
    const dir = tempDir();
    // A custom vocabulary concept the dictionary finds first, with no cross-reference to ICD-10-CM.
    const vocab = join(dir, 'site-vocab.json');
    writeFileSync(vocab, JSON.stringify({ format: 'clinlink-vocab', version: 1, system: 'SITE', concepts: [
      { code: 'vs-1', preferred: 'acoustic neuroma', group: 'condition', synonyms: ['vestibular schwannoma'] },
      { code: 'ac-1', preferred: 'adenocarcinoma', group: 'condition' },
    ] }));
    const out = join(dir, 'pack');
    await buildPack({ out, sources: [...icdStarterSources()!, { kind: 'vocab', path: vocab }], name: 'icd+site' });
    coder = await Coder.open(out);
  }, 300_000);

  it('is coded through the classification term with the same words', async () => {
    const doc = await coder.pipeline.annotate('HISTORY: He was followed for an acoustic neuroma, now growing, and has hypertension.');
    expect(doc.entities.find((e) => /acoustic/.test(e.text))?.concept?.conceptId).toBe('SITE:vs-1');
    const codes = (await coder.code('HISTORY: He was followed for an acoustic neuroma, now growing, and has hypertension.')).map((c) => c.code);
    expect(codes).toContain('D33.3');
  });

  it('takes the histology with its site phrase, which ends where a clause word begins', async () => {
    const codes = (await coder.code('ASSESSMENT:\n1. Adenocarcinoma of the prostate status post radiation therapy, on Lupron.')).map((c) => c.code);
    expect(codes).toContain('C61');
  });
});
