import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../../helpers/coder.js';
import { icdStarterSources } from '../../helpers/packs.js';

/** Diabetes combination codes (ICD-10-CM Official Guidelines I.A.15 "with", I.C.4.a: as many E11 codes as needed). */
describe.skipIf(!icdStarterSources())('coding rules: diabetes with hyperglycemia, hypoglycemia and gastroparesis', () => {
  const { codesOf } = useIcdCoder();

  it('links hyperglycemia and hypoglycemia the course names to the listed diabetes, beside another E11 code', async () => {
    const note = [
      'HOSPITAL COURSE: Her hyperglycemia on admission was brought down with fluids, and she had one episode of hypoglycemia overnight.',
      'DISCHARGE DIAGNOSES:',
      '1. Type 2 diabetes mellitus with gastroparesis.',
      '2. Pneumonia.',
    ].join('\n');
    expect(await codesOf(note)).toEqual(['E11.43', 'E11.649', 'E11.65', 'J18.9', 'K31.84']);
  });

  it('does not read a glucose value as hyperglycemia (III.B), and codes "diabetic gastroparesis" with K31.84', async () => {
    const value = ['HOSPITAL COURSE: Her glucose was 310 on admission and came down with fluids.', 'DISCHARGE DIAGNOSES:', '1. Type 2 diabetes mellitus.'].join('\n');
    expect(await codesOf(value)).toEqual(['E11.9']);
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Type 2 diabetes mellitus with diabetic gastroparesis.'].join('\n'))).toEqual(['E11.43', 'K31.84']);
  });
});
