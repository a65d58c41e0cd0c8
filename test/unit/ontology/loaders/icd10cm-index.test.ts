import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadIcd10cmIndex } from '../../../../src/ontology/loaders/icd10cm-index.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const SAMPLE = fileURLToPath(new URL('../../../fixtures/icd10cm/index-sample.xml', import.meta.url));

describe('ICD-10-CM alphabetic index loader', () => {
  const dir = tempDir();
  const write = (name: string, data: string | Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };

  it('emits each coded term as its comma path, nonessential modifiers stripped', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmIndex(SAMPLE, sink);
    // "Infarct, cardiac — see Infarct, myocardium" follows its reference to I21.3 (tested below).
    expect(sink.termTexts('ICD10CM:I21.3', 'index')).toEqual(['Infarct, infarction, myocardium, myocardial', 'Infarct, infarction, cardiac']);
    expect(sink.termTexts('ICD10CM:I21.4', 'index')).toEqual(['Infarct, infarction, myocardium, myocardial, non-ST elevation']);
    expect(sink.termTexts('ICD10CM:E11.9', 'index')).toEqual(['Diabetes, diabetic', 'Diabetes, diabetic, type 2']);
    expect(sink.termTexts('ICD10CM:E11.21', 'index')).toEqual(['Diabetes, diabetic, type 2, with, nephropathy']);
    expect(sink.termTexts('ICD10CM:Q89.1', 'index')).toEqual(['Aberrant, adrenal gland']);
    expect(sink.termTexts('ICD10CM:A02.0', 'index')).toEqual(['Infection, infected, Salmonella, with, enteritis']);
    // A title that is all modifier keeps it, unbracketed, rather than repeating its parent's path.
    expect(sink.termTexts('ICD10CM:T75.4', 'index')).toEqual(['Shock, electric', 'Shock, electric, taser']);
    // Terms only: the index declares no concepts (the builder reports unknown codes as dangling).
    expect(sink.concepts.size).toBe(0);
    expect([...sink.terms.values()].flat().every((t) => t.kind === 'index')).toBe(true);
  });

  it('maps codes ending in "-" to the code without it, and see-category references to that category', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmIndex(SAMPLE, sink);
    expect(sink.termTexts('ICD10CM:E13', 'index')).toEqual(['Diabetes, diabetic, secondary']);
    expect(sink.termTexts('ICD10CM:O24.4', 'index')).toEqual(['Diabetes, diabetic, gestational']);
    expect(sink.termTexts('ICD10CM:H91.1', 'index')).toEqual(['Presbycusis']);
    expect(report.tallies.get('incomplete code (-)')).toBe(2);
    expect(report.tallies.get('see category code')).toBe(1);
  });

  it('adds "main + subterm" only after a connective, never the reversed order', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmIndex(SAMPLE, sink);
    expect(sink.termTexts('ICD10CM:J13')).toEqual(['Pneumonia, due to Streptococcus pneumoniae', 'Pneumonia due to Streptococcus pneumoniae']);
    expect(sink.termTexts('ICD10CM:J18.1')).toEqual(['Pneumonia, lobar']); // not "lobar Pneumonia"
    expect(report.tallies.get('natural-order phrase')).toBe(1);
    const off = new RecordingSink();
    await loadIcd10cmIndex(SAMPLE, off, { naturalOrder: false });
    expect(off.termTexts('ICD10CM:J13')).toEqual(['Pneumonia, due to Streptococcus pneumoniae']);
  });

  it("can also emit the path with the modifiers as printed ('both')", async () => {
    const sink = new RecordingSink();
    await loadIcd10cmIndex(SAMPLE, sink, { nemod: 'both' });
    expect(sink.termTexts('ICD10CM:I21.4')).toEqual([
      'Infarct, infarction, myocardium, myocardial, non-ST elevation',
      'Infarct, infarction, myocardium, myocardial (acute) (with stated duration of 4 weeks or less), non-ST elevation (NSTEMI)',
    ]);
    expect(sink.termTexts('ICD10CM:A02.0')).toContain('Infection, infected, Salmonella, with, (gastro)enteritis');
    expect(sink.termTexts('ICD10CM:Q89.1')).toEqual(['Aberrant, adrenal gland', 'Aberrant (congenital), adrenal gland']);
  });

  it('gives a morphology without a site the code of its "unspecified site" subterm', async () => {
    const xml = [
      '<ICD10CM.index><version>2017</version><title>ICD-10-CM INDEX TO DISEASES and INJURIES</title><letter><title>N</title>',
      '<mainTerm><title>Neuroblastoma</title>',
      '<term level="1"><title>olfactory</title><code>C30.0</code></term>',
      '<term level="1"><title>specified site</title><see>Neoplasm, malignant, by site</see></term>',
      '<term level="1"><title>unspecified site</title><code>C74.90</code></term>',
      '</mainTerm>',
      // A main term with its own code keeps it: the subterm adds nothing to the main term.
      '<mainTerm><title>Nephroma</title><code>C64.-</code><term level="1"><title>unspecified site</title><code>C64.9</code></term></mainTerm>',
      '</letter></ICD10CM.index>',
    ].join('\n');
    const sink = new RecordingSink();
    const report = await loadIcd10cmIndex(write('n.xml', xml), sink);
    expect(sink.termTexts('ICD10CM:C74.90')).toEqual(['Neuroblastoma, unspecified site', 'Neuroblastoma']);
    expect(sink.termTexts('ICD10CM:C30.0')).toEqual(['Neuroblastoma, olfactory']);
    expect(sink.termTexts('ICD10CM:C64.9')).toEqual(['Nephroma, unspecified site']);
    expect(report.tallies.get('unspecified-site default')).toBe(1);
  });

  it('follows a subterm\'s see reference to the coded term it names, by any comma name of a term, even one that comes later', async () => {
    const xml = [
      '<ICD10CM.index><version>2017</version><title>ICD-10-CM INDEX TO DISEASES and INJURIES</title><letter><title>P</title>',
      // A main term alone is one word the dictionary would match anywhere: its reference is not followed.
      '<mainTerm><title>Prostatism</title><see>Hyperplasia, prostate</see></mainTerm>',
      '<mainTerm><title>Stasis</title><term level="1"><title>ulcer</title><see>Varix, leg, with, ulcer</see></term></mainTerm>',
      // The target names a heading with no code, a term that does not exist, or the generic "condition": not followed.
      '<mainTerm><title>Phlebectasia</title><term level="1"><title>leg</title><see>Varix</see></term></mainTerm>',
      '<mainTerm><title>Pseudoulcer</title><term level="1"><title>stomach</title><see>Ulcer, gastric</see></term></mainTerm>',
      '<mainTerm><title>Primary</title><term level="1"><title>lesion</title><see>condition</see></term></mainTerm>',
      '</letter><letter><title>H</title>',
      '<mainTerm><title>Hypertrophy, hypertrophic</title><term level="1"><title>prostate</title><see>Hyperplasia, prostate</see></term></mainTerm>',
      '<mainTerm><title>Hyperplasia, hyperplastic</title><term level="1"><title>prostate<nemod>(adenofibromatous)</nemod></title><code>N40.0</code></term></mainTerm>',
      '</letter><letter><title>V</title>',
      '<mainTerm><title>Varix<nemod>(lower limb)</nemod></title><term level="1"><title>leg</title><term level="2"><title>with</title>',
      '<term level="3"><title>ulcer</title><code>I83.009</code></term></term></term></mainTerm>',
      '</letter></ICD10CM.index>',
    ].join('\n');
    const sink = new RecordingSink();
    const report = await loadIcd10cmIndex(write('see.xml', xml), sink);
    expect(sink.termTexts('ICD10CM:N40.0')).toEqual(['Hyperplasia, hyperplastic, prostate', 'Hypertrophy, hypertrophic, prostate']);
    expect(sink.termTexts('ICD10CM:I83.009')).toEqual(['Varix, leg, with, ulcer', 'Stasis, ulcer']);
    expect(report.tallies.get('see reference followed')).toBe(2);
    expect(report.toJSON()).toMatchObject({ skipped: { 'see reference': 4 } });
    expect(report.read).toBe(report.kept + report.skippedTotal);
  });

  it('accounts for every term read: kept, or skipped with a reason', async () => {
    const report = await loadIcd10cmIndex(SAMPLE, new RecordingSink());
    // 9 main terms + 17 subterms.
    expect(report.toJSON()).toMatchObject({
      read: 26,
      kept: 17,
      skipped: { 'see reference': 1, 'heading without code': 7, 'no code': 1 },
    });
    expect(report.tallies.get('see reference followed')).toBe(1);
    expect(report.read).toBe(report.kept + report.skippedTotal);
    expect(report.tallies.get('see')).toBe(2);
    expect(report.tallies.get('seeAlso')).toBe(1);
    expect(report.tallies.get('manifestation code ignored')).toBe(1);
  });

  it('reads gzip with CRLF and a BOM', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const plain = new RecordingSink();
    await loadIcd10cmIndex(SAMPLE, plain);
    const sink = new RecordingSink();
    await loadIcd10cmIndex(write('i.xml.gz', gzipSync(Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`, 'utf8'))), sink);
    expect(sink.terms).toEqual(plain.terms);
  });

  it('throws typed errors for malformed XML, a wrong root, invalid UTF-8 and truncated gzip', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

    const mismatched = await errorOf(loadIcd10cmIndex(write('m.xml', text.replace('<code>J13</code>', '<code>J13</title>')), new RecordingSink()));
    expect(mismatched).toMatchObject({ code: 'E_PARSE', line: lineOf('<code>J13</code>') });
    expect(mismatched.file).toContain('m.xml');

    const root = await errorOf(loadIcd10cmIndex(write('r.xml', '<ICD10CM.tabular><version>2017</version></ICD10CM.tabular>'), new RecordingSink()));
    expect(root).toMatchObject({ code: 'E_PARSE', field: 'root' });

    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('lobar');
    const enc = await errorOf(loadIcd10cmIndex(write('e.xml', Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe2, 0x28, 0xa1]), bytes.subarray(at)])), new RecordingSink()));
    expect(enc).toMatchObject({ code: 'E_ENCODING', line: lineOf('lobar') });

    const gz = gzipSync(bytes);
    const trunc = await errorOf(loadIcd10cmIndex(write('t.xml.gz', gz.subarray(0, Math.floor(gz.length / 2))), new RecordingSink()));
    expect(trunc.code).toBe('E_GZIP');
  });
});
