import { beforeAll, describe, expect, it } from 'vitest';
import { loadGems } from '../../src/ontology/loaders/gems.js';
import { loadIcd10cmIndex } from '../../src/ontology/loaders/icd10cm-index.js';
import { loadIcd10cmOrder } from '../../src/ontology/loaders/icd10cm-order.js';
import type { LoadReport } from '../../src/ontology/sink.js';
import { loadIcd10cmTabular } from '../../src/ontology/loaders/icd10cm-tabular.js';
import { RecordingSink } from '../helpers/recording-sink.js';
import { sharedDataPath } from '../helpers/shared-data.js';

/** The real CDC/CMS files, read in place from ../shared/data (see the SOURCE.md files there). */
const files = {
  order: sharedDataPath('icd10cm/icd10cm-order-2026.txt.gz'),
  tabular: sharedDataPath('icd10cm/icd10cm_tabular_2017.xml.gz'),
  index: sharedDataPath('icd10cm/icd10cm_index_2017.xml.gz'),
  i9gem: sharedDataPath('icd9cm-icd10cm-gems/2018_I9gem.txt.gz'),
  i10gem: sharedDataPath('icd9cm-icd10cm-gems/2018_I10gem.txt.gz'),
};
const available = Object.values(files).every((f) => f !== undefined);

describe.skipIf(!available)('ICD-10-CM loaders on the real files', () => {
  const need = (f: string | undefined): string => f ?? '';
  // One sink for all loaders, in the builder's order, as a pack build would combine them.
  const sink = new RecordingSink();
  const reports: Record<string, LoadReport> = {};

  beforeAll(async () => {
    reports.order = await loadIcd10cmOrder(need(files.order), sink);
    reports.tabular = await loadIcd10cmTabular(need(files.tabular), sink);
    reports.index = await loadIcd10cmIndex(need(files.index), sink);
    reports.i9gem = await loadGems(need(files.i9gem), sink);
    reports.i10gem = await loadGems(need(files.i10gem), sink);
  });

  it('order file: 98,186 rows, 74,719 billable, nothing skipped', () => {
    const r = reports.order;
    expect(r?.toJSON()).toMatchObject({ read: 98_186, kept: 98_186, skipped: {} });
    expect(r?.tallies.get('billable')).toBe(74_719);
    expect(r?.tallies.get('header')).toBe(23_467);
    expect(r?.tallies.get('no ancestor in file')).toBeUndefined(); // every non-category row has a prefix row
  });

  it('order file: titles, billable flags and parents of known codes', () => {
    const expected: [string, string, boolean, string[]][] = [
      ['E11.9', 'Type 2 diabetes mellitus without complications', true, ['ICD10CM:E11']],
      ['I21.4', 'Non-ST elevation (NSTEMI) myocardial infarction', true, ['ICD10CM:I21']],
      ['J44.1', 'Chronic obstructive pulmonary disease with (acute) exacerbation', true, ['ICD10CM:J44']],
      ['N18.30', 'Chronic kidney disease, stage 3 unspecified', true, ['ICD10CM:N18.3']],
      ['N18.3', 'Chronic kidney disease, stage 3 (moderate)', false, ['ICD10CM:N18']],
      ['S72.001A', 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture', true, ['ICD10CM:S72.001']],
      ['U07.1', 'COVID-19', true, ['ICD10CM:U07']],
    ];
    for (const [code, title, billable, parents] of expected) {
      const c = sink.toConcept(`ICD10CM:${code}`);
      expect(c, code).toMatchObject({ code, preferred: title, billable, active: true, group: 'condition' });
      expect(c?.parents, code).toEqual(expect.arrayContaining(parents));
    }
    expect(sink.termTexts('ICD10CM:J44.1', 'synonym')).toContain('Chronic obstructive pulmonary disease w (acute) exacerbation');
    expect(sink.concepts.get('ICD10CM:R07.89')?.group).toBe('finding');
    expect(sink.concepts.get('ICD10CM:Z79.4')?.group).toBe('other');
  });

  it('tabular: 21 chapters, 295 blocks, 43,910 diags; E11 → E08-E13 → E00-E89', () => {
    const r = reports.tabular;
    expect(r?.toJSON()).toMatchObject({ read: 21 + 295 + 43_910, kept: 21 + 295 + 43_910, skipped: {} });
    expect(Object.fromEntries(r?.tallies ?? [])).toMatchObject({ chapter: 21, section: 295, diag: 43_910 });
    expect(sink.parentsOf('ICD10CM:E11')).toEqual(['ICD10CM:E08-E13']);
    expect(sink.parentsOf('ICD10CM:E08-E13')).toEqual(['ICD10CM:E00-E89']);
    expect(sink.parentsOf('ICD10CM:E00-E89')).toEqual([]);
    expect(sink.concepts.get('ICD10CM:E08-E13')).toMatchObject({ preferred: 'Diabetes mellitus', group: 'other' });
    expect(sink.concepts.get('ICD10CM:E00-E89')).toMatchObject({ preferred: 'Endocrine, nutritional and metabolic diseases', group: 'other' });
    // The order file's FY2026 title wins over the 2017 desc; both loaders agree on the parent of E11.9.
    expect(sink.parentsOf('ICD10CM:E11.9')).toEqual(['ICD10CM:E11']);
    // One-category blocks get a range id distinct from the category.
    expect(sink.parentsOf('ICD10CM:B20')).toEqual(['ICD10CM:B20-B20']);
    expect(sink.parentsOf('ICD10CM:I21')).toEqual(['ICD10CM:I20-I25']);
  });

  it('tabular: every 2026 category that existed in 2017 gets a block parent', () => {
    const orphans: string[] = [];
    for (const [id, c] of sink.concepts) {
      if (/^[A-Z][0-9A-Z]{2}$/.test(c.code) && sink.parentsOf(id).length === 0) orphans.push(c.code);
    }
    // Only categories added after FY2017 (COVID-19, post-COVID, neurodevelopmental QA0, …) are not in the 2017 XML.
    expect(orphans.sort()).toEqual(['I1A', 'I5A', 'J4A', 'QA0', 'U07', 'U09', 'W44', 'Z58']);
  });

  it('tabular: E11 keeps its excludes1 / useAdditionalCode notes, with the codes they name', () => {
    const a = sink.toConcept('ICD10CM:E11')?.attributes ?? {};
    expect(a.excludes1).toContain('type 1 diabetes mellitus (E10.-)');
    expect(a.excludes1Codes).toEqual(expect.arrayContaining(['E08', 'E09', 'E10', 'E13', 'O24.4', 'P70.2']));
    expect(a.useAdditionalCode).toEqual(expect.arrayContaining(['insulin (Z79.4)', 'oral antidiabetic drugs (Z79.84)']));
    expect(a.useAdditionalCodeCodes).toEqual(expect.arrayContaining(['Z79.4', 'Z79.84']));
    expect(a.includes).toContain('diabetes NOS');
    expect(sink.termTexts('ICD10CM:I21.4', 'inclusion')).toContain('Nontransmural myocardial infarction NOS');
  });

  it('index: 7,973 main terms + 69,226 subterms, each kept or skipped with a reason', () => {
    const r = reports.index;
    expect(r?.read).toBe(7_973 + 69_226);
    expect(r?.read).toBe((r?.kept ?? 0) + (r?.skippedTotal ?? 0));
    expect(r?.kept).toBeGreaterThan(60_000);
    // About 12,000 see references: those of subterms that name a coded term are followed, the rest skipped.
    expect(r?.tallies.get('see reference followed')).toBeGreaterThan(4_000);
    expect(r?.skipped.get('see reference')).toBeGreaterThan(5_000);
    expect((r?.tallies.get('see reference followed') ?? 0) + (r?.skipped.get('see reference') ?? 0)).toBeLessThanOrEqual(r?.tallies.get('see') ?? 0);
    expect(r?.tallies.get('incomplete code (-)')).toBeGreaterThan(5_000);
  });

  it('index: "Infarct, infarction, myocardium, myocardial[, non-ST elevation]" resolve to I21.3 / I21.4', () => {
    expect(sink.conceptsWithTerm('Infarct, infarction, myocardium, myocardial', 'index')).toEqual(['ICD10CM:I21.3']);
    expect(sink.conceptsWithTerm('Infarct, infarction, myocardium, myocardial, non-ST elevation', 'index')).toEqual(['ICD10CM:I21.4']);
    expect(sink.termTexts('ICD10CM:E11.9', 'index')).toContain('Diabetes, diabetic, type 2');
    // "Infarct, cardiac — see Infarct, myocardium"; "Narrowing, urethra — see Stricture, urethra".
    expect(sink.conceptsWithTerm('Infarct, infarction, cardiac', 'index')).toEqual(['ICD10CM:I21.3']);
    expect(sink.conceptsWithTerm('Narrowing, urethra', 'index')).toEqual(['ICD10CM:N35.9']);
  });

  it('index: nearly every index code names a concept of the order file or the tabular list', () => {
    let total = 0;
    let dangling = 0;
    for (const [id, terms] of sink.terms) {
      if (!terms.some((t) => t.kind === 'index')) continue;
      total++;
      if (!sink.concepts.has(id)) dangling++;
    }
    // 18,774 concepts carry index terms; 7 codes (e.g. K06.00, T81.48) are in neither file: the builder reports them.
    expect(total).toBeGreaterThan(18_000);
    expect(dangling).toBeLessThan(20);
  });

  it('GEMs: 250.00 ↔ E11.9 in both files, no-map rows skipped', () => {
    expect(reports.i9gem?.toJSON()).toMatchObject({ read: 24_860, skipped: { 'no map': 422 } });
    expect(reports.i10gem?.toJSON()).toMatchObject({ read: 81_593, skipped: { 'no map': 731 } });
    for (const r of [reports.i9gem, reports.i10gem]) expect(r?.read).toBe((r?.kept ?? 0) + (r?.skippedTotal ?? 0));
    const xrefs = sink.xrefs.get('ICD10CM:E11.9') ?? [];
    // Once per file: the loader dedupes within a file, the builder across files.
    expect(xrefs).toEqual([
      { system: 'ICD9CM', code: '250.00', relation: 'gem-approximate' },
      { system: 'ICD9CM', code: '250.00', relation: 'gem-approximate' },
    ]);
    expect(sink.xrefs.get('ICD10CM:A00.0')).toContainEqual({ system: 'ICD9CM', code: '001.0', relation: 'gem-exact' });
  });
});
