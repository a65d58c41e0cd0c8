import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../../helpers/coder.js';
import { icdStarterSources } from '../../helpers/packs.js';

/** Z codes for status, long-term drug use and aftercare (ICD-10-CM Official Guidelines I.C.4.a.3, I.C.21.c). */
describe.skipIf(!icdStarterSources())('coding rules: status, long-term drug use and aftercare Z codes', () => {
  const { codesOf } = useIcdCoder();

  // "oral" in "oral hypoglycemics" is a route, not the mouth: no E11.63- oral complication (I.B.2).
  it('reads long-term insulin and oral hypoglycemic use from the narrative, not from a sliding scale (I.C.4.a.3)', async () => {
    const stated = [
      'HOSPITAL COURSE: He has type 2 diabetes mellitus requiring insulin for twelve years and also takes oral hypoglycemics at home.',
      'DISCHARGE DIAGNOSES:',
      '1. Type 2 diabetes mellitus.',
    ].join('\n');
    expect(await codesOf(stated)).toEqual(['E11.9', 'Z79.4', 'Z79.84']);
    const temporary = [
      'HOSPITAL COURSE: His non-insulin-dependent diabetes was covered with a sliding scale of insulin while he was here.',
      'DISCHARGE DIAGNOSES:',
      '1. Non-insulin-dependent diabetes mellitus.',
    ].join('\n');
    const codes = await codesOf(temporary);
    expect(codes).not.toContain('Z79.4');
    expect(codes).not.toContain('Z79.84');
  });

  it('codes a therapy stay after a joint replacement as aftercare with the replaced joint (I.C.21.c.7)', async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: She comes to the transitional care unit for physical therapy after surgery on her knee.',
      'DISCHARGE DIAGNOSES:',
      '1. Status post left total knee arthroplasty for degenerative joint disease.',
      '2. Hypothyroidism.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['Z47.1', 'Z96.652', 'E03.9']));
    // The arthritis the replacement treated is not coded beside the aftercare.
    expect(codes.filter((c) => /^M1[5-9]/.test(c))).toEqual([]);
    // Without a therapy stay, a replacement in the list is history, not aftercare.
    expect(await codesOf(note.replace('She comes to the transitional care unit for physical therapy after surgery on her knee.', 'She came in with a cough.'))).not.toContain('Z47.1');
  });
});
