import { parse } from 'csv-parse';
import { ClinlinkError } from '../errors.js';
import { openMaybeGzip } from './lines.js';

/**
 * Streams the records of a (possibly gzipped) CSV file with a header row, as objects keyed by column name. Quoted
 * fields may span lines. A malformed record is an E_PARSE naming the file and line.
 */
export async function* readCsvRecords(file: string): AsyncGenerator<{ index: number; record: Record<string, string> }> {
  const parser = (await openMaybeGzip(file)).pipe(parse({ columns: true, bom: true, relax_column_count: false, skip_empty_lines: true }));
  let index = 0;
  try {
    for await (const record of parser) yield { index: index++, record: record as Record<string, string> };
  } catch (err) {
    if (err instanceof ClinlinkError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new ClinlinkError('E_PARSE', `malformed CSV record: ${String((err as Error).message).split('\n')[0]}`, line ? { file, line } : { file }, { cause: err });
  }
}
