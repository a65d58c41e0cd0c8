import { describe, expect, it } from 'vitest';
import { neoplasmTableCode } from '../../src/coding/neoplasm-table.js';
import { mostSpecificBillable } from '../../src/coding/specificity.js';
import { useIcdCoder } from '../helpers/coder.js';
import { icdStarterSources } from '../helpers/packs.js';

// I.C.2 with the Neoplasm Table (--icd10cm-neoplasm): histologies whose site has no term of its own. Phrasings found on
// unlabelled MTSamples operative and specialty notes outside the blind-set pool; the notes here are our own wording.
describe.skipIf(!icdStarterSources())('coding neoplasms from the Neoplasm Table', () => {
  const { codesOf, coder } = useIcdCoder();

  it('reads the site row and the behaviour column of a histology phrase', () => {
    const pack = coder().pipeline.pack;
    const code = (p: string) => neoplasmTableCode(pack, p)?.code ?? null;
    expect(code('Squamous cell carcinoma of the larynx')).toBe('C32.9');
    expect(code('Squamous cell carcinoma, left nasal cavity')).toBe('C30.0');
    expect(code('carcinoma of the right upper lobe of the lung')).toBe('C34.1');
    expect(code('metastatic carcinoma of the liver')).toBe('C78.7');
    expect(code('liver metastases')).toBe('C78.7');
    expect(code('Right superior parathyroid adenoma')).toBe('D35.1');
    expect(code('Left breast ductal carcinoma in situ')).toBe('D05');
    // A site before the histology is where it arose (Index: Metastatic … from specified site).
    expect(code('Metastatic renal cell carcinoma')).toBe('C64');
    // A basal cell carcinoma is one of the skin of the region.
    expect(code('Basal cell carcinoma of the nose')).toMatch(/^C44\.3/);
    // Another condition in the phrase, a histology with its own index entry, or no site: no answer.
    expect(code('Bladder cancer and left hydrocele')).toBeNull();
    expect(code('Malignant pleural effusion')).toBeNull();
    expect(code('Melanoma of the scalp')).toBeNull();
    expect(code('carcinoma of unknown primary')).toBeNull();
  });

  it('codes the table site in the final statement, with the specificity the words give', async () => {
    expect(await codesOf('ASSESSMENT:\n1. Squamous cell carcinoma of the larynx.\n2. Hypertension.')).toEqual(['C32.9', 'I10']);
    expect(await codesOf('POSTOPERATIVE DIAGNOSIS: , Squamous cell carcinoma of the scalp.')).toContain('C44.42');
    expect(await codesOf('FINAL DIAGNOSES:,1. Squamous cell carcinoma, left nasal cavity.')).toContain('C30.0');
    expect(await codesOf('ASSESSMENT: Ductal carcinoma in situ of the right breast.')).toContain('D05.11');
  });

  it('keeps a sided sibling of another organ out of a specific code ("right parathyroid adenoma" is no adrenal one)', async () => {
    const codes = await codesOf('POSTOPERATIVE DIAGNOSIS: , Right superior parathyroid adenoma.');
    expect(codes).toContain('D35.1');
    expect(codes).not.toContain('D35.01');
    // The specificity step itself: D35.1's own word "parathyroid" is missing from the adrenal codes.
    expect(mostSpecificBillable(coder().pipeline.pack, 'D35.1', 'Right superior parathyroid adenoma', 'parathyroid adenoma')?.code).toBe('D35.1');
    // A catch-all linked code still moves to the sided child the words name.
    expect(mostSpecificBillable(coder().pipeline.pack, 'D35.00', 'right adrenal adenoma', 'adrenal adenoma')?.code).toBe('D35.01');
  });

  it('never matches a table site as a mention of its own', async () => {
    const doc = await coder().pipeline.annotate('The abdominal cavity and the upper lobe of the lung were examined.');
    expect(doc.entities.filter((e) => e.concept?.system === 'ICD10CM_NEOPLASM')).toEqual([]);
  });
});
