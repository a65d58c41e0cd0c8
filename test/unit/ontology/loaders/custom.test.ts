import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCustomVocabulary } from '../../../../src/ontology/loaders/custom.js';
import { ClinlinkError } from '../../../../src/errors.js';
import type { PackSink } from '../../../../src/ontology/sink.js';
import { tempDir } from '../../../helpers/tmp.js';

function recorder() {
  const calls: [string, ...unknown[]][] = [];
  const sink: PackSink = {
    concept: (r) => calls.push(['concept', r]),
    term: (id, t) => calls.push(['term', id, t]),
    parent: (c, p) => calls.push(['parent', c, p]),
    xref: (id, x) => calls.push(['xref', id, x]),
    semanticType: (id, s) => calls.push(['sty', id, s]),
    attribute: (id, k, v) => calls.push(['attr', id, k, v]),
  };
  return { sink, calls };
}

describe('custom vocabulary loader', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const errorOf = async (file: string): Promise<ClinlinkError> => {
    try {
      await loadCustomVocabulary(file, recorder().sink);
    } catch (e) {
      return e as ClinlinkError;
    }
    throw new Error('expected an error');
  };

  it('reads a CSV vocabulary with a BOM and CRLF line ends', async () => {
    const f = write('v.csv', '\ufeffcode,preferred,group,synonyms,abbreviations,parents,icd10cm\r\nhtn,Hypertension,condition,high blood pressure|hypertensive disease,HTN,,I10\r\nehtn,Essential hypertension,condition,,,htn,\r\n');
    const { sink, calls } = recorder();
    const report = await loadCustomVocabulary(f, sink, { system: 'MYORG' });
    expect(report.toJSON()).toMatchObject({ read: 2, kept: 2, skipped: {} });
    expect(calls).toContainEqual(['concept', { id: 'MYORG:htn', system: 'MYORG', code: 'htn', preferred: 'Hypertension', group: 'condition', active: true }]);
    expect(calls).toContainEqual(['term', 'MYORG:htn', { text: 'HTN', kind: 'abbreviation' }]);
    expect(calls).toContainEqual(['parent', 'MYORG:ehtn', 'MYORG:htn']);
    expect(calls).toContainEqual(['xref', 'MYORG:htn', { system: 'ICD10CM', code: 'I10', relation: 'xref' }]);
  });

  it('names the field of a bad concept', async () => {
    const base = { format: 'clinlink-vocab', version: 1, system: 'X' };
    const e1 = await errorOf(write('g.json', JSON.stringify({ ...base, concepts: [{ code: 'a', preferred: 'A', group: 'disease' }] })));
    expect(e1.code).toBe('E_PARSE');
    expect(e1.field).toBe('concepts[0].group');
    const e2 = await errorOf(write('i.json', JSON.stringify({ ...base, concepts: [{ code: 'a', preferred: 'A', group: 'condition', icd10cm: { 'E11.9': 'yes' } }] })));
    expect(e2.field).toBe('concepts[0].icd10cm');
    const e3 = await errorOf(write('d.json', JSON.stringify({ ...base, concepts: [{ code: 'a', preferred: 'A', group: 'condition' }, { code: 'a', preferred: 'B', group: 'condition' }] })));
    expect(e3.message).toMatch(/duplicate concept code/);
    const e4 = await errorOf(write('v.json', JSON.stringify({ ...base, version: 2, concepts: [] })));
    expect(e4.field).toBe('version');
    const e5 = await errorOf(write('bad.json', '{"format": "clinlink-vocab", '));
    expect(e5.code).toBe('E_PARSE');
    expect(e5.file).toContain('bad.json');
  });

  it('rejects a CSV with an unknown column or a ragged row, naming the line', async () => {
    const e1 = await errorOf(write('u.csv', 'code,preferred,group,colour\na,A,condition,red\n'));
    expect(e1).toMatchObject({ code: 'E_PARSE', line: 2, field: 'colour' });
    const e2 = await errorOf(write('r.csv', 'code,preferred,group\na,A,condition\nb,B\n'));
    expect(e2.code).toBe('E_PARSE');
    expect(e2.line).toBe(3);
  });
});
