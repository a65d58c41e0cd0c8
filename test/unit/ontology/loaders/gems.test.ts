import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dotIcd9cm, loadGems } from '../../../../src/ontology/loaders/gems.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../fixtures/icd10cm/${name}`, import.meta.url));
const I9 = fixture('sample_I9gem.txt');
const I10 = fixture('sample_I10gem.txt');

describe('dotIcd9cm', () => {
  it('dots diagnosis codes after 3 characters, E codes after 4', () => {
    expect(['25000', '4011', '042', 'V5867', 'V27', 'E8889', 'E849', '250.00'].map(dotIcd9cm)).toEqual([
      '250.00',
      '401.1',
      '042',
      'V58.67',
      'V27',
      'E888.9',
      'E849',
      '250.00',
    ]);
  });
});

describe('GEMs loader', () => {
  const dir = tempDir();
  const write = (name: string, data: string | Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };

  it('puts ICD-9-CM cross-references on ICD-10-CM concepts (ICD-9 → ICD-10 file)', async () => {
    const sink = new RecordingSink();
    const report = await loadGems(I9, sink);
    expect(report.toJSON()).toMatchObject({ source: 'gems', read: 10, kept: 8, skipped: { 'no map': 1, duplicate: 1 } });
    expect(Object.fromEntries(report.tallies)).toEqual({ 'gem-approximate': 4, 'gem-exact': 2, 'gem-combination': 2 });
    expect(sink.xrefs.get('ICD10CM:E11.9')).toEqual([{ system: 'ICD9CM', code: '250.00', relation: 'gem-approximate' }]);
    expect(sink.xrefs.get('ICD10CM:A00.0')).toEqual([{ system: 'ICD9CM', code: '001.0', relation: 'gem-exact' }]);
    expect(sink.xrefs.get('ICD10CM:Z79.4')).toEqual([{ system: 'ICD9CM', code: 'V58.67', relation: 'gem-exact' }]);
    expect(sink.xrefs.get('ICD10CM:W19.XXXA')).toEqual([{ system: 'ICD9CM', code: 'E888.9', relation: 'gem-approximate' }]);
    expect(sink.xrefs.get('ICD10CM:J15.211')).toEqual([{ system: 'ICD9CM', code: '041.10', relation: 'gem-combination' }]);
    expect(sink.xrefs.get('ICD10CM:E10.9')).toHaveLength(1); // the repeated row once
    expect(sink.concepts.size).toBe(0); // xrefs only; the builder resolves them against the order file's concepts
  });

  it('reads the ICD-10 → ICD-9 file the other way round', async () => {
    const sink = new RecordingSink();
    const report = await loadGems(I10, sink);
    expect(report.toJSON()).toMatchObject({ read: 6, kept: 5, skipped: { 'no map': 1 } });
    expect(sink.xrefs.get('ICD10CM:E11.9')).toEqual([{ system: 'ICD9CM', code: '250.00', relation: 'gem-approximate' }]);
    // The real file has one lower-case code (v5889).
    expect(sink.xrefs.get('ICD10CM:T88.53XD')).toEqual([{ system: 'ICD9CM', code: 'V58.89', relation: 'gem-approximate' }]);
    expect(sink.xrefs.get('ICD10CM:E11.21')).toEqual([
      { system: 'ICD9CM', code: '250.40', relation: 'gem-combination' },
      { system: 'ICD9CM', code: '583.81', relation: 'gem-combination' },
    ]);
  });

  it('tells the direction from the first row when the name does not, or takes it from options', async () => {
    const rows = readFileSync(I10, 'utf8');
    const sink = new RecordingSink();
    await loadGems(write('mapping.txt', rows), sink);
    expect(sink.xrefs.get('ICD10CM:E11.9')?.[0]?.code).toBe('250.00');
    const ambiguous = write('ambiguous.txt', 'V5867 Z794    00000\n');
    expect(await errorOf(loadGems(ambiguous, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 1 });
    const forced = new RecordingSink();
    await loadGems(ambiguous, forced, { direction: 'icd9-to-icd10' });
    expect(forced.xrefs.get('ICD10CM:Z79.4')?.[0]?.code).toBe('V58.67');
  });

  it('reads gzip, CRLF, a BOM and blank lines', async () => {
    const text = `\ufeff${readFileSync(I9, 'utf8').replace(/\n/g, '\r\n')}\r\n`;
    const sink = new RecordingSink();
    const report = await loadGems(write('x_I9gem.txt.gz', gzipSync(Buffer.from(text, 'utf8'))), sink);
    expect(report.toJSON()).toMatchObject({ read: 10, kept: 8 });
    expect(sink.xrefs.get('ICD10CM:A00.0')).toEqual([{ system: 'ICD9CM', code: '001.0', relation: 'gem-exact' }]);
  });

  it('throws E_PARSE with file, line and field for a row that is not a GEM row', async () => {
    const good = readFileSync(I9, 'utf8');
    const cases: [string, string][] = [
      ['25000 E119', 'row'],
      ['25000 E119 1000', 'flags'],
      ['25000 E119 20000', 'flags'],
      ['25000 E1.9 10000', 'target'],
      ['2X000 E119 10000', 'source'],
    ];
    for (const [row, field] of cases) {
      const f = write(`bad_${field}_I9gem.txt`, `${good}${row}\n`);
      const e = await errorOf(loadGems(f, new RecordingSink()));
      expect(e).toMatchObject({ code: 'E_PARSE', file: f, line: 11, field });
    }
    const bytes = Buffer.from(good);
    const enc = await errorOf(loadGems(write('enc_I9gem.txt', Buffer.concat([bytes, Buffer.from([0x80, 0x0a])])), new RecordingSink()));
    expect(enc.code).toBe('E_ENCODING');
    const gz = gzipSync(bytes);
    const trunc = await errorOf(loadGems(write('t_I9gem.txt.gz', gz.subarray(0, gz.length - 10)), new RecordingSink()));
    expect(trunc.code).toBe('E_GZIP');
  });
});
