import { ClinlinkError } from '../errors.js';
import { readLines } from './lines.js';

export interface PubtatorMention {
  start: number;
  end: number;
  text: string;
  type: string;
  /**
   * Gold concept ids, normalised: MeSH ids without their `MESH:` prefix (D003924), OMIM ids kept as `OMIM:…`.
   * Composite mentions ("D001943|D010051", "D007153+D040181") hold the union of their ids.
   */
  ids: string[];
}

export interface PubtatorDocument {
  pmid: string;
  /** Title and abstract joined by one space, as PubTator offsets assume. */
  text: string;
  mentions: PubtatorMention[];
}

/** Normalises a PubTator/MEDIC concept id: `MESH:D003924` → `D003924`; `OMIM:…` kept. */
export function normalizeGoldId(id: string): string {
  const t = id.trim();
  return t.startsWith('MESH:') ? t.slice(5) : t;
}

export function splitGoldIds(field: string): string[] {
  return [...new Set(field.split(/[|+]/).map(normalizeGoldId).filter((s) => s !== '' && s !== '-1'))];
}

/**
 * Streams PubTator documents (title `|t|`, abstract `|a|`, tab-separated annotations; relation lines such as
 * `CID` are ignored). A mention's offsets are checked against the text; a mismatch is an E_PARSE naming the line.
 */
export async function* readPubtator(file: string): AsyncGenerator<PubtatorDocument> {
  let doc: PubtatorDocument | null = null;
  let title = '';
  for await (const { number, text: line } of readLines(file)) {
    if (line.trim() === '') {
      if (doc) yield doc;
      doc = null;
      continue;
    }
    const bar = /^(\d+)\|([ta])\|(.*)$/.exec(line);
    if (bar) {
      const [, pmid, part, body] = bar as unknown as [string, string, 't' | 'a', string];
      if (part === 't') {
        if (doc) yield doc;
        title = body;
        doc = { pmid, text: body, mentions: [] };
      } else {
        if (!doc || doc.pmid !== pmid) throw new ClinlinkError('E_PARSE', 'abstract without its title', { file, line: number });
        doc.text = `${title} ${body}`;
      }
      continue;
    }
    const cols = line.split('\t');
    if (!doc || cols[0] !== doc.pmid) throw new ClinlinkError('E_PARSE', 'annotation outside its document', { file, line: number });
    if (cols.length === 4 && /^[A-Z]+$/.test(cols[1] ?? '')) continue; // relation line (e.g. CID)
    if (cols.length < 6) throw new ClinlinkError('E_PARSE', `expected 6 tab-separated fields, got ${cols.length}`, { file, line: number });
    const start = Number(cols[1]);
    const end = Number(cols[2]);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
      throw new ClinlinkError('E_PARSE', 'bad mention offsets', { file, line: number, field: 'start/end' });
    }
    const written = cols[3] ?? '';
    const text = doc.text.slice(start, end);
    // NCBI-disease writes a few mention texts with trailing blanks beyond their end offset; the offsets are right.
    if (text !== written && text !== written.trimEnd()) {
      throw new ClinlinkError('E_PARSE', 'mention offsets do not match the document text', { file, line: number, field: 'text' });
    }
    doc.mentions.push({ start, end, text, type: cols[4] ?? '', ids: splitGoldIds(cols[5] ?? '') });
  }
  if (doc) yield doc;
}
