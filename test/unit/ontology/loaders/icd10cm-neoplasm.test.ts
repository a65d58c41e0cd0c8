import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadIcd10cmNeoplasms } from '../../../../src/ontology/loaders/icd10cm-neoplasm.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { errorOf } from '../../../helpers/errors.js';
import { sharedDataPath } from '../../../helpers/shared-data.js';
import { tempDir } from '../../../helpers/tmp.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/icd10cm/neoplasm-sample.xml', import.meta.url));
const attrs = (sink: RecordingSink, id: string) => Object.fromEntries([...(sink.attributes.get(id) ?? new Map())].map(([k, v]) => [k, v.join('|')]));

describe('ICD-10-CM Neoplasm Table loader', () => {
  it('makes each coded site row a concept with its six behaviour columns', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmNeoplasms(SAMPLE, sink);
    expect([...sink.concepts.keys()]).toEqual([
      'ICD10CM_NEOPLASM:unspecified site',
      'ICD10CM_NEOPLASM:abdomen, abdominal',
      'ICD10CM_NEOPLASM:abdomen, abdominal, cavity',
      'ICD10CM_NEOPLASM:larynx, laryngeal',
      'ICD10CM_NEOPLASM:lung',
      'ICD10CM_NEOPLASM:lung, upper lobe',
      'ICD10CM_NEOPLASM:stump, cervical',
      'ICD10CM_NEOPLASM:parathyroid',
      'ICD10CM_NEOPLASM:skin NOS, scalp',
      'ICD10CM_NEOPLASM:pelvis',
    ]);
    expect(attrs(sink, 'ICD10CM_NEOPLASM:larynx, laryngeal')).toEqual({
      malignant_primary: 'C32.9',
      malignant_secondary: 'C78.39',
      in_situ: 'D02.0',
      benign: 'D14.1',
      uncertain_behavior: 'D38.0',
      unspecified_behavior: 'D49.1',
    });
    // A printed "C34.1-" (characters still to add) is stored as its header, for the coder's specificity step.
    expect(attrs(sink, 'ICD10CM_NEOPLASM:lung, upper lobe').malignant_primary).toBe('C34.1');
    // Alternatives of one word give a term each; an inverted phrase stays one ("stump, cervical" is no "cervical").
    expect(sink.termTexts('ICD10CM_NEOPLASM:abdomen, abdominal, cavity')).toEqual(['abdomen cavity', 'abdominal cavity']);
    expect(sink.termTexts('ICD10CM_NEOPLASM:stump, cervical')).toEqual(['stump cervical']);
    expect(sink.termTexts('ICD10CM_NEOPLASM:lung, upper lobe')).toEqual(['lung upper lobe']);
    // Nonessential modifiers are not part of the site name.
    expect(sink.termTexts('ICD10CM_NEOPLASM:parathyroid')).toEqual(['parathyroid']);
    expect([...(sink.parents.get('ICD10CM_NEOPLASM:lung, upper lobe') ?? [])]).toEqual(['ICD10CM_NEOPLASM:lung']);
    // Sites are anatomy with no cross-reference: the coder reaches the codes only through its neoplasm rule.
    expect(sink.concepts.get('ICD10CM_NEOPLASM:lung')?.group).toBe('anatomy');
    expect(sink.calls.xref).toBe(0);
    // Every row is kept or skipped with a reason; a malformed cell is reported and its row keeps the other codes.
    expect(report.read).toBe(12);
    expect(report.kept).toBe(10);
    expect(Object.fromEntries(report.skipped)).toEqual({ 'see reference': 1, 'heading without code': 1 });
    expect(report.tallies.get('invalid code (cell ignored)')).toBe(1);
    expect(attrs(sink, 'ICD10CM_NEOPLASM:pelvis')).not.toHaveProperty('unspecified_behavior');
  });

  it('throws typed errors for a wrong root and truncated XML', async () => {
    const dir = tempDir();
    const wrongRoot = join(dir, 'tabular.xml');
    writeFileSync(wrongRoot, '<?xml version="1.0"?><ICD10CM.tabular><chapter/></ICD10CM.tabular>');
    const e1 = await errorOf(loadIcd10cmNeoplasms(wrongRoot, new RecordingSink()));
    expect(e1.code).toBe('E_PARSE');
    expect(e1.file).toBe(wrongRoot);
    const cut = join(dir, 'cut.xml');
    writeFileSync(cut, '<?xml version="1.0"?>\n<ICD10CM.index>\n<letter><mainTerm><title>Neoplasm</title>\n');
    const e2 = await errorOf(loadIcd10cmNeoplasms(cut, new RecordingSink()));
    expect(e2.code).toBe('E_PARSE');
    expect(e2.line).toBeGreaterThan(0);
  });

  const real = sharedDataPath('icd10cm/icd10cm_neoplasm_2017.xml.gz');
  it.runIf(real)('loads the real FY2017 table: about 1,800 sites, each row kept or skipped with a reason', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmNeoplasms(real!, sink);
    expect(report.kept + report.skippedTotal).toBe(report.read);
    expect(report.kept).toBeGreaterThan(1700);
    expect(attrs(sink, 'ICD10CM_NEOPLASM:larynx, laryngeal NEC').malignant_primary).toBe('C32.9');
    expect(attrs(sink, 'ICD10CM_NEOPLASM:liver').malignant_secondary).toBe('C78.7');
    expect(attrs(sink, 'ICD10CM_NEOPLASM:thyroid').malignant_primary).toBe('C73');
    for (const m of sink.attributes.values()) for (const codes of m.values()) for (const c of codes) expect(c).toMatch(/^[CD]\d[0-9A]\.?[0-9A-Z]{0,4}$/);
  });
});
