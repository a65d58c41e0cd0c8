import { ClinlinkError } from '../../errors.js';
import { streamXml } from '../../io/xml.js';
import { dotIcd10cm } from '../concept.js';
import type { LoadReport } from '../sink.js';
import { squash } from './icd10cm-tabular.js';

/** A letter, a digit, then category and subcategory characters: T45.515, T50.1X5, C79.8. */
const ICD10CM_CODE = /^[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;

/** One row of a table (a mainTerm or a nested term) while the XML is read. */
export interface TableRow {
  title: string;
  hasTitle: boolean;
  /** Code per column (2 … 7); a printed code's trailing "-" (more characters needed) is dropped. */
  cells: Map<number, string>;
  see: boolean;
  /** The `<see>` / `<seeAlso>` target ("Naproxen" for "Aleve"). */
  seeTarget: string;
  children: number;
  decided: boolean;
  /** Set by the caller when the row became a concept, so its subterms can name it as their parent. */
  id: string | undefined;
}

/**
 * Streams one of the ICD-10-CM index tables (Table of Drugs and Chemicals, Neoplasm Table: schema
 * icd10cm_drug_neoplasm.xsd) and calls `onRow` once per titled row, with the rows above it (`frames`, the row last).
 * Malformed XML, a wrong root element, a table without rows, invalid UTF-8 and truncated gzip throw typed errors with
 * file and line. A cell whose code is not ICD-10-CM shaped is ignored and tallied as 'invalid code (cell ignored)'.
 */
export async function walkIcd10cmTable(file: string, report: LoadReport, onRow: (row: TableRow, frames: readonly TableRow[]) => void): Promise<void> {
  await streamXml(file, (line) => {
    const path: string[] = [];
    const frames: TableRow[] = [];
    let text = '';
    let cellCol = 0;

    const decide = (): void => {
      const f = frames[frames.length - 1];
      if (!f || f.decided) return;
      f.decided = true;
      if (!f.hasTitle || frames.some((p) => !p.hasTitle)) return report.skip('no title');
      onRow(f, frames);
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
  if (report.read === 0) throw new ClinlinkError('E_PARSE', 'no rows in table XML', { file });
}
