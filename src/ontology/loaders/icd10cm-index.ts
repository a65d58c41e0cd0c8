import { ClinlinkError } from '../../errors.js';
import { conceptId, dotIcd10cm } from '../concept.js';
import { streamXml } from '../../io/xml.js';
import { LoadReport, type PackSink } from '../sink.js';
import { ICD10CM_DOTTED } from './icd10cm-order.js';
import { squash } from './icd10cm-tabular.js';

export interface Icd10cmIndexOptions {
  /**
   * Nonessential modifiers (`<nemod>(acute) (gland)</nemod>`) are always stripped from the term text;
   * 'both' also emits the path with them in parentheses, as printed in the index. Default 'strip'.
   */
  nemod?: 'strip' | 'both';
  /**
   * Also emit "Main subterm" for a first-level subterm that starts with a connective ("with", "due to", "in", …)
   * under a main term without a comma: "Pneumonia" + "due to Streptococcus" → "Pneumonia due to Streptococcus".
   * Default true.
   */
  naturalOrder?: boolean;
}

/**
 * Connectives after which "main term + subterm" reads as natural English regardless of the main term's part of
 * speech. The reverse order ("acute" + "Abdomen" → "acute abdomen") is NOT generated: it is wrong whenever the main
 * term is an adjective ("Aberrant, adrenal gland"), and the index does not say which main terms are.
 */
const CONNECTIVE = /^(?:with|without|due to|in|of|from|following|after|during|complicating|associated with|secondary to|resulting from|by)\s+\S/i;

interface TermFrame {
  /** The title without its nonessential modifiers. */
  title: string;
  /** The title as printed, modifiers in place: "(gastro)enteritis", "artery (peripheral)". */
  printed: string;
  hasNemod: boolean;
  hasTitle: boolean;
  code: string | undefined;
  /** seecat / subcat: "see category M01", used as the code when there is no <code>. */
  category: string | undefined;
  see: boolean;
  /** The `<see>` target as written ("Hyperplasia, prostate"). */
  seeTarget: string;
  seeAlso: boolean;
  manif: boolean;
  children: number;
  /** Kept or skipped already (at its first subterm, so records come out in document order). */
  decided: boolean;
  /** This term's place in the index tree, for following `<see>` references. */
  node: IndexNode;
}

/** A term of the index tree: the comma parts of its title (lower-cased), its code once emitted, its subterms. */
interface IndexNode {
  names: ReadonlySet<string>;
  code: string | undefined;
  children: IndexNode[];
}

/** A `<see>` reference without a code of its own, followed once the whole index is read. */
interface SeeReference {
  titles: string[];
  target: string;
}

/**
 * Loads the ICD-10-CM Alphabetic Index XML (`icd10cm_index_YYYY.xml[.gz]`, schema icd10cm_index.xsd; the External
 * Cause index `icd10cm_eindex` has the same shape), streamed. Every mainTerm and nested term is one row read.
 *
 * A term with a `<code>` becomes an 'index' term of that code's concept, written as its comma path from the main
 * term: "Infarct, infarction, myocardium, myocardial, non-ST elevation" → I21.4. The comma path is the only form
 * emitted for every term: natural phrases ("acute myocardial infarction") cannot be derived reliably from it; see
 * `naturalOrder` for the one safe case. Codes ending in `-` ("E11.-", "S72.00-": more characters needed) map to
 * the code without it (E11, S72.00), tallied as 'incomplete code (-)'. `<seecat>`/`<subcat>` ("see category N20")
 * stand in for a missing `<code>`, tallied. Codes are not checked against any code list: the builder reports those
 * without a concept as dangling.
 *
 * A subterm with only a `<see>` reference ("Abuse, tobacco — see Dependence, drug, nicotine") is followed once the
 * whole index is read: when the path it names ends at a coded term, the referring path becomes an index term of that
 * code (tallied 'see reference followed'); "see condition", a path ending at a heading or one that names no term is
 * skipped as 'see reference'. A main term's own reference is not followed: alone it is one everyday word the
 * dictionary would match anywhere ("Follow-up — see Examination, follow-up", "Decline — see Deterioration"), which
 * cost precision on every coding gold set. `<seeAlso>` adds to a term and is not followed.
 *
 * Skip reasons (each row is kept or skipped once): 'see reference' (a `<see>` not followed to a code), 'heading without code'
 * (only subterms, maybe a `<seeAlso>`), 'no code', 'no title', 'invalid code'. Every `<see>` / `<seeAlso>` is
 * tallied ('see', 'seeAlso'), and a `<manif>` manifestation code is ignored and
 * tallied (the term goes on the etiology code only). Malformed XML, a wrong root element, a document without terms,
 * invalid UTF-8 and truncated gzip throw typed errors with file and line.
 */
export async function loadIcd10cmIndex(file: string, sink: PackSink, options: Icd10cmIndexOptions = {}): Promise<LoadReport> {
  const withNemod = (options.nemod ?? 'strip') === 'both';
  const naturalOrder = options.naturalOrder ?? true;
  const report = new LoadReport('icd10cm-index', file);
  const roots: IndexNode[] = [];
  const seeReferences: SeeReference[] = [];

  await streamXml(file, (line) => {
    const path: string[] = [];
    const frames: TermFrame[] = [];
    let text = '';

    const emit = (rawCode: string): string | undefined => {
      let code = rawCode.trim().toUpperCase();
      if (code.endsWith('-')) {
        code = code.replace(/\.?-$/, '');
        report.tally('incomplete code (-)');
      }
      code = dotIcd10cm(code);
      if (!ICD10CM_DOTTED.test(code)) {
        report.skip('invalid code');
        return undefined;
      }
      const id = conceptId('ICD10CM', code);
      const titles = frames.map((f) => f.title);
      sink.term(id, { text: titles.join(', '), kind: 'index' });
      if (withNemod && frames.some((f) => f.hasNemod)) {
        sink.term(id, { text: frames.map((f) => f.printed).join(', '), kind: 'index' });
      }
      const [main, sub] = titles;
      if (naturalOrder && titles.length === 2 && main !== undefined && sub !== undefined && !main.includes(',') && CONNECTIVE.test(sub)) {
        sink.term(id, { text: `${main} ${sub.replace(/\s+(?:NEC|NOS)$/, '')}`, kind: 'index' });
        report.tally('natural-order phrase');
      }
      // "Neuroblastoma — unspecified site C74.90": a morphology written without a site takes the code the Index gives
      // its unspecified site, so the main term alone is a term of that code too.
      if (titles.length === 2 && main !== undefined && frames[0]?.code === undefined && /^(?:unspecified site|site unspecified)$/i.test(sub ?? '')) {
        sink.term(id, { text: main, kind: 'index' });
        report.tally('unspecified-site default');
      }
      report.kept++;
      return code;
    };

    return {
      open(name) {
        path.push(name);
        if (path.length === 1) {
          if (name !== 'ICD10CM.index') {
            throw new ClinlinkError('E_PARSE', `root element is <${name}>, expected <ICD10CM.index>`, { file, line: line(), field: 'root' });
          }
          return;
        }
        if (name === 'mainTerm' || name === 'term') {
          report.read++;
          const parent = frames[frames.length - 1];
          if (parent) {
            parent.children++;
            // Everything about the parent precedes its subterms in the schema's sequence: decide it now.
            if (!parent.decided) finish(frames, emit, report, seeReferences);
          }
          const node: IndexNode = { names: new Set(), code: undefined, children: [] };
          (parent ? parent.node.children : roots).push(node);
          frames.push({ title: '', printed: '', hasNemod: false, hasTitle: false, code: undefined, category: undefined, see: false, seeTarget: '', seeAlso: false, manif: false, children: 0, decided: false, node });
        } else if (name === 'nemod') {
          // The title text before the nemod belongs to the title.
          const f = frames[frames.length - 1];
          if (f) {
            f.title += text;
            f.printed += text;
          }
          text = '';
          return;
        }
        if (name === 'title' || name === 'code' || name === 'seecat' || name === 'subcat' || name === 'see') text = '';
      },

      text(t) {
        text += t;
      },

      close(name) {
        path.pop();
        const owner = path[path.length - 1];
        const f = frames[frames.length - 1];
        if (name === 'nemod') {
          if (f) {
            // Printed with a space before the modifier ("Empyema (acute)") unless it is glued on by design:
            // a leading one ("(gastro)enteritis") or a hyphenated one ("Schönlein(-Henoch)").
            const nemod = text.trim();
            const glue = f.printed.trim() === '' || /\s$/.test(f.printed) || nemod.startsWith('(-');
            f.printed += glue ? nemod : ` ${nemod}`;
            f.hasNemod = true;
          }
          text = '';
          return;
        }
        if (name === 'mainTerm' || name === 'term') {
          if (frames[frames.length - 1]?.decided === false) finish(frames, emit, report, seeReferences);
          frames.pop();
          return;
        }
        if (!f || (owner !== 'mainTerm' && owner !== 'term')) return; // letter titles, document title, version
        if (name === 'title') {
          f.title = squash(f.title + text);
          f.printed = squash(f.printed + text);
          // A title that is all modifier ("<nemod>(taser)</nemod>" under "Shock, electric") keeps it, unbracketed.
          if (f.title === '') f.title = squash(f.printed.replace(/[()]/g, ' '));
          f.hasTitle = f.title !== '';
          f.node.names = nameParts(f.title);
        } else if (name === 'code') f.code = squash(text);
        else if (name === 'seecat' || name === 'subcat') f.category = squash(text);
        else if (name === 'see') {
          f.see = true;
          f.seeTarget = squash(text);
        }
        else if (name === 'seeAlso') f.seeAlso = true;
        else if (name === 'manif') f.manif = true;
        text = '';
      },
    };
  });
  if (report.read === 0) throw new ClinlinkError('E_PARSE', 'no index terms in index XML', { file });
  for (const ref of seeReferences) {
    const code = ref.titles.length > 1 ? resolveSee(roots, ref.target)?.code : undefined;
    if (code === undefined) {
      report.skip('see reference');
      continue;
    }
    sink.term(conceptId('ICD10CM', code), { text: ref.titles.join(', '), kind: 'index' });
    report.tally('see reference followed');
    report.kept++;
  }
  return report;
}

/** The comma parts of a title, lower-cased: "Infarct, infarction" is named by either word. */
function nameParts(title: string): Set<string> {
  return new Set(title.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean));
}

/**
 * The term a `<see>` path names ("Infarct, myocardium"): the main term by one of its names, then each further part
 * either another name of the current term ("Infarct, infarction, …") or one of its subterms. Null when a part names
 * nothing ("see condition") or the path is ambiguous.
 */
function resolveSee(roots: readonly IndexNode[], target: string): IndexNode | null {
  const parts = target.replace(/\([^)]*\)/g, ' ').split(',').map((p) => squash(p).toLowerCase()).filter(Boolean);
  const mains = roots.filter((n) => n.names.has(parts[0] ?? ''));
  if (mains.length !== 1) return null;
  let node = mains[0]!;
  for (const part of parts.slice(1)) {
    const next = node.children.filter((c) => c.names.has(part));
    if (next.length === 1) node = next[0]!;
    else if (next.length > 1 || !node.names.has(part)) return null;
  }
  return node;
}

/** Decides the fate of the innermost term: at its first subterm or at its end, once. */
function finish(frames: TermFrame[], emit: (code: string) => string | undefined, report: LoadReport, seeReferences: SeeReference[]): void {
  const f = frames[frames.length - 1];
  if (!f) return;
  f.decided = true;
  if (!f.hasTitle || frames.some((p) => !p.hasTitle)) {
    report.skip('no title');
    return;
  }
  if (f.see) report.tally('see');
  if (f.seeAlso) report.tally('seeAlso');
  if (f.manif) report.tally('manifestation code ignored');
  if (f.hasNemod) report.tally('nemod stripped');
  if (f.code) {
    f.node.code = emit(f.code);
  } else if (f.category) {
    report.tally('see category code');
    f.node.code = emit(f.category);
  } else if (f.see) {
    // Decided when the whole index is read: the term it names may come later.
    seeReferences.push({ titles: frames.map((p) => p.title), target: f.seeTarget });
  } else if (f.children > 0) {
    report.skip('heading without code');
  } else {
    report.skip('no code');
  }
}
