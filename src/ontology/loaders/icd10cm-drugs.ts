import { ClinlinkError } from '../../errors.js';
import { conceptId, dotIcd10cm } from '../concept.js';
import { streamXml } from '../../io/xml.js';
import { LoadReport, type PackSink } from '../sink.js';
import { squash } from './icd10cm-tabular.js';

/** A letter, a digit, then category and subcategory characters: T45.515, T50.1X5, T51.3X1. */
const ICD10CM_CODE = /^[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;

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

interface RowFrame {
  title: string;
  hasTitle: boolean;
  cells: Map<number, string>;
  see: boolean;
  /** The `<see>` / `<seeAlso>` target ("Naproxen" for "Aleve"). */
  seeTarget: string;
  children: number;
  decided: boolean;
  id: string | undefined;
}

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
 * 'no title'. A cell whose code is not ICD-10-CM shaped is ignored and tallied as 'invalid code (cell ignored)'
 * (the row keeps its other codes). Malformed XML, a wrong root element, a table without rows, invalid UTF-8 and truncated gzip throw typed
 * errors with file and line.
 */
export async function loadIcd10cmDrugs(file: string, sink: PackSink): Promise<LoadReport> {
  const report = new LoadReport('icd10cm-drugs', file);
  await streamXml(file, (line) => {
    const path: string[] = [];
    const frames: RowFrame[] = [];
    let text = '';
    let cellCol = 0;

    const decide = (): void => {
      const f = frames[frames.length - 1];
      if (!f || f.decided) return;
      f.decided = true;
      if (!f.hasTitle || frames.some((p) => !p.hasTitle)) return report.skip('no title');
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
    };

    return {
      open(name, attributes) {
        path.push(name);
        if (path.length === 1) {
          if (name !== 'ICD10CM.index') throw new ClinlinkError('E_PARSE', `root element is <${name}>, expected <ICD10CM.index>`, { file, line: line(), field: 'root' });
          return;
        }
        if (name === 'mainTerm' || name === 'term') {
          report.read++;
          const parent = frames[frames.length - 1];
          if (parent) {
            parent.children++;
            // Title and cells precede the subterms in the schema's sequence: the parent is complete now.
            decide();
          }
          frames.push({ title: '', hasTitle: false, cells: new Map(), see: false, seeTarget: '', children: 0, decided: false, id: undefined });
        } else if (name === 'cell') {
          cellCol = Number(attributes?.col ?? 0);
        } else if (name === 'nemod') {
          // Text before a nonessential modifier belongs to the title; the modifier itself is dropped.
          const f = frames[frames.length - 1];
          if (f && path[path.length - 2] === 'title') f.title += text;
        }
        text = '';
      },

      text(t) {
        text += t;
      },

      close(name) {
        path.pop();
        const owner = path[path.length - 1];
        const f = frames[frames.length - 1];
        if (name === 'mainTerm' || name === 'term') {
          decide();
          frames.pop();
          return;
        }
        if (name === 'nemod') {
          text = '';
          return;
        }
        if (!f || (owner !== 'mainTerm' && owner !== 'term')) {
          text = '';
          return;
        }
        if (name === 'title') {
          f.title = squash(f.title + text).replace(/[,\s]+$/, '');
          f.hasTitle = f.title !== '';
        } else if (name === 'cell') {
          const raw = squash(text);
          if (cellCol >= 2 && cellCol <= 7 && raw !== '--' && raw !== '') {
            const code = dotIcd10cm(raw.replace(/\.?-$/, ''));
            if (ICD10CM_CODE.test(code)) f.cells.set(cellCol, code);
            else report.tally('invalid code (cell ignored)');
          }
        } else if (name === 'see' || name === 'seeAlso') {
          f.see = true;
          f.seeTarget ||= squash(text);
        }
        text = '';
      },
    };
  });
  if (report.read === 0) throw new ClinlinkError('E_PARSE', 'no rows in drug table XML', { file });
  return report;
}
