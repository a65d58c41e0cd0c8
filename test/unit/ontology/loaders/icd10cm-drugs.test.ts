import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadIcd10cmDrugs } from '../../../../src/ontology/loaders/icd10cm-drugs.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { sharedDataPath } from '../../../helpers/shared-data.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/icd10cm/drug-sample.xml', import.meta.url));
const attrs = (sink: RecordingSink, id: string) => Object.fromEntries([...(sink.attributes.get(id) ?? new Map())].map(([k, v]) => [k, v.join('|')]));

describe('ICD-10-CM Table of Drugs and Chemicals loader', () => {
  const dir = tempDir();

  it('makes each coded row a concept named by its comma path, with the six columns as attributes', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmDrugs(SAMPLE, sink);
    expect([...sink.concepts.keys()]).toEqual([
      'ICD10CM_DRUG:Carbon monoxide',
      'ICD10CM_DRUG:Heparin',
      'ICD10CM_DRUG:Heparin, action reverser',
      'ICD10CM_DRUG:Hypnotic, anticonvulsant',
      'ICD10CM_DRUG:Lasix',
      'ICD10CM_DRUG:Lithium',
      'ICD10CM_DRUG:Lithium, salts',
      'ICD10CM_DRUG:Lotion NEC',
    ]);
    expect(attrs(sink, 'ICD10CM_DRUG:Heparin')).toEqual({
      poisoning_accidental: 'T45.511',
      poisoning_intentional: 'T45.512',
      poisoning_assault: 'T45.513',
      poisoning_undetermined: 'T45.514',
      adverse_effect: 'T45.515',
      underdosing: 'T45.516',
    });
    expect(attrs(sink, 'ICD10CM_DRUG:Lasix').adverse_effect).toBe('T50.1X5');
    // Nonessential modifiers are stripped from names; a subterm is a child of the row above it.
    expect(sink.termTexts('ICD10CM_DRUG:Lithium, salts', 'preferred')).toEqual(['Lithium, salts']);
    expect([...(sink.parents.get('ICD10CM_DRUG:Lithium, salts') ?? [])]).toEqual(['ICD10CM_DRUG:Lithium']);
    expect([...(sink.parents.get('ICD10CM_DRUG:Hypnotic, anticonvulsant') ?? [])]).toEqual([]);
    // Drugs (an adverse-effect column) vs other substances (poisoning only).
    expect(sink.concepts.get('ICD10CM_DRUG:Heparin')?.group).toBe('medication');
    expect(sink.concepts.get('ICD10CM_DRUG:Carbon monoxide')?.group).toBe('substance');
    expect(sink.concepts.get('ICD10CM_DRUG:Lithium')?.group).toBe('substance');
    expect(sink.concepts.get('ICD10CM_DRUG:Lithium, salts')?.group).toBe('medication');
    // No ICD-10-CM cross-references: a drug name is not a diagnosis.
    expect(sink.calls.xref).toBe(0);
    // Every row is kept or skipped with a reason; a malformed cell is reported and the row keeps its other codes.
    expect(report.read).toBe(10);
    expect(report.kept).toBe(9);
    expect(Object.fromEntries(report.skipped)).toEqual({ 'heading without code': 1 });
    // A brand or other name that only points elsewhere becomes a synonym of its target.
    expect(sink.termTexts('ICD10CM_DRUG:Phenol', 'synonym')).toEqual(['Lysol']);
    expect(report.tallies.get('see reference as synonym')).toBe(1);
    expect(report.tallies.get('invalid code (cell ignored)')).toBe(1);
    expect(attrs(sink, 'ICD10CM_DRUG:Lotion NEC')).not.toHaveProperty('underdosing');
  });

  it('reads gzip and throws typed errors for a wrong root, truncated XML and an empty table', async () => {
    const gz = join(dir, 'drug.xml.gz');
    writeFileSync(gz, gzipSync(Buffer.from('<?xml version="1.0"?><ICD10CM.index><letter><mainTerm><title>Lasix</title><cell col="6">T50.1X5</cell></mainTerm></letter></ICD10CM.index>')));
    const sink = new RecordingSink();
    await loadIcd10cmDrugs(gz, sink);
    expect(attrs(sink, 'ICD10CM_DRUG:Lasix')).toEqual({ adverse_effect: 'T50.1X5' });

    const wrongRoot = join(dir, 'tabular.xml');
    writeFileSync(wrongRoot, '<?xml version="1.0"?><ICD10CM.tabular><chapter/></ICD10CM.tabular>');
    const e1 = await errorOf(loadIcd10cmDrugs(wrongRoot, new RecordingSink()));
    expect(e1.code).toBe('E_PARSE');
    expect(e1.file).toBe(wrongRoot);

    const cut = join(dir, 'cut.xml');
    writeFileSync(cut, '<?xml version="1.0"?>\n<ICD10CM.index>\n<letter><mainTerm><title>Lasix</title>\n');
    const e2 = await errorOf(loadIcd10cmDrugs(cut, new RecordingSink()));
    expect(e2.code).toBe('E_PARSE');
    expect(e2.line).toBeGreaterThan(0);

    const empty = join(dir, 'empty.xml');
    writeFileSync(empty, '<?xml version="1.0"?><ICD10CM.index><version>2017</version></ICD10CM.index>');
    expect((await errorOf(loadIcd10cmDrugs(empty, new RecordingSink()))).code).toBe('E_PARSE');
  });

  const real = sharedDataPath('icd10cm/icd10cm_drug_2017.xml.gz');
  it.runIf(real)('loads the real FY2017 table: thousands of drugs, each row kept or skipped with a reason', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmDrugs(real!, sink);
    expect(report.kept + report.skippedTotal).toBe(report.read);
    expect(report.kept).toBeGreaterThan(7000);
    const meds = [...sink.concepts.values()].filter((c) => c.group === 'medication').length;
    expect(meds).toBeGreaterThan(5000);
    expect(attrs(sink, 'ICD10CM_DRUG:Heparin').adverse_effect).toBe('T45.515');
    expect(attrs(sink, 'ICD10CM_DRUG:Lisinopril').adverse_effect).toBe('T46.4X5');
    expect(attrs(sink, 'ICD10CM_DRUG:Vancomycin').adverse_effect).toBe('T36.8X5');
    expect(sink.termTexts('ICD10CM_DRUG:Naproxen', 'synonym')).toContain('Aleve');
    // Every stored code is ICD-10-CM shaped (the 7th character is added by the coder).
    for (const m of sink.attributes.values()) for (const codes of m.values()) for (const c of codes) expect(c).toMatch(/^T\d\d\.[0-9A-Z]{1,3}$/);
  });
});
