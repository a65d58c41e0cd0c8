import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractNoteCodes, loadIcd10cmTabular } from '../../../../src/ontology/loaders/icd10cm-tabular.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/icd10cm/tabular-sample.xml', import.meta.url));

describe('ICD-10-CM tabular XML loader', () => {
  const dir = tempDir();
  const write = (name: string, data: string | Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };

  it('builds the chapter > block > category > subcategory chain', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmTabular(SAMPLE, sink);
    expect(report.toJSON()).toMatchObject({ source: 'icd10cm-tabular', read: 15, kept: 15, skipped: {} });
    expect(Object.fromEntries(report.tallies)).toMatchObject({ chapter: 3, section: 3, diag: 9, 'inclusion term': 2 });

    expect(sink.concepts.get('ICD10CM:E00-E89')).toEqual({
      id: 'ICD10CM:E00-E89',
      system: 'ICD10CM',
      code: 'E00-E89',
      preferred: 'Endocrine, nutritional and metabolic diseases',
      group: 'other',
    });
    expect(sink.concepts.get('ICD10CM:E08-E13')).toMatchObject({ code: 'E08-E13', preferred: 'Diabetes mellitus', group: 'other' });
    expect(sink.parentsOf('ICD10CM:E00-E89')).toEqual([]);
    expect(sink.parentsOf('ICD10CM:E08-E13')).toEqual(['ICD10CM:E00-E89']);
    expect(sink.parentsOf('ICD10CM:E11')).toEqual(['ICD10CM:E08-E13']);
    expect(sink.parentsOf('ICD10CM:E11.2')).toEqual(['ICD10CM:E11']);
    expect(sink.parentsOf('ICD10CM:E11.21')).toEqual(['ICD10CM:E11.2']);
    expect(sink.parentsOf('ICD10CM:E11.9')).toEqual(['ICD10CM:E11']);
    expect(sink.parentsOf('ICD10CM:S72.001')).toEqual(['ICD10CM:S72.00']);
  });

  it('gives a one-category block its own id so it cannot collide with the category', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmTabular(SAMPLE, sink);
    expect(sink.concepts.get('ICD10CM:B10-B10')).toMatchObject({ code: 'B10-B10', preferred: 'Other human herpesviruses', group: 'other' });
    expect(sink.parentsOf('ICD10CM:B10-B10')).toEqual(['ICD10CM:A00-B99']);
    expect(sink.parentsOf('ICD10CM:B10')).toEqual(['ICD10CM:B10-B10']);
  });

  it('emits diag concepts without billable/active (the order file decides those), desc as synonym', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmTabular(SAMPLE, sink);
    expect(sink.concepts.get('ICD10CM:E11.21')).toEqual({
      id: 'ICD10CM:E11.21',
      system: 'ICD10CM',
      code: 'E11.21',
      preferred: 'Type 2 diabetes mellitus with diabetic nephropathy', // whitespace collapsed
      group: 'condition',
    });
    expect(sink.termTexts('ICD10CM:E11.21', 'synonym')).toEqual(['Type 2 diabetes mellitus with diabetic nephropathy']);
    expect(sink.termTexts('ICD10CM:E11.21', 'inclusion')).toEqual([
      'Type 2 diabetes mellitus with intercapillary glomerulosclerosis',
      'Type 2 diabetes mellitus with Kimmelstiel-Wilson disease',
    ]);
  });

  it('keeps notes as attributes on the concept that carries them, with the codes they name', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmTabular(SAMPLE, sink);
    const e11 = sink.toConcept('ICD10CM:E11')?.attributes ?? {};
    expect(e11.excludes1).toEqual([
      'diabetes mellitus due to underlying condition (E08.-)',
      'gestational diabetes (O24.4-)',
      'secondary diabetes mellitus NEC (E13.-)',
      'postprocedural diabetes mellitus (E13.-)',
    ]);
    expect(e11.excludes1Codes).toEqual(['E08', 'O24.4', 'E13']); // deduped, without trailing - / .-
    expect(e11.useAdditionalCode).toEqual(['code to identify control using:', 'insulin (Z79.4)']);
    expect(e11.useAdditionalCodeCodes).toEqual(['Z79.4']);
    expect(e11.includes).toEqual(['diabetes NOS']);
    // Notes on E11 stay on E11: its children carry none of them.
    expect(sink.toConcept('ICD10CM:E11.9')?.attributes).toBeUndefined();
    expect(sink.attributeValues('ICD10CM:E11.21', 'codeAlsoCodes')).toEqual(['N18.1-N18.6', 'N18.9']);
    // Chapter notes stay on the chapter; ranges stay ranges.
    expect(sink.attributeValues('ICD10CM:E00-E89', 'excludes1Codes')).toEqual(['P70-P74']);
    expect(sink.attributeValues('ICD10CM:A00-B99', 'useAdditionalCodeCodes')).toEqual(['Z16']);
    // Only parenthesised code lists count: "vitamin B12" is prose.
    expect(sink.attributeValues('ICD10CM:B10', 'excludes2Codes')).toEqual(['B01', 'B02', 'D51']);
    // 7th-character notes and definitions.
    expect(sink.attributeValues('ICD10CM:S72', 'sevenChrDef')).toEqual([
      'A: initial encounter for closed fracture',
      'D: subsequent encounter for closed fracture with routine healing',
    ]);
    expect(sink.attributeValues('ICD10CM:S72', 'sevenChrNote')).toHaveLength(1);
    // The introduction's instruction notes belong to no concept.
    expect([...sink.attributes.keys()].every((id) => id.startsWith('ICD10CM:'))).toBe(true);
    expect(sink.attributes.has('ICD10CM:A00.0')).toBe(false);
  });

  it('can leave notes and inclusion terms out', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmTabular(SAMPLE, sink, { notes: false, inclusionTerms: false });
    expect(sink.attributes.size).toBe(0);
    expect([...sink.terms.values()].flat().some((t) => t.kind === 'inclusion')).toBe(false);
  });

  it('reads gzip, CRLF and a BOM', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const variant = `\ufeff${text.replace(/\n/g, '\r\n')}`;
    const plain = new RecordingSink();
    await loadIcd10cmTabular(SAMPLE, plain);
    const sink = new RecordingSink();
    await loadIcd10cmTabular(write('t.xml.gz', gzipSync(Buffer.from(variant, 'utf8'))), sink);
    expect(sink.concepts).toEqual(plain.concepts);
    expect(sink.attributes).toEqual(plain.attributes);
  });

  it('throws typed errors naming file and line for broken input', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

    const unclosed = await errorOf(loadIcd10cmTabular(write('unclosed.xml', text.replace('</desc>\n      <diag>\n        <name>E11</name>', '\n      <diag>\n        <name>E11</name>')), new RecordingSink()));
    expect(unclosed.code).toBe('E_PARSE');
    expect(unclosed.file).toContain('unclosed.xml');
    expect(unclosed.line).toBeGreaterThan(0);

    const cut = await errorOf(loadIcd10cmTabular(write('cut.xml', text.slice(0, text.indexOf('<name>E11.9'))), new RecordingSink()));
    expect(cut.code).toBe('E_PARSE');

    const badCode = await errorOf(loadIcd10cmTabular(write('badcode.xml', text.replace('<name>E11.9</name>', '<name>E11..9</name>')), new RecordingSink()));
    expect(badCode).toMatchObject({ code: 'E_PARSE', field: 'diag.name', line: lineOf('<name>E11.9</name>') });

    const badChapter = await errorOf(loadIcd10cmTabular(write('badch.xml', text.replace('diseases (E00-E89)', 'diseases')), new RecordingSink()));
    expect(badChapter).toMatchObject({ code: 'E_PARSE', field: 'chapter.desc' });

    const wrongRoot = await errorOf(loadIcd10cmTabular(write('root.xml', '<?xml version="1.0"?><ICD10CM.index><version>2017</version></ICD10CM.index>'), new RecordingSink()));
    expect(wrongRoot).toMatchObject({ code: 'E_PARSE', field: 'root', line: 1 });

    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('Fracture of femur');
    const badUtf8 = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe]), bytes.subarray(at)]);
    const enc = await errorOf(loadIcd10cmTabular(write('enc.xml', badUtf8), new RecordingSink()));
    expect(enc).toMatchObject({ code: 'E_ENCODING', line: lineOf('Fracture of femur') });

    const gz = gzipSync(bytes);
    const trunc = await errorOf(loadIcd10cmTabular(write('trunc.xml.gz', gz.subarray(0, gz.length - 30)), new RecordingSink()));
    expect(trunc.code).toBe('E_GZIP');
    expect(trunc.file).toContain('trunc.xml.gz');
  });
});

describe('extractNoteCodes', () => {
  it('reads parenthesised code lists, ranges and incomplete codes', () => {
    expect(extractNoteCodes('type 1 diabetes mellitus (E10.-)')).toEqual(['E10']);
    expect(extractNoteCodes('human herpesvirus 3 (B01.-, B02.-)')).toEqual(['B01', 'B02']);
    expect(extractNoteCodes('Epstein-Barr virus (B27.0-)')).toEqual(['B27.0']);
    expect(extractNoteCodes('perinatal infections (P35-P39)')).toEqual(['P35-P39']);
    expect(extractNoteCodes('hemorrhage (I60-I69 with fifth or sixth character 5)')).toEqual(['I60-I69']);
    expect(extractNoteCodes('malignant neuroendocrine tumors (C7A.-)')).toEqual(['C7A']);
    expect(extractNoteCodes('vitamin B12 deficiency anemia (D51.-)')).toEqual(['D51']);
    expect(extractNoteCodes('E. coli O157:H7 (CD30-positive)')).toEqual([]);
    expect(extractNoteCodes('certain localized infections - see body system-related chapters')).toEqual([]);
  });

  it('never throws and returns only code-shaped strings (property)', () => {
    const shape = /^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?(?:-[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)?$/;
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        for (const c of extractNoteCodes(s)) expect(c).toMatch(shape);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^\([A-Z][0-9][0-9A-Z](\.[0-9A-Z]{0,4})?-?(, [A-Z][0-9]{2})*\)$/), (s) => {
        for (const c of extractNoteCodes(`note ${s}`)) expect(c).toMatch(shape);
      }),
    );
  });
});
