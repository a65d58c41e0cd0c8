import { readFileSync, writeFileSync, appendFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../../src/ontology/build.js';
import { Pack } from '../../../src/ontology/pack.js';
import { ClinlinkError } from '../../../src/errors.js';
import { tempDir } from '../../helpers/tmp.js';

const fixture = join(__dirname, '../../fixtures/vocab/cardio.json');

describe('pack build and queries', () => {
  const dir = tempDir();
  let pack: Pack;
  beforeAll(async () => {
    await buildPack({ out: join(dir, 'p'), sources: [{ kind: 'vocab', path: fixture }] });
    pack = Pack.open(join(dir, 'p'));
  });

  it('resolves a concept by id with terms, parents and cross-references', () => {
    const mi = pack.concept('CLINLINK:myocardial-infarction');
    expect(mi?.preferred).toBe('Myocardial infarction');
    expect(mi?.terms[0]).toEqual({ text: 'Myocardial infarction', kind: 'preferred' });
    expect(mi?.terms.map((t) => t.text)).toEqual(expect.arrayContaining(['heart attack', 'MI']));
    expect(mi?.parents).toEqual(['CLINLINK:ischemic-heart-disease']);
    expect(mi?.xrefs).toContainEqual({ system: 'SNOMEDCT', code: '22298006', relation: 'xref' });
    expect(mi?.xrefs).toContainEqual({ system: 'ICD10CM', code: 'I21.9', relation: 'icd10cm-billable' });
  });

  it('finds concepts by a cross-referenced code, with or without the ICD dot', () => {
    expect(pack.lookup('I21.9').map((c) => c.id)).toEqual(['CLINLINK:myocardial-infarction']);
    expect(pack.lookup('I219').map((c) => c.id)).toEqual(['CLINLINK:myocardial-infarction']);
    expect(pack.lookup('22298006').map((c) => c.id)).toEqual(['CLINLINK:myocardial-infarction']);
    expect(pack.lookup('Z99.99')).toEqual([]);
  });

  it('walks ancestors and descendants transitively with path lengths', () => {
    expect(pack.ancestors('CLINLINK:myocardial-infarction')).toEqual([
      { id: 'CLINLINK:ischemic-heart-disease', depth: 1 },
      { id: 'CLINLINK:heart-disease', depth: 2 },
      { id: 'CLINLINK:disease', depth: 3 },
    ]);
    expect(pack.descendants('CLINLINK:heart-disease').map((d) => d.id).sort()).toEqual([
      'CLINLINK:heart-failure',
      'CLINLINK:ischemic-heart-disease',
      'CLINLINK:myocardial-infarction',
    ]);
    expect(pack.children('CLINLINK:disease')).toEqual(['CLINLINK:heart-disease']);
    expect(pack.ancestors('CLINLINK:nope')).toEqual([]);
  });

  it('searches terms: exact normalised hits first, then full-text near misses, with filters', () => {
    const exact = pack.searchTerms('Heart Attacks');
    expect(exact[0]).toMatchObject({ conceptId: 'CLINLINK:myocardial-infarction', term: 'heart attack', score: 1 });
    const near = pack.searchTerms('acute heart failure');
    expect(near).toEqual([]); // every token must occur: "acute" is in no term
    const partial = pack.searchTerms('failure');
    expect(partial[0]?.conceptId).toBe('CLINLINK:heart-failure');
    expect(partial[0]!.score).toBeLessThan(1);
    expect(pack.searchTerms('chest pain', { groups: ['condition'] })).toEqual([]);
    expect(pack.searchTerms('chest pain', { groups: ['finding'] })[0]?.conceptId).toBe('CLINLINK:chest-pain');
    expect(pack.searchTerms('"; DROP TABLE terms; --')).toEqual([]);
    expect(pack.searchTerms('  ')).toEqual([]);
    expect(pack.searchTerms('heart', { limit: 0 })).toEqual([]);
  });

  it('records counts and a checksum that verifies', async () => {
    expect(pack.manifest.counts.concepts).toBe(6);
    expect(pack.manifest.sources[0]).toMatchObject({ kind: 'custom', read: 6, kept: 6 });
    expect(await pack.verify()).toBe(true);
  });
});

describe('build-time repairs are counted, never silent', () => {
  const dir = tempDir();
  it('drops dangling parents and breaks is-a cycles, reporting each', async () => {
    const vocab = {
      format: 'clinlink-vocab',
      version: 1,
      system: 'T',
      concepts: [
        { code: 'a', preferred: 'Alpha', group: 'condition', parents: ['c'] },
        { code: 'b', preferred: 'Beta', group: 'condition', parents: ['a'] },
        { code: 'c', preferred: 'Gamma', group: 'condition', parents: ['b', 'missing'] },
      ],
    };
    const file = join(dir, 'cyc.json');
    writeFileSync(file, JSON.stringify(vocab));
    const result = await buildPack({ out: join(dir, 'p'), sources: [{ kind: 'vocab', path: file }] });
    expect(result.manifest.skipped['dangling parent']).toBe(1);
    expect(result.examples['dangling parent']).toEqual(['T:c -> T:missing']);
    expect(result.manifest.skipped['is-a cycle edge removed']).toBe(1);
    expect(result.manifest.counts.parents).toBe(2);
    const pack = Pack.open(join(dir, 'p'));
    // Whatever edge broke the cycle, ancestor queries terminate and never include the concept itself.
    for (const id of ['T:a', 'T:b', 'T:c']) expect(pack.ancestors(id).map((a) => a.id)).not.toContain(id);
    pack.close();
  });
});

describe('opening a damaged pack fails with a typed error', () => {
  const dir = tempDir();
  const good = join(dir, 'good');
  beforeAll(async () => {
    await buildPack({ out: good, sources: [{ kind: 'vocab', path: fixture }] });
  });
  const copyPack = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d);
    for (const f of ['manifest.json', 'pack.sqlite']) copyFileSync(join(good, f), join(d, f));
    return d;
  };
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(ClinlinkError);
      return (e as ClinlinkError).code;
    }
    return 'no error';
  };

  it('missing folder', () => expect(code(() => Pack.open(join(dir, 'nope')))).toBe('E_PACK_MISSING'));
  it('future format version', () => {
    const d = copyPack('v99');
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...m, version: 99 }));
    expect(code(() => Pack.open(d))).toBe('E_PACK_VERSION');
  });
  it('truncated or appended database', () => {
    const d = copyPack('grown');
    appendFileSync(join(d, 'pack.sqlite'), Buffer.alloc(10));
    expect(code(() => Pack.open(d))).toBe('E_PACK_CORRUPT');
  });
  it('manifest that is not JSON', () => {
    const d = copyPack('badjson');
    writeFileSync(join(d, 'manifest.json'), '{ nope');
    expect(code(() => Pack.open(d))).toBe('E_PACK_CORRUPT');
  });
  it('database from another build', async () => {
    const other = join(dir, 'other');
    await buildPack({ out: other, sources: [{ kind: 'vocab', path: fixture }] });
    const d = copyPack('mixed');
    copyFileSync(join(other, 'pack.sqlite'), join(d, 'pack.sqlite'));
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    m.db.bytes = readFileSync(join(d, 'pack.sqlite')).length;
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m));
    expect(code(() => Pack.open(d))).toBe('E_PACK_CORRUPT');
  });
  it('a damaged byte is caught by verify()', async () => {
    const d = copyPack('flipped');
    const buf = readFileSync(join(d, 'pack.sqlite'));
    buf[buf.length - 100] = buf[buf.length - 100]! ^ 0xff;
    writeFileSync(join(d, 'pack.sqlite'), buf);
    const pack = Pack.open(d);
    expect(await pack.verify()).toBe(false);
    pack.close();
  });
});
