import { copyFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSnomedRf2, semanticTag, type SnomedRf2Options } from '../../../../src/ontology/loaders/snomed-rf2.js';
import { groupForSnomedTag } from '../../../../src/ontology/semantic-groups.js';
import type { LoadReport } from '../../../../src/ontology/sink.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const ROOT = join(__dirname, '../../../fixtures/snomed');
const TERMINOLOGY = join(ROOT, 'Snapshot/Terminology');
const DESCRIPTIONS = 'sct2_Description_Snapshot-en_INT_20240101.txt';
const MALFORMED = join(ROOT, 'malformed');
const GB = '900000000000508004';

async function load(dir: string, options?: SnomedRf2Options): Promise<{ sink: RecordingSink; reports: LoadReport[] }> {
  const sink = new RecordingSink();
  const reports = await loadSnomedRf2(dir, sink, options);
  for (const r of reports) expect(r.read, r.file).toBe(r.kept + r.skippedTotal);
  return { sink, reports };
}

const S = (code: string) => `SNOMEDCT:${code}`;

describe('SNOMED CT RF2 loader, default options (US English)', () => {
  let sink: RecordingSink;
  let reports: LoadReport[];
  beforeAll(async () => {
    ({ sink, reports } = await load(ROOT));
  });

  it('finds the Snapshot files under the release folder (not the stated relationships) and counts every row', () => {
    expect(reports.map((r) => r.file.slice(ROOT.length + 1))).toEqual([
      'Snapshot/Terminology/sct2_Concept_Snapshot_INT_20240101.txt',
      'Snapshot/Refset/Language/der2_cRefset_LanguageSnapshot-en_INT_20240101.txt',
      `Snapshot/Terminology/${DESCRIPTIONS}`,
      'Snapshot/Terminology/sct2_Relationship_Snapshot_INT_20240101.txt',
    ]);
    expect(reports.map((r) => r.toJSON())).toEqual([
      expect.objectContaining({ source: 'snomed', read: 25, kept: 24, skipped: { 'superseded duplicate id': 1 }, tallies: { 'inactive concept (kept, active:false)': 1 } }),
      expect.objectContaining({
        read: 117,
        kept: 56,
        skipped: { 'language refset not requested': 58, 'superseded duplicate id': 1, 'inactive refset member': 1, 'unknown acceptabilityId': 1 },
      }),
      expect.objectContaining({
        read: 63,
        kept: 58,
        skipped: {
          'superseded duplicate id': 1,
          'inactive description': 1,
          'language not requested': 1,
          'definition (not a term)': 1,
          'description of unknown concept': 1,
        },
      }),
      expect.objectContaining({
        read: 28,
        kept: 22,
        skipped: {
          'superseded duplicate id': 1,
          'inactive relationship': 2,
          'not an is-a relationship': 1,
          'relationship to unknown concept': 1,
          'self is-a': 1,
        },
      }),
    ]);
    expect(sink.concepts.size).toBe(24);
  });

  it('uses the language refset preferred synonym as the preferred term', () => {
    expect(sink.toConcept(S('22298006'))).toMatchObject({
      id: 'SNOMEDCT:22298006',
      system: 'SNOMEDCT',
      code: '22298006',
      preferred: 'Myocardial infarction',
      group: 'condition',
      semanticTypes: ['disorder'],
      parents: [S('64572001')],
      active: true,
    });
    expect(sink.termTexts(S('22298006'), 'synonym').sort()).toEqual(['Heart attack', 'Infarction of heart', 'Myocardial infarction']);
    expect(sink.termTexts(S('22298006'), 'preferred')).toEqual(['Myocardial infarction']);
    // The FSN without its tag equals the preferred term here, so it adds nothing.
    expect(sink.termTexts(S('80891009'), 'synonym').sort()).toEqual(['Heart', 'Heart structure']);
    expect(sink.concepts.get(S('271737000'))?.preferred).toBe('Anemia');
  });

  it('keeps the latest row per id: a re-worded description, an inactivated refset member, an inactivated relationship', () => {
    const terms = sink.termTexts(S('44054006'));
    expect(terms).toContain('Type 2 diabetes mellitus');
    expect(terms).not.toContain('Type II diabetes mellitus');
    // The US "preferred" member of that description was inactivated: the FSN without its tag names the concept.
    expect(sink.concepts.get(S('44054006'))?.preferred).toBe('Diabetes mellitus type 2');
    expect(sink.parentsOf(S('29857009'))).toEqual([S('404684003')]);
  });

  it('skips inactive, non-English and definition descriptions', () => {
    const terms = sink.termTexts(S('44054006'));
    for (const t of ['Maturity onset diabetes', 'Diabetes mellitus tipo 2']) expect(terms).not.toContain(t);
    expect(terms.some((t) => t.startsWith('A type of diabetes'))).toBe(false);
    expect(sink.terms.has(S('999999001'))).toBe(false);
  });

  it('falls back to the FSN without its tag when no refset member names a preferred synonym', () => {
    expect(sink.toConcept(S('363787002'))).toMatchObject({ preferred: 'Observable entity', group: 'test', semanticTypes: ['observable entity'] });
  });

  it('keeps inactive concepts as active:false', () => {
    expect(sink.concepts.get(S('190329007'))).toMatchObject({ active: false, preferred: 'Diabetes mellitus type 2 - obsolete' });
  });

  it('derives semantic type and group from the FSN tag', () => {
    const groups = Object.fromEntries(
      ['29857009', '38102005', '43396009', '80891009', '372567009', '373873005', '112283007', '260787004', '161445009', '55641003', '138875005'].map((c) => [
        c,
        [sink.concepts.get(S(c))?.group, [...(sink.semanticTypes.get(S(c)) ?? [])][0]],
      ]),
    );
    expect(groups).toEqual({
      '29857009': ['finding', 'finding'],
      '38102005': ['procedure', 'procedure'],
      '43396009': ['procedure', 'procedure'],
      '80891009': ['anatomy', 'body structure'],
      '372567009': ['substance', 'substance'],
      '373873005': ['medication', 'product'],
      '112283007': ['organism', 'organism'],
      '260787004': ['device', 'physical object'],
      '161445009': ['finding', 'situation'],
      '55641003': ['condition', 'morphologic abnormality'],
      '138875005': ['other', 'SNOMED RT+CTV3'],
    });
    expect(semanticTag('Diabetes mellitus type 2 (disorder)')).toBe('disorder');
    expect(semanticTag('No tag')).toBeUndefined();
    expect(groupForSnomedTag('constructor')).toBe('other');
  });

  it('builds is-a parents from active inferred relationships only', () => {
    expect(sink.parentsOf(S('44054006'))).toEqual([S('73211009')]);
    expect(sink.parentsOf(S('73211009'))).toEqual([S('64572001')]);
    expect(sink.parentsOf(S('64572001'))).toEqual([S('404684003')]);
    expect(sink.calls.parent).toBe(22);
  });
});

describe('SNOMED CT RF2 loader options', () => {
  it('languageRefsets: GB English prefers other spellings', async () => {
    const { sink, reports } = await load(ROOT, { languageRefsets: [GB] });
    expect(sink.concepts.get(S('271737000'))?.preferred).toBe('Anaemia');
    expect(sink.concepts.get(S('44054006'))?.preferred).toBe('Type 2 diabetes mellitus');
    // Now the FSN without its tag differs from the preferred term: it is kept as a synonym.
    expect(sink.termTexts(S('44054006'), 'synonym')).toContain('Diabetes mellitus type 2');
    expect(reports[1]?.kept).toBe(57);
  });

  it('languageRefsets in priority order: the first refset that prefers a synonym wins', async () => {
    const { sink } = await load(ROOT, { languageRefsets: ['900000000000509007', GB] });
    expect(sink.concepts.get(S('271737000'))?.preferred).toBe('Anemia');
    expect(sink.concepts.get(S('44054006'))?.preferred).toBe('Type 2 diabetes mellitus'); // only GB still prefers it
  });

  it('languages: Spanish descriptions when asked', async () => {
    const { sink } = await load(ROOT, { languages: ['en', 'es'] });
    expect(sink.termTexts(S('44054006'))).toContain('Diabetes mellitus tipo 2');
  });

  it('rejects bad options', async () => {
    await expect(loadSnomedRf2(ROOT, new RecordingSink(), { languageRefsets: ['US'] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(loadSnomedRf2(ROOT, new RecordingSink(), { languages: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});

describe('SNOMED CT RF2 loader, file variants and malformed input', () => {
  const tmp = tempDir();
  let n = 0;
  /** A flat copy of Terminology/ with the description file replaced by `variant` (saved as `as`). */
  const withDescriptions = (variant: string | undefined, as = DESCRIPTIONS): string => {
    const dir = join(tmp, `rf2-${n++}`);
    cpSync(TERMINOLOGY, dir, { recursive: true });
    if (variant) {
      rmSync(join(dir, DESCRIPTIONS));
      copyFileSync(join(MALFORMED, variant), join(dir, as));
    }
    return dir;
  };

  it('reads a flat folder without a language refset (FSN names every concept), LF + BOM, and .gz', async () => {
    const { sink: flat, reports } = await load(withDescriptions(undefined));
    expect(reports).toHaveLength(3);
    expect(flat.concepts.get(S('22298006'))?.preferred).toBe('Myocardial infarction');
    expect(flat.concepts.get(S('271737000'))?.preferred).toBe('Anemia');
    const { sink: bom } = await load(withDescriptions('description.lf-bom.txt'));
    const { sink: gz } = await load(withDescriptions('description.txt.gz', `${DESCRIPTIONS}.gz`));
    for (const s of [bom, gz]) {
      expect(s.toConcept(S('44054006'))).toEqual(flat.toConcept(S('44054006')));
      expect(s.toConcept(S('138875005'))).toEqual(flat.toConcept(S('138875005')));
    }
  });

  it('fails with E_PARSE naming file, line and field for a wrong column count or a wrong header', async () => {
    const dir = withDescriptions('description.wrong-columns.txt');
    const e = await errorOf(loadSnomedRf2(dir, new RecordingSink()));
    expect(e).toMatchObject({ code: 'E_PARSE', file: join(dir, DESCRIPTIONS), line: 5, field: 'caseSignificanceId' });
    expect(e.message).toContain('expected 9 tab-separated fields, found 8');
    const header = withDescriptions('description.bad-header.txt');
    expect(await errorOf(loadSnomedRf2(header, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 1, field: 'languageCode' });
  });

  it('reports invalid UTF-8 and a truncated gzip as typed errors', async () => {
    const latin = withDescriptions('description.latin1.txt');
    expect(await errorOf(loadSnomedRf2(latin, new RecordingSink()))).toMatchObject({ code: 'E_ENCODING', file: join(latin, DESCRIPTIONS) });
    const cut = withDescriptions('description.truncated.txt.gz', `${DESCRIPTIONS}.gz`);
    expect(await errorOf(loadSnomedRf2(cut, new RecordingSink()))).toMatchObject({ code: 'E_GZIP', file: join(cut, `${DESCRIPTIONS}.gz`) });
  });

  it('fails with E_IO when a required file is missing', async () => {
    const dir = withDescriptions(undefined);
    rmSync(join(dir, 'sct2_Relationship_Snapshot_INT_20240101.txt'));
    expect(await errorOf(loadSnomedRf2(dir, new RecordingSink()))).toMatchObject({ code: 'E_IO' });
    expect(await errorOf(loadSnomedRf2(join(tmp, 'nope'), new RecordingSink()))).toMatchObject({ code: 'E_IO' });
  });
});
