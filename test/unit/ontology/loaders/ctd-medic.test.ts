import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCtdMedic, parseMedicId } from '../../../../src/ontology/loaders/ctd-medic.js';
import { RecordingSink } from '../../../helpers/recording-sink.js';
import { tempDir } from '../../../helpers/tmp.js';
import { errorOf } from '../../../helpers/errors.js';

const HEADER = [
  '# The Comparative Toxicogenomics Database (CTD) - test extract',
  '#',
  '# Fields:',
  '# DiseaseName\tDiseaseID\tAltDiseaseIDs\tDefinition\tParentIDs\tTreeNumbers\tParentTreeNumbers\tSynonyms\tSlimMappings',
  '#',
];
const row = (...f: string[]) => f.join('\t');
const ROWS = [
  row('Diseases', 'MESH:C', '', '', '', 'C', '', '', ''),
  row('Diabetes Mellitus', 'MESH:D003920', 'DO:DOID:9351', 'A heterogeneous group of disorders.', 'MESH:C', 'C19.246', 'C19', 'Diabetes', 'Metabolic disease'),
  row(
    'Diabetes Mellitus, Type 2',
    'MESH:D003924',
    'DO:DOID:9352|OMIM:125853',
    'A subclass of DIABETES MELLITUS.',
    'MESH:D003920',
    'C18.452.394.750.149|C19.246.300',
    'C18.452.394.750|C19.246',
    'NIDDM|T2D|Type 2 Diabetes Mellitus|NIDDM| |Diabetes Mellitus, Type 2',
    'Endocrine system disease|Metabolic disease',
  ),
  row('Diabetes Mellitus, Noninsulin-Dependent, 1', 'OMIM:601283', '', '', 'MESH:D003924', '', '', 'NIDDM1', ''),
  row('No prefix here', 'D999999', '', '', '', '', '', '', ''),
  row('Diabetes Mellitus, Type 2 again', 'MESH:D003924', '', '', '', '', '', '', ''),
];

describe('CTD MEDIC loader', () => {
  const dir = tempDir();
  const write = (name: string, text: string | Buffer) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('loads concepts with preferred name, synonyms, parents and alternative ids; counts every row', async () => {
    const file = write('medic.tsv', `${[...HEADER, ...ROWS].join('\n')}\n`);
    const sink = new RecordingSink();
    const report = await loadCtdMedic(file, sink);
    expect(report.toJSON()).toMatchObject({
      source: 'medic',
      read: 6,
      kept: 4,
      skipped: { 'DiseaseID without a PREFIX:code form': 1, 'duplicate DiseaseID': 1 },
      tallies: { synonym: 5, alt_id: 3, parent: 3 },
    });
    expect(report.read).toBe(report.kept + report.skippedTotal);
    const t2 = sink.toConcept('MESH:D003924');
    expect(t2).toMatchObject({ system: 'MESH', code: 'D003924', preferred: 'Diabetes Mellitus, Type 2', group: 'condition', active: true });
    // Duplicates, blanks and the preferred name itself are not repeated as synonyms.
    expect(sink.termTexts('MESH:D003924', 'synonym')).toEqual(['NIDDM', 'T2D', 'Type 2 Diabetes Mellitus']);
    expect(sink.termTexts('MESH:D003924', 'preferred')).toEqual(['Diabetes Mellitus, Type 2']);
    expect(t2?.parents).toEqual(['MESH:D003920']);
    expect(t2?.xrefs).toEqual([
      { system: 'DOID', code: 'DOID:9352', relation: 'alt_id' },
      { system: 'OMIM', code: '125853', relation: 'alt_id' },
    ]);
    expect(sink.toConcept('OMIM:601283')).toMatchObject({ system: 'OMIM', code: '601283', parents: ['MESH:D003924'] });
    expect(sink.concepts.get('MESH:C')?.preferred).toBe('Diseases');
  });

  it('reads gzip, CRLF and a BOM; a plain header row is accepted too; group is an option', async () => {
    const gz = write('medic.tsv.gz', gzipSync(Buffer.from(`\ufeff${[...HEADER, ...ROWS].join('\r\n')}\r\n`)));
    const sink = new RecordingSink();
    const report = await loadCtdMedic(gz, sink, { group: 'finding' });
    expect(report.kept).toBe(4);
    expect(sink.termTexts('MESH:D003924', 'synonym')).toEqual(['NIDDM', 'T2D', 'Type 2 Diabetes Mellitus']);
    expect(sink.concepts.get('MESH:D003924')?.group).toBe('finding');

    const plain = write('plain-header.tsv', `${HEADER[3]?.slice(2)}\n${ROWS[1]}\n`);
    const r2 = await loadCtdMedic(plain, new RecordingSink());
    expect(r2.toJSON()).toMatchObject({ read: 1, kept: 1 });
    await expect(loadCtdMedic(plain, new RecordingSink(), { group: 'disease' as 'condition' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('fails with E_PARSE naming file, line and field for a wrong column count or a wrong header', async () => {
    const short = write('short.tsv', `${[...HEADER, ROWS[0], row('Broken', 'MESH:D1', '', '', '', '', '')].join('\n')}\n`);
    expect(await errorOf(loadCtdMedic(short, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', file: short, line: 7, field: 'Synonyms' });
    const long = write('long.tsv', `${[...HEADER, `${ROWS[0]}\textra`].join('\n')}\n`);
    expect(await errorOf(loadCtdMedic(long, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 6, field: 'after SlimMappings' });
    const header = write('header.tsv', `${HEADER[3]?.replace('ParentIDs', 'Parents')}\n${ROWS[0]}\n`);
    expect(await errorOf(loadCtdMedic(header, new RecordingSink()))).toMatchObject({ code: 'E_PARSE', line: 1, field: 'ParentIDs' });
  });

  it('reports invalid UTF-8 and truncated gzip as typed errors', async () => {
    const latin = write('latin1.tsv', Buffer.concat([Buffer.from(`${HEADER.join('\n')}\nSj`), Buffer.from([0xf6]), Buffer.from('gren Syndrome\tMESH:D012859\t\t\t\t\t\t\t\n')]));
    expect(await errorOf(loadCtdMedic(latin, new RecordingSink()))).toMatchObject({ code: 'E_ENCODING', file: latin });
    const gz = gzipSync(Buffer.from(`${[...HEADER, ...ROWS, ...ROWS, ...ROWS].join('\n')}\n`));
    const cut = write('cut.tsv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    expect(await errorOf(loadCtdMedic(cut, new RecordingSink()))).toMatchObject({ code: 'E_GZIP', file: cut });
  });

  it('parses MEDIC ids', () => {
    expect(parseMedicId('MESH:D003924')).toEqual({ system: 'MESH', code: 'D003924' });
    expect(parseMedicId('OMIM:125853')).toEqual({ system: 'OMIM', code: '125853' });
    expect(parseMedicId('MIM:125853')).toEqual({ system: 'OMIM', code: '125853' });
    expect(parseMedicId('DO:DOID:0060395')).toEqual({ system: 'DOID', code: 'DOID:0060395' });
    expect(parseMedicId('D003924')).toBeUndefined();
    expect(parseMedicId('MESH:')).toBeUndefined();
  });
});
