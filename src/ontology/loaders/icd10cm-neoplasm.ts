import { conceptId } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';
import { walkIcd10cmTable } from './icd10cm-table.js';

/** System of the sites of the ICD-10-CM Neoplasm Table. */
export const NEOPLASM_TABLE_SYSTEM = 'ICD10CM_NEOPLASM';

/** The table's six behaviour columns (col 2 … col 7), stored as concept attributes under these keys. */
export const NEOPLASM_TABLE_COLUMNS = Object.freeze({
  2: 'malignant_primary',
  3: 'malignant_secondary',
  4: 'in_situ',
  5: 'benign',
  6: 'uncertain_behavior',
  7: 'unspecified_behavior',
} as const);

export type NeoplasmBehavior = (typeof NEOPLASM_TABLE_COLUMNS)[keyof typeof NEOPLASM_TABLE_COLUMNS];

/**
 * Loads the ICD-10-CM Neoplasm Table (`icd10cm_neoplasm_YYYY.xml[.gz]`, schema icd10cm_drug_neoplasm.xsd; US public
 * domain, NCHS), streamed. Each site row with at least one code becomes one concept of system `ICD10CM_NEOPLASM`,
 * code = its comma path under "Neoplasm, neoplastic" ("lung, upper lobe"), with its six codes as attributes
 * (`NEOPLASM_TABLE_COLUMNS`; a printed "C79.8-" is stored as C79.8, for the coder's specificity step to finish). A
 * row's title may list alternatives ("abdomen, abdominal"): every alternative gives a term, joined with the titles
 * below it ("abdominal cavity"), so a site can be looked up by its words.
 *
 * Group 'anatomy' and no cross-reference to ICD-10-CM: a site is no diagnosis. The dictionary matcher skips these
 * terms; the coder reaches the codes only through its neoplasm rule (a histology plus its site). Skip reasons:
 * 'see reference', 'heading without code', 'no code', 'no title'; cells and errors as in walkIcd10cmTable.
 */
export async function loadIcd10cmNeoplasms(file: string, sink: PackSink): Promise<LoadReport> {
  const report = new LoadReport('icd10cm-neoplasm', file);
  await walkIcd10cmTable(file, report, (f, frames) => {
    const codes = [...f.cells].filter(([, code]) => code !== '');
    if (!codes.length) return report.skip(f.see ? 'see reference' : f.children > 0 ? 'heading without code' : 'no code');
    // The main term ("Neoplasm, neoplastic") is the table's own name; its row is the unspecified site.
    const site = frames.slice(1).map((p) => p.title);
    const path = site.length ? site.join(', ') : 'unspecified site';
    const id = conceptId(NEOPLASM_TABLE_SYSTEM, path);
    f.id = id;
    sink.concept({ id, system: NEOPLASM_TABLE_SYSTEM, code: path, preferred: path, group: 'anatomy' });
    const texts = new Set<string>();
    for (const words of alternatives(site)) texts.add(words.join(' '));
    let first = true;
    for (const text of texts.size ? texts : new Set([path])) {
      sink.term(id, { text, kind: first ? 'preferred' : 'synonym' });
      first = false;
    }
    for (const [col, code] of codes) sink.attribute(id, NEOPLASM_TABLE_COLUMNS[col as keyof typeof NEOPLASM_TABLE_COLUMNS], code);
    const parent = [...frames].reverse().find((p) => p !== f && p.id);
    if (parent?.id) sink.parent(id, parent.id);
    report.kept++;
  });
  return report;
}

/**
 * Each title's comma alternatives combined along the path (capped). A comma separates alternatives when the parts are
 * forms of one word ("abdomen, abdominal", "larynx, laryngeal NEC", "testis, testes"); otherwise the title is one
 * inverted phrase ("stump, cervical", "lingula, lung") and stays whole.
 */
function alternatives(titles: readonly string[]): string[][] {
  let out: string[][] = [[]];
  for (const title of titles) {
    const parts = title.split(/\s*,\s*/).filter(Boolean);
    const forms = parts.length > 1 && parts.every((p) => sameWord(p, parts[0]!)) ? parts : [parts.join(' ')];
    out = out.flatMap((prefix) => forms.map((o) => [...prefix, o])).slice(0, 16);
  }
  return out.filter((x) => x.length);
}

/** Forms of one word: the same first four letters ("larynx" / "laryngeal"), or an organ and its adjective ("nose" / "nasal"). */
function sameWord(a: string, b: string): boolean {
  const x = a.toLowerCase().split(' ')[0]!;
  const y = b.toLowerCase().split(' ')[0]!;
  return x.slice(0, 4) === y.slice(0, 4) || ORGAN_ADJECTIVES[x] === y || ORGAN_ADJECTIVES[y] === x;
}

/** Adjective → organ pairs the table writes as alternatives without a shared stem. */
const ORGAN_ADJECTIVES: Readonly<Record<string, string>> = { nasal: 'nose', renal: 'kidney', hepatic: 'liver', pulmonary: 'lung', venous: 'vein', cardiac: 'heart', gastric: 'stomach', faucial: 'fauces' };
