import { conceptId } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';
import { walkIcd10cmTable } from './icd10cm-table.js';

/** System of the substances of the ICD-10-CM Table of Drugs and Chemicals. */
export const DRUG_TABLE_SYSTEM = 'ICD10CM_DRUG';

/**
 * The table's six code columns (its `<indexHeading>`: col 2 … col 7), stored as concept attributes under these
 * keys. The codes are printed without the 7th character (T45.515, T50.1X5): the coder adds the encounter.
 */
export const DRUG_TABLE_COLUMNS = Object.freeze({
  2: 'poisoning_accidental',
  3: 'poisoning_intentional',
  4: 'poisoning_assault',
  5: 'poisoning_undetermined',
  6: 'adverse_effect',
  7: 'underdosing',
} as const);

export type DrugTableColumn = (typeof DRUG_TABLE_COLUMNS)[keyof typeof DRUG_TABLE_COLUMNS];

/**
 * Loads the ICD-10-CM Table of Drugs and Chemicals (`icd10cm_drug_YYYY.xml[.gz]`, schema icd10cm_drug_neoplasm.xsd;
 * US public domain, NCHS), streamed. Each mainTerm or nested term with at least one code becomes one concept of
 * system `ICD10CM_DRUG`, code = its comma path ("Heparin", "Heparin, action reverser"), preferred term = that path
 * with nonessential modifiers stripped, and its codes as attributes (`DRUG_TABLE_COLUMNS`: adverse_effect T45.515,
 * underdosing T45.516, poisoning_* …). A nested term is an is-a child of the row above it.
 *
 * Group: 'medication' when the row has an adverse-effect code (the table gives one only for drugs and biologicals
 * in therapeutic use), else 'substance' (industrial chemicals, gases, venoms: poisoning/toxic-effect codes only).
 * No cross-reference to ICD-10-CM is written on purpose: a substance is not a diagnosis, so the coder reaches these
 * codes only through its adverse-effect / poisoning rules, never by linking a drug name.
 *
 * A main term without codes that points elsewhere ("Aleve" `<see>Naproxen</see>`) becomes a synonym of that row.
 * Skip reasons: 'see reference' (a nested one, or a target that is not a row name), 'heading without code', 'no code',
 * 'no title'. Cells and errors as in walkIcd10cmTable.
 */
export async function loadIcd10cmDrugs(file: string, sink: PackSink): Promise<LoadReport> {
  const report = new LoadReport('icd10cm-drugs', file);
  await walkIcd10cmTable(file, report, (f, frames) => {
    const codes = [...f.cells].filter(([, code]) => code !== '');
    if (!codes.length && f.see && frames.length === 1 && /^[A-Z0-9]/.test(f.seeTarget)) {
      // "Aleve, see Naproxen": the brand becomes a synonym of the row it points to (dropped by the builder, and
      // reported there, when no such row exists).
      sink.term(conceptId(DRUG_TABLE_SYSTEM, f.seeTarget), { text: f.title, kind: 'synonym' });
      report.tally('see reference as synonym');
      report.kept++;
      return;
    }
    if (!codes.length) return report.skip(f.see ? 'see reference' : f.children > 0 ? 'heading without code' : 'no code');
    const printedPath = frames.map((p) => p.title).join(', ');
    const id = conceptId(DRUG_TABLE_SYSTEM, printedPath);
    f.id = id;
    const group = f.cells.has(6) ? 'medication' : 'substance';
    sink.concept({ id, system: DRUG_TABLE_SYSTEM, code: printedPath, preferred: printedPath, group });
    sink.term(id, { text: printedPath, kind: 'preferred' });
    for (const [col, code] of codes) sink.attribute(id, DRUG_TABLE_COLUMNS[col as keyof typeof DRUG_TABLE_COLUMNS], code);
    const parent = [...frames].reverse().find((p) => p !== f && p.id);
    if (parent?.id) sink.parent(id, parent.id);
    report.tally(group);
    report.kept++;
  });
  return report;
}
