import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { readPubtator, type PubtatorDocument } from '../../../src/io/pubtator.js';
import { sharedDataPath } from '../../helpers/shared-data.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir();

async function readAll(text: string): Promise<PubtatorDocument[]> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, text);
  const docs: PubtatorDocument[] = [];
  for await (const d of readPubtator(file)) docs.push(d);
  return docs;
}

// Title "Familial Mediterranean fever in adults." (39 chars) + one space + the abstract, as PubTator offsets assume.
const CORPUS = [
  '111|t|Familial Mediterranean fever in adults.',
  '111|a|Recurrent fever and serositis (FMF) respond to colchicine. Breast or ovarian cancer was not seen.',
  '111\t0\t28\tFamilial Mediterranean fever\tSpecificDisease\tD010505',
  '111\t71\t74\tFMF\tSpecificDisease\tMESH:D010505',
  '111\t99\t123\tBreast or ovarian cancer  \tCompositeMention\tD001943|D010051',
  '111\tCID\tD002930\tD010505',
  '',
  '222|t|No disease here.',
  '222|a|',
  '',
].join('\n');

describe('readPubtator', () => {
  it('joins title and abstract, normalises ids, splits composite ids and skips relation lines', async () => {
    const [a, b] = await readAll(CORPUS);
    expect(a!.pmid).toBe('111');
    expect(a!.mentions.map((m) => [m.text, m.ids])).toEqual([
      ['Familial Mediterranean fever', ['D010505']],
      ['FMF', ['D010505']],
      ['Breast or ovarian cancer', ['D001943', 'D010051']],
    ]);
    for (const m of a!.mentions) expect(a!.text.slice(m.start, m.end)).toBe(m.text);
    expect(b).toMatchObject({ pmid: '222', mentions: [] });
  });

  it('names the line of a mention whose offsets do not match the text', async () => {
    const bad = CORPUS.replace('111\t71\t74\tFMF', '111\t70\t73\tFMF');
    const err = await readAll(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClinlinkError);
    expect(err).toMatchObject({ code: 'E_PARSE', line: 4, field: 'text' });
  });
});

const train = sharedDataPath('ncbi-disease/NCBItrainset_corpus.txt.gz');
describe.skipIf(!train)('NCBI-disease train (real file)', () => {
  it('reads every document and mention, including the ones written with trailing blanks', async () => {
    let docs = 0;
    let mentions = 0;
    for await (const d of readPubtator(train!)) {
      docs++;
      mentions += d.mentions.length;
    }
    expect(docs).toBe(593);
    expect(mentions).toBe(5145);
  });
});
