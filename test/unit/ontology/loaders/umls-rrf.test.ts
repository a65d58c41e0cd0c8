import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadUmlsRrf, umlsSabSystem, type UmlsRrfOptions } from '../../../../src/ontology/loaders/umls-rrf.js';
import { groupForTui, pickGroup, UMLS_SEMANTIC_TYPES } from '../../../../src/ontology/semantic-groups.js';
import type { LoadReport } from '../../../../src/ontology/sink.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const FIXTURES = join(__dirname, '../../../fixtures/umls');
const META = join(FIXTURES, 'META');
const MALFORMED = join(FIXTURES, 'malformed');

async function load(dir: string, options?: UmlsRrfOptions): Promise<{ sink: RecordingSink; reports: LoadReport[] }> {
  const sink = new RecordingSink();
  const reports = await loadUmlsRrf(dir, sink, options);
  for (const r of reports) expect(r.read, r.file).toBe(r.kept + r.skippedTotal);
  return { sink, reports };
}

const U = (cui: string) => `UMLS:${cui}`;

describe('UMLS RRF loader, default options', () => {
  let sink: RecordingSink;
  let reports: LoadReport[];
  beforeAll(async () => {
    ({ sink, reports } = await load(META));
  });

  it('reads MRCONSO, MRSTY and MRREL (not MRHIER by default) and counts every row', () => {
    expect(reports.map((r) => r.file)).toEqual(['MRCONSO.RRF', 'MRSTY.RRF', 'MRREL.RRF'].map((f) => join(META, f)));
    expect(reports[0]?.toJSON()).toMatchObject({
      source: 'umls',
      read: 60,
      kept: 52,
      skipped: {
        'language not requested': 4,
        'suppressed (SUPPRESS=O)': 2,
        'suppressed (SUPPRESS=E)': 1,
        'suppressed (SUPPRESS=Y)': 1,
      },
    });
    expect(reports[1]?.toJSON()).toMatchObject({ read: 29, kept: 28, skipped: { 'concept not loaded': 1 } });
    expect(reports[2]?.toJSON()).toMatchObject({
      read: 15,
      kept: 5,
      skipped: {
        'duplicate is-a edge (merged)': 3,
        'REL=RO not a parent relation': 1,
        'REL=SY not a parent relation': 1,
        'PAR/CHD with a non-is-a RELA': 1,
        'RB/RN without an is-a RELA': 1,
        'concept not loaded': 1,
        'self relation': 1,
        'suppressed (SUPPRESS=O)': 1,
      },
    });
    // Non-English-only (C0600001) and suppressed-only (C0700001) CUIs are not concepts.
    expect(sink.concepts.size).toBe(23);
    expect(sink.concepts.has(U('C0600001'))).toBe(false);
    expect(sink.concepts.has(U('C0700001'))).toBe(false);
  });

  it('names a concept by the TS=P, STT=PF, ISPREF=Y atom even when it is not the first row of the CUI', () => {
    const c = sink.toConcept(U('C0011860'));
    expect(c).toMatchObject({ id: 'UMLS:C0011860', system: 'UMLS', code: 'C0011860', preferred: 'Diabetes Mellitus, Type 2', group: 'condition', active: true });
    expect(sink.termTexts(U('C0011860'), 'preferred')).toEqual(['Diabetes Mellitus, Type 2']);
  });

  it('turns AB/ACR atoms into abbreviations and drops suppressed and non-English atoms', () => {
    expect(sink.termTexts(U('C0011860'), 'abbreviation').sort()).toEqual(['NIDDM', 'T2DM']);
    const all = sink.termTexts(U('C0011860'));
    expect(all).toEqual(expect.arrayContaining(['Type 2 diabetes mellitus', 'Diabetes Mellitus, Adult-Onset', 'Type 2 diabetes mellitus (disorder)']));
    for (const gone of ['Diabetes Mellitus, Stable', 'Diabetes mellitus type II', 'Type II diabetes (suppressible)', 'Diabetes Mellitus Tipo 2', 'Diabète de type 2']) {
      expect(all).not.toContain(gone);
    }
    // The same string from two sources is one term.
    expect(all.filter((t) => t === 'Type 2 diabetes mellitus')).toHaveLength(1);
  });

  it('records each kept atom SAB + CODE as a umls-source cross-reference with clinlink system names', () => {
    const x = sink.xrefs.get(U('C0011860'));
    expect(x).toEqual([
      { system: 'SNOMEDCT', code: '44054006', relation: 'umls-source' },
      { system: 'NCI', code: 'C26747', relation: 'umls-source' },
      { system: 'MESH', code: 'D003924', relation: 'umls-source' },
      { system: 'ICD10CM', code: 'E11', relation: 'umls-source' },
      { system: 'OMIM', code: '125853', relation: 'umls-source' },
    ]);
    expect(sink.xrefs.get(U('C0015967'))).toContainEqual({ system: 'HP', code: 'HP:0001945', relation: 'umls-source' });
    expect(sink.xrefs.get(U('C0025598'))).toContainEqual({ system: 'RXNORM', code: '6809', relation: 'umls-source' });
    expect(umlsSabSystem('SNOMEDCT_US')).toBe('SNOMEDCT');
    expect(umlsSabSystem('MSH')).toBe('MESH');
    expect(umlsSabSystem('LNC')).toBe('LNC');
  });

  it('falls back to a source preferred term type, never to an abbreviation, when no UMLS-preferred atom is loaded', () => {
    expect(sink.concepts.get(U('C0900001'))?.preferred).toBe('Preferred by term type');
  });

  it('assigns semantic types and groups from MRSTY, with precedence for multi-typed concepts', () => {
    const groups = Object.fromEntries(
      ['C0008031', 'C0020538', 'C0021641', 'C0025598', 'C0017725', 'C0040405', 'C0202054', 'C0008320', 'C0018787', 'C0038257', 'C0014834', 'C0900001'].map((c) => [
        c,
        sink.concepts.get(U(c))?.group,
      ]),
    );
    expect(groups).toEqual({
      C0008031: 'finding', // Sign or Symptom
      C0020538: 'condition', // Finding + Disease or Syndrome
      C0021641: 'medication', // Amino Acid/Protein + Pharmacologic Substance + Hormone
      C0025598: 'medication',
      C0017725: 'substance', // Organic Chemical + Biologically Active Substance
      C0040405: 'test', // Diagnostic Procedure
      C0202054: 'test', // Laboratory Procedure
      C0008320: 'procedure',
      C0018787: 'anatomy',
      C0038257: 'device',
      C0014834: 'organism',
      C0900001: 'other', // unknown TUI
    });
    expect([...(sink.semanticTypes.get(U('C0021641')) ?? [])]).toEqual(['Amino Acid, Peptide, or Protein', 'Pharmacologic Substance', 'Hormone']);
    expect([...(sink.semanticTypes.get(U('C0900001')) ?? [])]).toEqual(['Made-up Semantic Type']);
  });

  it('takes PAR/CHD and is-a RB/RN as child → parent edges, de-duplicated', () => {
    expect(sink.parentsOf(U('C0011860'))).toEqual([U('C0011849')]);
    expect(sink.parentsOf(U('C0011854'))).toEqual([U('C0011849')]);
    expect(sink.parentsOf(U('C0018802'))).toEqual([U('C0018799')]);
    expect(sink.parentsOf(U('C0008031'))).toEqual([U('C0800001')]);
    expect(sink.parentsOf(U('C0020538'))).toEqual([]);
    expect(sink.parentsOf(U('C0015967'))).toEqual([]);
    expect(sink.parentsOf(U('C0027051'))).toEqual([]); // only MRHIER knows this one
    expect(sink.calls.parent).toBe(5);
  });
});

describe('UMLS RRF loader options', () => {
  it('languages: loads Spanish atoms with lang "es"; a Spanish-only CUI becomes a concept', async () => {
    const { sink, reports } = await load(META, { languages: ['ENG', 'SPA'] });
    expect(reports[0]?.skipped.get('language not requested')).toBe(1); // the French atom
    expect(sink.terms.get(U('C0011860'))).toContainEqual({ text: 'Diabetes Mellitus Tipo 2', kind: 'synonym', lang: 'es' });
    expect(sink.concepts.get(U('C0011860'))?.preferred).toBe('Diabetes Mellitus, Type 2');
    expect(sink.concepts.get(U('C0600001'))?.preferred).toBe('Enfermedad solo en español');
    expect(sink.terms.get(U('C0600001'))).toEqual([{ text: 'Enfermedad solo en español', kind: 'preferred', lang: 'es' }]);
  });

  it('preferredSabs: the first listed source names the concept', async () => {
    const { sink } = await load(META, { preferredSabs: ['SNOMEDCT_US', 'MSH'] });
    expect(sink.concepts.get(U('C0011860'))?.preferred).toBe('Type 2 diabetes mellitus');
    expect(sink.concepts.get(U('C0011849'))?.preferred).toBe('Diabetes mellitus');
    expect(sink.concepts.get(U('C0008320'))?.preferred).toBe('Cholecystectomy'); // no SNOMED atom: MSH
  });

  it('sabs: rows of other sources are skipped and counted; an SAB unknown to MRSAB is an error', async () => {
    const { sink, reports } = await load(META, { sabs: ['MSH', 'SNOMEDCT_US', 'NCI'] });
    expect(reports[0]?.skipped.get('SAB not requested')).toBe(7); // ICD10CM ×2, MTH, OMIM, HPO, RXNORM, MDR
    expect(reports[2]?.skipped.get('SAB not requested')).toBe(3); // MSHSPA, MDR ×2 (other rows fail an earlier check)
    expect(sink.concepts.has(U('C0800001'))).toBe(false); // MDR only
    expect(sink.xrefs.get(U('C0011860'))?.map((x) => x.system)).toEqual(['SNOMEDCT', 'NCI', 'MESH']);
    const e = await errorOf(loadUmlsRrf(META, new RecordingSink(), { sabs: ['MSH', 'NOSUCHSAB'] }));
    expect(e.code).toBe('E_INVALID_ARGUMENT');
    expect(e.message).toContain('NOSUCHSAB');
  });

  it('suppress: [] keeps suppressed atoms and relations', async () => {
    const { sink, reports } = await load(META, { suppress: [] });
    expect([...reports[0]!.skipped.keys()]).toEqual(['language not requested']);
    expect(sink.termTexts(U('C0011860'))).toContain('Diabetes Mellitus, Stable');
    expect(sink.concepts.get(U('C0700001'))?.preferred).toBe('Suppressed-only concept');
    expect(sink.parentsOf(U('C0015967'))).toEqual([U('C0008031')]);
  });

  it('parentRels: PAR only, without the CHD mirror and RB/RN', async () => {
    const { sink } = await load(META, { parentRels: ['PAR'] });
    expect(sink.parentsOf(U('C0011860'))).toEqual([U('C0011849')]);
    expect(sink.parentsOf(U('C0011854'))).toEqual([]);
    expect(sink.parentsOf(U('C0018802'))).toEqual([]);
    await expect(loadUmlsRrf(META, new RecordingSink(), { parentRels: ['SIB' as 'PAR'] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(loadUmlsRrf(META, new RecordingSink(), { languages: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('mrhier: adds parent-atom edges, merged with MRREL ones', async () => {
    const { sink, reports } = await load(META, { mrhier: true });
    expect(reports[3]?.toJSON()).toMatchObject({
      file: join(META, 'MRHIER.RRF'),
      read: 5,
      kept: 2,
      skipped: { 'parent atom not loaded': 1, 'root context (no parent atom)': 1, 'context with a non-is-a RELA': 1 },
    });
    expect(sink.parentsOf(U('C0027051'))).toEqual([U('C0018799')]);
    expect(sink.parentsOf(U('C0011860'))).toEqual([U('C0011849')]);
    expect(sink.calls.parent).toBe(6);
  });
});

describe('UMLS RRF loader, file variants and malformed input', () => {
  const tmp = tempDir();
  let n = 0;
  /** A copy of META/ with MRCONSO.RRF replaced by `variant` (saved as `as`). */
  const metaWith = (variant: string | undefined, as = 'MRCONSO.RRF'): string => {
    const dir = join(tmp, `meta${n++}`);
    cpSync(META, dir, { recursive: true });
    if (variant) {
      rmSync(join(dir, 'MRCONSO.RRF'));
      copyFileSync(join(MALFORMED, variant), join(dir, as));
    }
    return dir;
  };

  it('reads gzipped tables and a release folder that contains META/', async () => {
    const { sink: plain } = await load(META);
    const dir = metaWith('MRCONSO.RRF.gz', 'MRCONSO.RRF.gz');
    const { sink: gz, reports } = await load(dir);
    expect(reports[0]?.file).toBe(join(dir, 'MRCONSO.RRF.gz'));
    expect(gz.toConcept(U('C0011860'))).toEqual(plain.toConcept(U('C0011860')));
    const release = join(tmp, 'release');
    mkdirSync(release);
    cpSync(META, join(release, 'META'), { recursive: true });
    expect((await load(release)).sink.concepts.size).toBe(23);
  });

  it('reads CRLF line endings and a BOM like the plain file', async () => {
    const { sink: plain } = await load(META);
    const { sink, reports } = await load(metaWith('MRCONSO.crlf-bom.RRF'));
    expect(reports[0]?.toJSON()).toMatchObject({ read: 60, kept: 52 });
    expect(sink.toConcept(U('C0011860'))).toEqual(plain.toConcept(U('C0011860')));
    expect(sink.toConcept(U('C0004096'))).toEqual(plain.toConcept(U('C0004096')));
  });

  it('fails with E_PARSE naming file, line and field for a row with the wrong number of fields', async () => {
    const dir = metaWith('MRCONSO.wrong-columns.RRF');
    const e = await errorOf(loadUmlsRrf(dir, new RecordingSink()));
    expect(e).toMatchObject({ code: 'E_PARSE', file: join(dir, 'MRCONSO.RRF'), line: 6, field: 'CVF' });
    expect(e.message).toContain('expected 18 fields, found 17');
  });

  it('fails with E_PARSE for a long row, a row without the trailing pipe and a malformed CUI', async () => {
    const dir = metaWith(undefined);
    const sty = join(dir, 'MRSTY.RRF');
    const lines = readFileSync(sty, 'utf8').split('\n');
    writeFileSync(sty, [lines[0], `${lines[1]}extra|`, ...lines.slice(2)].join('\n'));
    expect(await errorOf(loadUmlsRrf(dir, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', file: sty, line: 2, field: 'after CVF' });
    writeFileSync(sty, [lines[0], lines[1]?.slice(0, -1), ...lines.slice(2)].join('\n'));
    expect(await errorOf(loadUmlsRrf(dir, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 2, field: 'CVF' });
    writeFileSync(sty, [lines[0], lines[1]?.replace(/^C\d+/, 'X123'), ...lines.slice(2)].join('\n'));
    expect(await errorOf(loadUmlsRrf(dir, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 2, field: 'CUI' });
  });

  it('reports invalid UTF-8 and a truncated gzip as typed errors', async () => {
    const latin = metaWith('MRCONSO.latin1.RRF');
    expect(await errorOf(loadUmlsRrf(latin, new RecordingSink()))).toMatchObject({ code: 'E_ENCODING', file: join(latin, 'MRCONSO.RRF') });
    const cut = metaWith('MRCONSO.truncated.RRF.gz', 'MRCONSO.RRF.gz');
    expect(await errorOf(loadUmlsRrf(cut, new RecordingSink()))).toMatchObject({ code: 'E_GZIP', file: join(cut, 'MRCONSO.RRF.gz') });
  });

  it('fails with E_IO for a missing table, a table present twice, or a path that is not a directory', async () => {
    const dir = metaWith(undefined);
    rmSync(join(dir, 'MRSTY.RRF'));
    expect(await errorOf(loadUmlsRrf(dir, new RecordingSink()))).toMatchObject({ code: 'E_IO' });
    const twice = metaWith('MRCONSO.RRF.gz', 'MRCONSO.RRF.gz');
    copyFileSync(join(META, 'MRCONSO.RRF'), join(twice, 'MRCONSO.RRF'));
    expect((await errorOf(loadUmlsRrf(twice, new RecordingSink()))).message).toContain('more than once');
    expect(await errorOf(loadUmlsRrf(join(META, 'MRCONSO.RRF'), new RecordingSink()))).toMatchObject({ code: 'E_IO' });
  });
});

describe('semantic group table', () => {
  it('maps TUIs to groups with the clinical exceptions', () => {
    expect(UMLS_SEMANTIC_TYPES.size).toBe(136); // 127 current + 9 retired types
    expect(groupForTui('T047')).toBe('condition');
    expect(groupForTui('T184')).toBe('finding');
    expect(groupForTui('T033')).toBe('finding');
    expect(groupForTui('T061')).toBe('procedure');
    expect(groupForTui('T059')).toBe('test');
    expect(groupForTui('T060')).toBe('test');
    expect(groupForTui('T121')).toBe('medication');
    expect(groupForTui('T200')).toBe('medication');
    expect(groupForTui('T109')).toBe('substance');
    expect(groupForTui('T023')).toBe('anatomy');
    expect(groupForTui('T074')).toBe('device');
    expect(groupForTui('T007')).toBe('organism');
    expect(groupForTui('T034')).toBe('other');
    expect(groupForTui('T000')).toBe('other');
    expect(pickGroup(['other', 'substance', 'medication'])).toBe('medication');
    expect(pickGroup([])).toBe('other');
  });
});
