import { parse } from 'csv-parse';
import { ClinlinkError } from '../errors.js';
import { openMaybeGzip } from './lines.js';

/** One report read from a CSV: its id, the text to annotate, and where it was in the file. */
export interface ReportRow {
  id: string;
  /** The text columns joined as `COLUMN:\n value` blocks (radiology-style headers, so sections are found). */
  text: string;
  /** 1-based line of the file where the record starts. */
  line: number;
  /** Every column of the record (e.g. gold labels for an eval). */
  record: Readonly<Record<string, string>>;
}

export interface ReportCsvOptions {
  /** Columns holding report text, joined in this order; default findings, impression. */
  textColumns?: readonly string[];
  /** Column holding the report id; default uid. */
  idColumn?: string;
  /** Other columns that must exist (e.g. a label column). */
  requiredColumns?: readonly string[];
  /**
   * A record whose text columns are all blank: 'error' (default, E_PARSE naming the line), 'skip', or 'keep'
   * (yielded with empty text, e.g. to keep an eval corpus whole).
   */
  empty?: 'error' | 'skip' | 'keep';
  /** Called for each skipped empty record (line number only: never text). */
  onSkip?: (line: number) => void;
}

export const DEFAULT_TEXT_COLUMNS: readonly string[] = ['findings', 'impression'];

/**
 * Streams the reports of a (possibly gzipped) CSV with a header row. A missing column is E_PARSE naming the file,
 * line 1 and the column; a duplicate or empty id, a malformed record and (by default) a record without text are
 * E_PARSE naming the file, line and column. Messages never quote report text.
 */
export async function* readReportCsv(file: string, options: ReportCsvOptions = {}): AsyncGenerator<ReportRow> {
  const textColumns = options.textColumns ?? DEFAULT_TEXT_COLUMNS;
  const idColumn = options.idColumn ?? 'uid';
  const empty = options.empty ?? 'error';
  if (textColumns.length === 0) throw new ClinlinkError('E_INVALID_ARGUMENT', 'at least one text column is needed', { field: 'textColumns' });
  // The header is checked as soon as it is read, so a file with a header and no rows fails the same way.
  const checkHeader = (header: string[]): string[] => {
    for (const col of [idColumn, ...textColumns, ...(options.requiredColumns ?? [])]) {
      if (!header.includes(col)) throw new ClinlinkError('E_PARSE', `missing column "${col}" (columns: ${header.join(', ')})`, { file, line: 1, field: col });
    }
    return header;
  };
  const parser = (await openMaybeGzip(file)).pipe(parse({ columns: checkHeader, bom: true, relax_column_count: false, skip_empty_lines: true, info: true }));
  let prevEnd = 1; // the header is line 1
  const seen = new Set<string>();
  try {
    for await (const item of parser) {
      const { record, info } = item as { record: Record<string, string>; info: { lines: number } };
      const line = prevEnd + 1;
      prevEnd = info.lines;
      const id = (record[idColumn] ?? '').trim();
      if (id === '') throw new ClinlinkError('E_PARSE', 'empty report id', { file, line, field: idColumn });
      if (seen.has(id)) throw new ClinlinkError('E_PARSE', `duplicate report id "${id}"`, { file, line, field: idColumn });
      seen.add(id);
      const blocks: string[] = [];
      for (const col of textColumns) {
        const v = (record[col] ?? '').trim();
        if (v) blocks.push(`${col.toUpperCase()}:\n${v}`);
      }
      if (blocks.length === 0) {
        if (empty === 'error') throw new ClinlinkError('E_PARSE', `report "${id}" has no text (use --skip-empty to skip such rows)`, { file, line, field: textColumns.join(',') });
        if (empty === 'skip') {
          options.onSkip?.(line);
          continue;
        }
      }
      yield { id, text: blocks.join('\n\n'), line, record };
    }
  } catch (err) {
    if (err instanceof ClinlinkError) throw err;
    const line = (err as { lines?: number }).lines;
    throw new ClinlinkError('E_PARSE', `malformed CSV record: ${String((err as Error).message).split('\n')[0]}`, line ? { file, line } : { file }, { cause: err });
  }
}
