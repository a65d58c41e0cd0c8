import { basename } from 'node:path';
import { ClinlinkError } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { conceptId, dotIcd10cm } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';
import { ICD10CM_UNDOTTED } from './icd10cm-order.js';

export type GemDirection = 'icd9-to-icd10' | 'icd10-to-icd9';

export type GemRelation = 'gem-exact' | 'gem-approximate' | 'gem-combination';

export interface GemsOptions {
  /**
   * Which way the file maps. Default: from the file name (`I9gem` → icd9-to-icd10, `I10gem` → icd10-to-icd9),
   * else from the first row (an ICD-9 diagnosis code that starts with a digit fixes the side). A file whose
   * direction can't be told (first rows only V/E codes on both sides) needs it stated.
   */
  direction?: GemDirection;
}

/** ICD-9-CM diagnosis codes without the dot: 3-5 digits, V + 2-4 digits, E + 3-4 digits. */
const ICD9_UNDOTTED = /^(?:\d{3,5}|V\d{2,4}|E\d{3,4})$/;

/**
 * ICD-9-CM diagnosis codes carry the dot after the 3-character category (250.00, V58.67), except E codes whose
 * category has 4 characters (E888.9). Codes of category length stay without a dot (042, V27, E849).
 */
export function dotIcd9cm(code: string): string {
  const c = code.trim().toUpperCase();
  if (c.includes('.')) return c;
  const cat = c.startsWith('E') ? 4 : 3;
  return c.length > cat ? `${c.slice(0, cat)}.${c.slice(cat)}` : c;
}

/**
 * Loads one CMS/NCHS diagnosis GEM file (`2018_I9gem.txt[.gz]` ICD-9-CM → ICD-10-CM or `2018_I10gem.txt[.gz]`
 * ICD-10-CM → ICD-9-CM): whitespace-separated "source target flags", flags five 0/1 digits: approximate, no map,
 * combination (0/1 each), scenario, choice list (a digit each).
 *
 * Either direction yields cross-references on the ICD-10-CM concept: `ICD10CM:E11.9` →
 * `{ system: 'ICD9CM', code: '250.00', relation }`, relation 'gem-combination' when the combination flag is set
 * (one code maps to several together), else 'gem-approximate' or 'gem-exact' by the approximate flag. Within
 * one file a (ICD-10 code, ICD-9 code, relation) triple is emitted once; repeats (the same pair in several
 * scenarios / choice lists) are skipped as 'duplicate'. Rows flagged no-map (target NoDx) are skipped as 'no map'.
 * Blank lines are skipped as 'blank line'. The concept is not declared here: an ICD-10 code missing from the
 * pack is reported by the builder as a cross-reference of an unknown concept.
 *
 * A row that is not "code code flags" (field count, code shape, flag string) means the file is not a GEM or is
 * corrupt: it throws `ClinlinkError('E_PARSE')` with file, line and field. Tallies per relation.
 */
export async function loadGems(file: string, sink: PackSink, options: GemsOptions = {}): Promise<LoadReport> {
  const report = new LoadReport('gems', file);
  let direction = options.direction ?? directionFromName(file);
  const seen = new Set<string>();
  for await (const { number, text } of readLines(file)) {
    const fields = text.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') {
      report.skip('blank line');
      continue;
    }
    report.read++;
    const fail = (field: string, what: string): ClinlinkError => new ClinlinkError('E_PARSE', `malformed GEM row: ${what}`, { file, line: number, field });
    if (fields.length !== 3) throw fail('row', `${fields.length} fields, expected 3 (source target flags)`);
    // Upper-cased: the 2018 I10gem has one lower-case ICD-9 code (T8853XD → v5889).
    const [source = '', target = '', flags = ''] = fields.map((f) => f.toUpperCase());
    if (!/^[01]{3}[0-9]{2}$/.test(flags)) throw fail('flags', 'flags are not 3 0/1 flags + scenario and choice-list digits');
    direction ??= directionFromRow(source, target);
    if (direction === undefined) throw fail('source', 'cannot tell the mapping direction from this row; pass options.direction');
    const [icd9, icd10] = direction === 'icd9-to-icd10' ? [source, target] : [target, source];
    const noMap = flags[1] === '1';
    const icd10Side = direction === 'icd9-to-icd10' ? 'target' : 'source';
    const icd9Side = direction === 'icd9-to-icd10' ? 'source' : 'target';
    // A no-map row has NoDx on the far side; the near side must still be a code.
    if (!(noMap && icd10Side === 'target') && !ICD10CM_UNDOTTED.test(icd10)) throw fail(icd10Side, 'not an undotted ICD-10-CM code');
    if (!(noMap && icd9Side === 'target') && !ICD9_UNDOTTED.test(icd9)) throw fail(icd9Side, 'not an undotted ICD-9-CM diagnosis code');
    if (noMap) {
      report.skip('no map');
      continue;
    }
    const relation: GemRelation = flags[2] === '1' ? 'gem-combination' : flags[0] === '1' ? 'gem-approximate' : 'gem-exact';
    const id = conceptId('ICD10CM', dotIcd10cm(icd10));
    const code9 = dotIcd9cm(icd9);
    const key = `${id}\u0000${code9}\u0000${relation}`;
    if (seen.has(key)) {
      report.skip('duplicate');
      continue;
    }
    seen.add(key);
    sink.xref(id, { system: 'ICD9CM', code: code9, relation });
    report.tally(relation);
    report.kept++;
  }
  return report;
}

function directionFromName(file: string): GemDirection | undefined {
  const name = basename(file).toLowerCase();
  if (/i9gem/.test(name)) return 'icd9-to-icd10';
  if (/i10gem/.test(name)) return 'icd10-to-icd9';
  return undefined;
}

/** ICD-10-CM codes start with a letter; a source or target that starts with a digit is the ICD-9 side. */
function directionFromRow(source: string, target: string): GemDirection | undefined {
  if (/^\d/.test(source)) return 'icd9-to-icd10';
  if (/^\d/.test(target)) return 'icd10-to-icd9';
  return undefined;
}
