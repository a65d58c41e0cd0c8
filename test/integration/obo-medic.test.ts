import { beforeAll, describe, expect, it } from 'vitest';
import { loadCtdMedic } from '../../src/ontology/loaders/ctd-medic.js';
import { loadObo } from '../../src/ontology/loaders/obo.js';
import type { LoadReport } from '../../src/ontology/sink.js';
import { RecordingSink } from '../helpers/recording-sink.js';
import { sharedDataPath } from '../helpers/shared-data.js';

// Real files, read in place from ../shared/data (never copied into the repo).
const DOID = sharedDataPath('disease-ontology/doid-2016-09-01.obo.gz');
const MEDIC = sharedDataPath('ctd-medic/CTD_diseases-2017.tsv.gz');

/** Direct-parent chain to the root, following the first parent at each step. */
function chain(sink: RecordingSink, id: string): string[] {
  const out: string[] = [];
  for (let p = sink.parentsOf(id)[0]; p !== undefined && out.length < 50; p = sink.parentsOf(p)[0]) out.push(p);
  return out;
}

describe.skipIf(!DOID)('Disease Ontology 2016-09-01 (OBO)', () => {
  const sink = new RecordingSink();
  let report: LoadReport;
  beforeAll(async () => {
    report = await loadObo(DOID as string, sink);
  });

  it('accounts for every stanza and tallies the lines (SOURCE.md: 9,344 Terms, 2,373 obsolete, 15,269 synonyms, 8,155 is_a)', () => {
    expect(report.read).toBe(report.kept + report.skippedTotal);
    expect(report.toJSON()).toMatchObject({ read: 9359, kept: 9344, skipped: { '[Typedef] stanza': 15 } });
    expect(report.tallies.get('obsolete term (kept, inactive)')).toBe(2373);
    expect(report.tallies.get('synonym')).toBe(14711 + 533);
    expect(report.tallies.get('synonym skipped: NARROW not requested')).toBe(25);
    expect(report.tallies.get('is_a')).toBe(8155);
    expect(report.tallies.get('alt_id')).toBe(1604);
    expect(sink.concepts.size).toBe(9344);
  });

  it('resolves DOID:9352 with its is_a chain to the root', () => {
    const t2dm = sink.toConcept('DOID:9352');
    expect(t2dm).toMatchObject({ system: 'DOID', code: 'DOID:9352', preferred: 'type 2 diabetes mellitus', group: 'condition', active: true });
    expect(chain(sink, 'DOID:9352')).toEqual(['DOID:9351', 'DOID:4194', 'DOID:0050013', 'DOID:0060158', 'DOID:0014667', 'DOID:4']);
    expect(sink.concepts.get('DOID:9351')?.preferred).toBe('diabetes mellitus');
    expect(sink.concepts.get('DOID:4')?.preferred).toBe('disease');
    expect(t2dm?.terms.filter((t) => t.kind === 'synonym').map((t) => t.text)).toEqual(
      expect.arrayContaining(['NIDDM', 'non-insulin-dependent diabetes mellitus', 'type II diabetes mellitus']),
    );
  });

  it('maps the xrefs of DOID:9352 that are in the file to ICD10CM, MESH, UMLS, SNOMEDCT and OMIM', () => {
    const xrefs = sink.xrefs.get('DOID:9352') ?? [];
    for (const x of [
      { system: 'ICD10CM', code: 'E11' },
      { system: 'MESH', code: 'D003924' },
      { system: 'UMLS', code: 'C0011860' },
      { system: 'SNOMEDCT', code: '44054006' },
      { system: 'OMIM', code: '125853' },
      { system: 'NCI', code: 'C26747' },
    ]) {
      expect(xrefs).toContainEqual({ ...x, relation: 'xref' });
    }
  });

  it('keeps alt ids findable and every live is_a target resolves to a loaded term', () => {
    expect(sink.xrefs.get('DOID:0001816')).toContainEqual({ system: 'DOID', code: 'DOID:267', relation: 'alt_id' });
    const dangling: string[] = [];
    for (const [child, parents] of sink.parents) for (const p of parents) if (!sink.concepts.has(p)) dangling.push(`${child} -> ${p}`);
    expect(dangling).toEqual([]);
  });
});

describe.skipIf(!MEDIC)('CTD MEDIC 2017 (TSV)', () => {
  const sink = new RecordingSink();
  let report: LoadReport;
  beforeAll(async () => {
    report = await loadCtdMedic(MEDIC as string, sink);
  });

  it('reads every row: read = kept + skipped, 11,865 concepts (11,333 MESH, 532 OMIM)', () => {
    expect(report.read).toBe(report.kept + report.skippedTotal);
    expect(report.toJSON()).toMatchObject({ read: 11865, kept: 11865, skipped: {} });
    expect(report.tallies.get('alt_id')).toBe(6837);
    expect(report.tallies.get('parent')).toBe(20018);
    expect([...report.tallies.keys()].filter((k) => k.includes('skipped'))).toEqual([]);
    const bySystem = new Map<string, number>();
    for (const c of sink.concepts.values()) bySystem.set(c.system, (bySystem.get(c.system) ?? 0) + 1);
    expect(Object.fromEntries(bySystem)).toEqual({ MESH: 11333, OMIM: 532 });
  });

  it('loads MESH:D003924 (Diabetes Mellitus, Type 2) with synonyms, parent and alternative ids', () => {
    const c = sink.toConcept('MESH:D003924');
    expect(c).toMatchObject({ system: 'MESH', code: 'D003924', preferred: 'Diabetes Mellitus, Type 2', group: 'condition', active: true });
    expect(sink.termTexts('MESH:D003924', 'synonym')).toEqual(
      expect.arrayContaining(['NIDDM', 'T2D', 'Type 2 Diabetes Mellitus', 'Diabetes Mellitus, Type II', 'MODY', 'Adult-Onset Diabetes Mellitus']),
    );
    expect(sink.termTexts('MESH:D003924', 'synonym')).toHaveLength(29);
    expect(c?.parents).toEqual(['MESH:D003920']);
    expect(c?.xrefs).toEqual([
      { system: 'DOID', code: 'DOID:9352', relation: 'alt_id' },
      { system: 'OMIM', code: '125853', relation: 'alt_id' },
    ]);
    expect(sink.toConcept('OMIM:601283')?.xrefs ?? []).toEqual([]);
    expect(sink.parentsOf('MESH:C563359')).toEqual(['MESH:D003924']);
  });

  it('has every parent id among the loaded concepts (the root is MESH:C, "Diseases")', () => {
    expect(sink.concepts.get('MESH:C')?.preferred).toBe('Diseases');
    const dangling: string[] = [];
    for (const [child, parents] of sink.parents) for (const p of parents) if (!sink.concepts.has(p)) dangling.push(`${child} -> ${p}`);
    expect(dangling).toEqual([]);
  });
});
