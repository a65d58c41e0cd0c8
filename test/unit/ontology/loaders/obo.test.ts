import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadObo, normalizeXref } from '../../../../src/ontology/loaders/obo.js';
import type { LoadReport } from '../../../../src/ontology/sink.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const FIXTURE = join(__dirname, '../../../fixtures/obo/mini.obo');

const balanced = (r: LoadReport) => expect(r.read).toBe(r.kept + r.skippedTotal);

describe('OBO loader on the fixture', () => {
  const sink = new RecordingSink();
  let report: LoadReport;
  beforeAll(async () => {
    report = await loadObo(FIXTURE, sink);
  });

  it('counts stanzas: Terms kept (obsolete ones too), Typedef/Instance and id-less Terms skipped; tallies the lines', () => {
    expect(report.toJSON()).toEqual({
      source: 'obo',
      file: FIXTURE,
      read: 10,
      kept: 6,
      skipped: { '[Term] without id': 1, '[Typedef] stanza': 2, '[Instance] stanza': 1 },
      tallies: {
        'obsolete term (kept, inactive)': 1,
        synonym: 9,
        'synonym skipped: BROAD not requested': 1,
        'synonym skipped: NARROW not requested': 2,
        xref: 17,
        'xref skipped: no PREFIX:code form': 1,
        'xref skipped: URL': 1,
        alt_id: 3,
        is_a: 4,
      },
    });
    balanced(report);
    expect([...sink.concepts.keys()].sort()).toEqual(['DOID:0050013', 'DOID:4', 'DOID:9351', 'DOID:9352', 'DOID:9744', 'HP:0001945']);
  });

  it('builds a concept with system and code from the id prefix, preferred name and default group', () => {
    const c = sink.toConcept('DOID:9352');
    expect(c).toMatchObject({ id: 'DOID:9352', system: 'DOID', code: 'DOID:9352', preferred: 'type 2 diabetes mellitus', group: 'condition', active: true });
    expect(c?.parents).toEqual(['DOID:9351']);
    expect(sink.toConcept('HP:0001945')).toMatchObject({ system: 'HP', group: 'finding', parents: ['HP:0001939'] });
  });

  it('keeps EXACT and RELATED synonyms, unescapes quoted strings, drops modifiers and skips NARROW/BROAD (counted)', () => {
    expect(sink.termTexts('DOID:9352', 'synonym').sort()).toEqual(
      [
        'NIDDM',
        'adult-onset diabetes with "insulin resistance"',
        'maturity onset diabetes',
        'non-insulin-dependent diabetes mellitus',
        'spaced name',
        'type II diabetes mellitus',
      ].sort(),
    );
    expect(sink.termTexts('DOID:9352', 'preferred')).toEqual(['type 2 diabetes mellitus']);
    expect(sink.termTexts('DOID:9351', 'abbreviation')).toEqual(['DM']);
    expect(sink.termTexts('DOID:9351', 'synonym')).toEqual([]);
    // OBO 1.0 scope-in-tag synonyms.
    expect(sink.termTexts('DOID:0050013', 'synonym')).toEqual(['carbohydrate metabolism disorder']);
  });

  it('unescapes names and strips {modifiers} and ! comments', () => {
    expect(sink.concepts.get('DOID:0050013')?.preferred).toBe('carbohydrate metabolism disease {escaped brace} and a back\\slash');
    expect(sink.parentsOf('DOID:0050013')).toEqual(['DOID:4']);
  });

  it('records alt_id as a same-system cross-reference with relation alt_id', () => {
    const alt = sink.xrefs.get('DOID:9352')?.filter((x) => x.relation === 'alt_id');
    expect(alt).toEqual([
      { system: 'DOID', code: 'DOID:11717', relation: 'alt_id' },
      { system: 'DOID', code: 'DOID:1837', relation: 'alt_id' },
    ]);
  });

  it('normalises xref prefixes and codes', () => {
    const x = sink.xrefs.get('DOID:9352')?.filter((r) => r.relation === 'xref');
    expect(x).toEqual([
      { system: 'ICD10CM', code: 'E11', relation: 'xref' },
      { system: 'ICD10CM', code: 'E11.9', relation: 'xref' },
      { system: 'KEGG', code: '04930', relation: 'xref' },
      { system: 'MESH', code: 'D003924', relation: 'xref' },
      { system: 'OMIM', code: '125853', relation: 'xref' },
      { system: 'OMIM', code: '601283', relation: 'xref' },
      { system: 'SNOMEDCT', code: '44054006', relation: 'xref' },
      { system: 'UMLS', code: 'C0011860', relation: 'xref' },
      { system: 'HP', code: 'HP:0005978', relation: 'xref' },
    ]);
    expect(sink.xrefs.get('DOID:9351')).toContainEqual({ system: 'MESH', code: 'D003920', relation: 'xref' });
    expect(sink.xrefs.get('DOID:9351')).toContainEqual({ system: 'UMLS', code: 'C0011849', relation: 'xref' });
    expect(sink.xrefs.get('DOID:9351')).toContainEqual({ system: 'ICD10CM', code: 'E08-E13', relation: 'xref' });
    // Trailing whitespace after the code ("NCI:C2991 ") is not part of it.
    expect(sink.xrefs.get('DOID:4')).toContainEqual({ system: 'NCI', code: 'C2991', relation: 'xref' });
    expect(normalizeXref('SNOMEDCT:123')).toEqual({ system: 'SNOMEDCT', code: '123' });
    expect(normalizeXref('MeSH:C537227')).toEqual({ system: 'MESH', code: 'C537227' });
    expect(normalizeXref('ORDO:1234')).toEqual({ system: 'ORDO', code: '1234' });
  });

  it('marks obsolete terms inactive and keeps replaced_by / consider', () => {
    expect(sink.concepts.get('DOID:9744')?.active).toBe(false);
    expect(sink.attributeValues('DOID:9744', 'replaced_by')).toEqual(['DOID:9352']);
    expect(sink.attributeValues('DOID:9744', 'consider')).toEqual(['DOID:9351']);
  });
});

describe('OBO loader options and errors', () => {
  const dir = tempDir();

  it('keeps NARROW and BROAD synonyms when asked, and applies a forced group', async () => {
    const sink = new RecordingSink();
    const r = await loadObo(FIXTURE, sink, { synonymScopes: ['EXACT', 'RELATED', 'NARROW', 'BROAD'], group: 'other' });
    expect(r.tallies.get('synonym')).toBe(12);
    expect([...r.tallies.keys()].filter((k) => k.startsWith('synonym skipped'))).toEqual([]);
    expect(sink.termTexts('DOID:9352', 'synonym')).toContain('diabetes mellitus, type 2 or 3');
    expect(sink.termTexts('DOID:0050013', 'synonym')).toContain('glycogen storage disease');
    expect(sink.concepts.get('HP:0001945')?.group).toBe('other');
  });

  it('reads gzipped OBO the same way', async () => {
    const gz = join(dir, 'mini.obo.gz');
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const a = new RecordingSink();
    const b = new RecordingSink();
    await loadObo(FIXTURE, a);
    const r = await loadObo(gz, b);
    expect(r.kept).toBe(6);
    expect(b.toConcept('DOID:9352')).toEqual(a.toConcept('DOID:9352'));
  });

  it('rejects an unknown synonym scope option', async () => {
    const e = await errorOf(loadObo(FIXTURE, new RecordingSink(), { synonymScopes: ['EXACT', 'SIMILAR' as 'EXACT'] }));
    expect(e.code).toBe('E_INVALID_ARGUMENT');
  });

  it('fails with E_PARSE naming file, line and tag for an unterminated quote or unknown scope', async () => {
    const f = join(dir, 'bad.obo');
    writeFileSync(f, 'format-version: 1.2\n\n[Term]\nid: DOID:1\nname: x\nsynonym: "never closed EXACT []\n');
    const e = await errorOf(loadObo(f, new RecordingSink()));
    expect(e).toMatchObject({ code: 'E_PARSE', file: f, line: 6, field: 'synonym' });
    writeFileSync(f, '[Term]\nid: DOID:1\nsynonym: "x" SIMILAR []\n');
    expect(await errorOf(loadObo(f, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 3, field: 'synonym' });
    writeFileSync(f, '[Term]\nid: DOID:1\nthis line has no tag\n');
    expect(await errorOf(loadObo(f, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 3 });
  });

  it('reports CRLF/BOM files like LF files, invalid UTF-8 and truncated gzip as typed errors', async () => {
    const crlf = join(dir, 'crlf.obo');
    writeFileSync(crlf, `\ufeff${readFileSync(FIXTURE, 'utf8').replace(/\n/g, '\r\n')}`);
    const sink = new RecordingSink();
    const r = await loadObo(crlf, sink);
    expect(r.kept).toBe(6);
    expect(sink.concepts.get('DOID:9352')?.preferred).toBe('type 2 diabetes mellitus');

    const latin = join(dir, 'latin1.obo');
    writeFileSync(latin, Buffer.concat([Buffer.from('[Term]\nid: DOID:1\nname: Sj'), Buffer.from([0xf6]), Buffer.from('gren\n')]));
    expect(await errorOf(loadObo(latin, new RecordingSink()))).toMatchObject({ code: 'E_ENCODING', file: latin });

    const gz = gzipSync(readFileSync(FIXTURE));
    const cut = join(dir, 'cut.obo.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    expect(await errorOf(loadObo(cut, new RecordingSink()))).toMatchObject({ code: 'E_GZIP', file: cut });
  });
});
