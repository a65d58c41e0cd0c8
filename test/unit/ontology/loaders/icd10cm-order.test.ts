import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icd10cmGroup, loadIcd10cmOrder } from '../../../../src/ontology/loaders/icd10cm-order.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/icd10cm/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);

describe('ICD-10-CM order file loader', () => {
  const dir = tempDir();
  const write = (name: string, data: string | Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };

  it('emits concepts with dotted codes, long title as preferred and short title as synonym', async () => {
    const sink = new RecordingSink();
    const report = await loadIcd10cmOrder(fixture('order-sample.txt'), sink);
    expect(report.toJSON()).toMatchObject({ source: 'icd10cm-order', read: 15, kept: 15, skipped: {} });
    expect(Object.fromEntries(report.tallies)).toEqual({ billable: 8, header: 7, 'no ancestor in file': 4 });

    expect(sink.concepts.get('ICD10CM:E11.9')).toEqual({
      id: 'ICD10CM:E11.9',
      system: 'ICD10CM',
      code: 'E11.9',
      preferred: 'Type 2 diabetes mellitus without complications',
      group: 'condition',
      billable: true,
      active: true,
    });
    expect(sink.concepts.get('ICD10CM:E11')?.billable).toBe(false);
    // Same short and long title: no synonym.
    expect(sink.terms.get('ICD10CM:E11.9')).toEqual([{ text: 'Type 2 diabetes mellitus without complications', kind: 'preferred' }]);
    // A 60-character short title that fills its column exactly, with no blank before col 77.
    expect(sink.termTexts('ICD10CM:J44.1', 'synonym')).toEqual(['Chronic obstructive pulmonary disease w (acute) exacerbation']);
    expect(sink.termTexts('ICD10CM:J44.1', 'preferred')).toEqual(['Chronic obstructive pulmonary disease with (acute) exacerbation']);
  });

  it('links each code to the nearest shorter code present, leaving categories without parent', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmOrder(fixture('order-sample.txt'), sink);
    expect(sink.parentsOf('ICD10CM:E11.9')).toEqual(['ICD10CM:E11']);
    expect(sink.parentsOf('ICD10CM:E11.21')).toEqual(['ICD10CM:E11.2']);
    expect(sink.parentsOf('ICD10CM:N18.30')).toEqual(['ICD10CM:N18.3']);
    expect(sink.parentsOf('ICD10CM:N18.3')).toEqual(['ICD10CM:N18']);
    // S72001A: S72001 is not in the file, S7200 is.
    expect(sink.parentsOf('ICD10CM:S72.001A')).toEqual(['ICD10CM:S72.00']);
    // No ancestor in the file at all (the fixture has no S72, V00, R07 or Z79 rows): no parent, tallied.
    for (const id of ['ICD10CM:S72.00', 'ICD10CM:V00.01XA', 'ICD10CM:R07.89', 'ICD10CM:Z79.4']) expect(sink.parentsOf(id)).toEqual([]);
    for (const cat of ['ICD10CM:E11', 'ICD10CM:N18', 'ICD10CM:QA0']) expect(sink.parentsOf(cat)).toEqual([]);
  });

  it('derives the semantic group from the chapter letter', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmOrder(fixture('order-sample.txt'), sink);
    expect(sink.concepts.get('ICD10CM:R07.89')?.group).toBe('finding');
    expect(sink.concepts.get('ICD10CM:S72.001A')?.group).toBe('condition');
    expect(sink.concepts.get('ICD10CM:Z79.4')?.group).toBe('other');
    expect(sink.concepts.get('ICD10CM:V00.01XA')?.group).toBe('other');
    expect(sink.concepts.get('ICD10CM:QA0')?.group).toBe('condition');
    expect(['A00', 'C50', 'I21', 'T14', 'U07'].map(icd10cmGroup)).toEqual(Array(5).fill('condition'));
  });

  it('can leave short titles out', async () => {
    const sink = new RecordingSink();
    await loadIcd10cmOrder(fixture('order-sample.txt'), sink, { shortTitles: false });
    expect([...sink.terms.values()].flat().every((t) => t.kind === 'preferred')).toBe(true);
  });

  it('reads gzip, CRLF and a BOM the same as plain text', async () => {
    const text = readFileSync(fixture('order-sample.txt'), 'utf8');
    const variant = `\ufeff${text.replace(/\n/g, '\r\n')}`;
    const plain = new RecordingSink();
    await loadIcd10cmOrder(fixture('order-sample.txt'), plain);
    for (const f of [write('o.txt', variant), write('o.txt.gz', gzipSync(Buffer.from(variant, 'utf8')))]) {
      const sink = new RecordingSink();
      const report = await loadIcd10cmOrder(f, sink);
      expect(report.kept).toBe(15);
      expect(sink.concepts).toEqual(plain.concepts);
      expect(sink.terms).toEqual(plain.terms);
      expect(sink.parents).toEqual(plain.parents);
    }
  });

  it('counts blank lines and repeated codes as skips', async () => {
    const lines = readFileSync(fixture('order-sample.txt'), 'utf8').split('\n');
    const f = write('dup.txt', [lines[0], '', lines[1], lines[1], lines[2], '   '].join('\n'));
    const report = await loadIcd10cmOrder(f, new RecordingSink());
    expect(report.toJSON()).toMatchObject({ read: 4, kept: 3, skipped: { 'blank line': 2, 'duplicate code': 1 } });
  });

  it('throws E_PARSE naming file, line and field for a structurally bad row', async () => {
    const flag = await errorOf(loadIcd10cmOrder(fixture('order-bad-flag.txt'), new RecordingSink()));
    expect(flag).toMatchObject({ code: 'E_PARSE', file: fixture('order-bad-flag.txt'), line: 4, field: 'billable' });
    expect(flag.message).toContain('line 4');
    const short = await errorOf(loadIcd10cmOrder(fixture('order-short-line.txt'), new RecordingSink()));
    expect(short).toMatchObject({ code: 'E_PARSE', line: 6, field: 'length' });
    const good = readFileSync(fixture('order-sample.txt'), 'utf8').split('\n')[0] ?? '';
    const cases: [string, string][] = [
      [`x${good.slice(1)}`, 'order'],
      [`${good.slice(0, 5)}X${good.slice(6)}`, 'layout'],
      [`${good.slice(0, 6)}E1.1   ${good.slice(13)}`, 'code'],
      [good.slice(0, 77) + '   ', 'longTitle'],
    ];
    for (const [row, field] of cases) {
      const e = await errorOf(loadIcd10cmOrder(write(`bad-${field}.txt`, `${good}\n${row}\n`), new RecordingSink()));
      expect(e).toMatchObject({ code: 'E_PARSE', line: 2, field });
    }
  });

  it('gives typed errors for invalid UTF-8 and truncated gzip', async () => {
    const text = readFileSync(fixture('order-sample.txt'));
    const badUtf8 = Buffer.concat([text.subarray(0, text.indexOf('\n', 200) + 1), Buffer.from([0xc3, 0x28]), text.subarray(text.indexOf('\n', 200) + 1)]);
    const enc = await errorOf(loadIcd10cmOrder(write('bad-utf8.txt', badUtf8), new RecordingSink()));
    expect(enc.code).toBe('E_ENCODING');
    expect(enc.file).toContain('bad-utf8.txt');
    expect(enc.line).toBeGreaterThan(0);

    const gz = gzipSync(text);
    const trunc = await errorOf(loadIcd10cmOrder(write('trunc.txt.gz', gz.subarray(0, gz.length - 20)), new RecordingSink()));
    expect(trunc).toMatchObject({ code: 'E_GZIP' });
    expect(trunc.file).toContain('trunc.txt.gz');

    const missing = await errorOf(loadIcd10cmOrder(join(dir, 'nope.txt'), new RecordingSink()));
    expect(missing.code).toBe('E_IO');
  });

  it('parses any well-formed fixed-width row back to its fields (property)', async () => {
    const code = fc
      .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.constantFrom(...'0123456789'), fc.stringMatching(/^[0-9A-Z]{1,5}$/))
      .map(([a, b, rest]) => `${a}${b}${rest}`);
    const title = fc.stringMatching(/^[A-Za-z0-9(),'\- ]{0,80}$/).map((s) => s.trim()).filter((s) => s.length > 0);
    const row = fc.record({ code, billable: fc.boolean(), short: title, long: title });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(row, async (r) => {
        const line = `00001 ${r.code.padEnd(7)} ${r.billable ? 1 : 0} ${r.short.slice(0, 60).padEnd(60)} ${r.long}`;
        const sink = new RecordingSink();
        await loadIcd10cmOrder(write(`p${n++}.txt`, `${line}\n`), sink);
        const dotted = r.code.length > 3 ? `${r.code.slice(0, 3)}.${r.code.slice(3)}` : r.code;
        const c = sink.concepts.get(`ICD10CM:${dotted}`);
        expect(c).toMatchObject({ code: dotted, preferred: r.long, billable: r.billable, active: true });
      }),
      { numRuns: 60 },
    );
  });
});
