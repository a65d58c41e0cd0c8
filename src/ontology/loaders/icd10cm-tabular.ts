import { ClinlinkError } from '../../errors.js';
import { streamXml } from '../../io/xml.js';
import { conceptId, dotIcd10cm } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';
import { ICD10CM_DOTTED, icd10cmGroup } from './icd10cm-order.js';

/** Collapses runs of whitespace (the XML is pretty-printed and some titles carry double spaces). */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Tabular list.

/** The tabular note kinds kept as attributes. inclusionTerm becomes terms instead (and an attribute when asked). */
const NOTE_KINDS: ReadonlySet<string> = new Set(['includes', 'excludes1', 'excludes2', 'codeFirst', 'useAdditionalCode', 'codeAlso', 'notes', 'sevenChrNote']);
/** Note kinds whose texts reference codes worth extracting into a parseable `<kind>Codes` attribute. */
const CODE_BEARING: ReadonlySet<string> = new Set(['includes', 'excludes1', 'excludes2', 'codeFirst', 'useAdditionalCode', 'codeAlso']);

export interface Icd10cmTabularOptions {
  /** Emit `<inclusionTerm>` notes as 'inclusion' terms. Default true. */
  inclusionTerms?: boolean;
  /** Keep instructional notes (excludes1, codeFirst, …) and 7th-character definitions as attributes. Default true. */
  notes?: boolean;
}

const CAPTURE: ReadonlySet<string> = new Set(['name', 'desc', 'note', 'extension']);

type ContainerKind = 'chapter' | 'section' | 'diag';

interface Container {
  kind: ContainerKind;
  /** Concept id, known once the chapter's desc, the section's id attribute or the diag's name has been read. */
  id: string | undefined;
  parentId: string | undefined;
  /** Records that arrived before the id was known (not in schema order, but cheap to tolerate). */
  pending: ((id: string) => void)[];
  /** Dedupes the `<kind>Codes` attribute values per concept. */
  codeAttrs: Set<string>;
}

/**
 * Loads the ICD-10-CM Tabular List XML (`icd10cm_tabular_YYYY.xml[.gz]`, schema icd10cm_tabular.xsd), streamed.
 *
 * - chapter → concept `ICD10CM:A00-B99` (code = the range in its desc, preferred = the desc without the range,
 *   group 'other', no parent).
 * - section (block) → concept `ICD10CM:E08-E13`, parent its chapter, group 'other'. A one-category block
 *   (`<section id="B10">`) gets the id `ICD10CM:B10-B10` so that it cannot collide with the category B10 itself.
 * - diag → concept `ICD10CM:E11.9` (preferred = the 2017 desc; the order file, loaded first, wins when it has the
 *   code), parent = enclosing diag, or the section for a category. The desc is also emitted as a 'synonym' term so
 *   a title revised since 2017 stays findable. billable and active are not set: the FY2026 order file decides them,
 *   and codes only in 2017 are emitted as ordinary concepts for the builder to merge.
 * - inclusionTerm notes → 'inclusion' terms of their concept.
 * - includes / excludes1 / excludes2 / codeFirst / useAdditionalCode / codeAlso / notes / sevenChrNote notes →
 *   one attribute value per note under that key, on the concept that carries them (notes on E11 stay on E11).
 *   Codes the first five name in parentheses ("(E11.-)", "(P35-P39)", "(B01.-, B02.-)") are also stored under
 *   `<key>Codes`, dotted, without a trailing `-`/`.-`; ranges stay ranges (`P35-P39`). Only parenthesised code
 *   lists are read, because bare tokens in prose ("vitamin B12", "CD30") look like codes too.
 * - sevenChrDef extensions → attribute `sevenChrDef`, values like `A: initial encounter for closed fracture`.
 *
 * read counts chapter, section and diag elements; each is kept or throws: a container without a usable id
 * (chapter desc without a "(X00-Y99)" range, diag with a malformed code) is structural corruption, E_PARSE.
 * Tallies: 'chapter', 'section', 'diag', 'inclusion term', 'note', 'note code'.
 */
export async function loadIcd10cmTabular(file: string, sink: PackSink, options: Icd10cmTabularOptions = {}): Promise<LoadReport> {
  const wantInclusions = options.inclusionTerms ?? true;
  const wantNotes = options.notes ?? true;
  const report = new LoadReport('icd10cm-tabular', file);

  await streamXml(file, (line) => {
    const path: string[] = [];
    const containers: Container[] = [];
    let text = '';
    let sevenChr: string | undefined;

    const fail = (field: string, what: string): ClinlinkError =>
      new ClinlinkError('E_PARSE', `malformed ICD-10-CM tabular XML: ${what}`, { file, line: line(), field });
    const top = (): Container | undefined => containers[containers.length - 1];
    /** Runs `fn` with the concept id of the innermost container, now or once it is known. */
    const withId = (c: Container, fn: (id: string) => void): void => {
      if (c.id !== undefined) fn(c.id);
      else c.pending.push(fn);
    };
    const setId = (c: Container, id: string): void => {
      c.id = id;
      for (const fn of c.pending) fn(id);
      c.pending = [];
    };

    const onNote = (noteKind: string, value: string): void => {
      const c = top();
      if (!c || value === '') return;
      if (noteKind === 'inclusionTerm') {
        if (!wantInclusions) return;
        report.tally('inclusion term');
        withId(c, (id) => sink.term(id, { text: value, kind: 'inclusion' }));
        return;
      }
      if (!wantNotes || !NOTE_KINDS.has(noteKind)) return;
      report.tally('note');
      withId(c, (id) => sink.attribute(id, noteKind, value));
      if (!CODE_BEARING.has(noteKind)) return;
      for (const code of extractNoteCodes(value)) {
        const key = `${noteKind}Codes`;
        if (c.codeAttrs.has(`${key}\u0000${code}`)) continue;
        c.codeAttrs.add(`${key}\u0000${code}`);
        report.tally('note code');
        withId(c, (id) => sink.attribute(id, key, code));
      }
    };

    return {
      open(name, attributes) {
        const parentName = path[path.length - 1];
        path.push(name);
        if (path.length === 1) {
          if (name !== 'ICD10CM.tabular') throw fail('root', `root element is <${name}>, expected <ICD10CM.tabular>`);
          return;
        }
        if (name === 'chapter' || name === 'section' || name === 'diag') {
          report.read++;
          const parent = top();
          const c: Container = { kind: name, id: undefined, parentId: undefined, pending: [], codeAttrs: new Set() };
          if (parent) withId(parent, (pid) => (c.parentId = pid));
          containers.push(c);
          if (name === 'section') {
            const raw = (attributes.id ?? '').trim().toUpperCase();
            const range = raw.includes('-') ? raw : `${raw}-${raw}`;
            if (!/^[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}$/.test(range)) throw fail('section.id', 'section id is not a category range');
            setId(c, conceptId('ICD10CM', range));
          }
        } else if (name === 'extension' && parentName === 'sevenChrDef') {
          sevenChr = (attributes.char ?? '').trim();
        }
        // Text-bearing elements start a fresh buffer; inline addenda markup inside them (<new>, <old>) must not.
        if (CAPTURE.has(name)) text = '';
      },

      text(t) {
        text += t;
      },

      close(name) {
        path.pop();
        const owner = path[path.length - 1];
        const c = top();
        if (name === 'chapter' || name === 'section' || name === 'diag') {
          if (!c || c.id === undefined) throw fail(name, `<${name}> without ${name === 'diag' ? 'a name' : 'a code range'}`);
          containers.pop();
          report.kept++;
          report.tally(name);
          return;
        }
        const value = squash(text);
        text = '';
        if (!c) return; // introduction, version, title: outside any chapter
        if (name === 'desc' && owner === c.kind) {
          if (c.kind === 'chapter') {
            const m = /^(.*?)\s*\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\)$/.exec(value);
            if (!m) throw fail('chapter.desc', 'chapter desc does not end with its code range');
            const [, title = '', first = '', last = ''] = m;
            const code = `${first}-${last}`;
            const id = conceptId('ICD10CM', code);
            setId(c, id);
            sink.concept({ id, system: 'ICD10CM', code, preferred: title, group: 'other' });
          } else if (c.kind === 'section') {
            const id = c.id ?? '';
            const code = id.slice('ICD10CM:'.length);
            sink.concept({ id, system: 'ICD10CM', code, preferred: value.replace(/\s*\([A-Z][0-9A-Z]{2}(?:-[A-Z][0-9A-Z]{2})?\)$/, ''), group: 'other' });
            if (c.parentId) sink.parent(id, c.parentId);
          } else {
            withId(c, (id) => {
              const code = id.slice('ICD10CM:'.length);
              sink.concept({ id, system: 'ICD10CM', code, preferred: value, group: icd10cmGroup(code) });
              sink.term(id, { text: value, kind: 'synonym' });
              if (c.parentId) sink.parent(id, c.parentId);
            });
          }
        } else if (name === 'name' && owner === 'diag') {
          const code = dotIcd10cm(value);
          if (!ICD10CM_DOTTED.test(code)) throw fail('diag.name', 'diag name is not an ICD-10-CM code');
          setId(c, conceptId('ICD10CM', code));
        } else if (name === 'note' && owner !== undefined) {
          onNote(owner, value);
        } else if (name === 'extension' && owner === 'sevenChrDef' && wantNotes) {
          const ch = sevenChr ?? '';
          if (ch !== '' && value !== '') {
            report.tally('note');
            withId(c, (id) => sink.attribute(id, 'sevenChrDef', `${ch}: ${value}`));
          }
          sevenChr = undefined;
        }
      },
    };
  });
  if (report.read === 0) throw new ClinlinkError('E_PARSE', 'no chapters, sections or diags in tabular XML', { file });
  return report;
}

const CODE = String.raw`[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?-?`;
const CODE_OR_RANGE = new RegExp(String.raw`(?<![A-Za-z0-9.])(${CODE})(?:-(${CODE}))?(?![A-Za-z0-9])`, 'g');
const STARTS_WITH_CODE = new RegExp(String.raw`^\s*${CODE}(?![A-Za-z0-9])`);

/**
 * Codes a tabular note names in parentheses, normalised: "(E11.-)" → E11, "(B27.0-)" → B27.0, "(P35-P39)" →
 * P35-P39, "(I60-I69 with fifth or sixth character 5)" → I60-I69. Only parenthesised groups that start with a
 * code are read; a code inside prose is too easily a false positive (vitamin B12, CD30, O157:H7).
 */
export function extractNoteCodes(note: string): string[] {
  const out: string[] = [];
  for (const group of note.matchAll(/\(([^()]*)\)/g)) {
    const inner = group[1] ?? '';
    if (!STARTS_WITH_CODE.test(inner)) continue;
    for (const m of inner.matchAll(CODE_OR_RANGE)) {
      const a = cleanCode(m[1] ?? '');
      const b = m[2] === undefined ? undefined : cleanCode(m[2]);
      const code = b === undefined || b === a ? a : `${a}-${b}`;
      if (!out.includes(code)) out.push(code);
    }
  }
  return out;
}

/** "E11.-" → "E11", "B27.0-" → "B27.0", "E11." → "E11". */
function cleanCode(code: string): string {
  return code.replace(/-$/, '').replace(/\.$/, '');
}
