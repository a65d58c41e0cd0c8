import { readFile } from 'node:fs/promises';
import { Coder, type CodeOptions } from '../coding/coder.js';
import { ClinlinkError } from '../errors.js';
import { readCsvRecords } from '../io/csv.js';
import { DictionaryMatcher } from '../ner/dictionary-matcher.js';
import type { Pipeline } from '../pipeline.js';
import { prf, round, type PRF } from './metrics.js';

export interface CodingGold {
  row: number;
  codes: string[];
}

export interface CodingScores {
  micro: PRF;
  /** Averaged over codes (labels) that occur in the gold or the predictions. */
  macro: PRF;
  p_at_5: number;
}

export interface CodingEvalResult extends CodingScores {
  n_notes: number;
  setting: string;
  baselines: { string_match: CodingScores };
}

export async function readCodingGold(file: string): Promise<CodingGold[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const out: CodingGold[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new ClinlinkError('E_PARSE', 'not a JSON line', { file, line: i + 1 });
    }
    const g = v as Partial<CodingGold>;
    if (!Number.isInteger(g.row) || !Array.isArray(g.codes) || g.codes.some((c) => typeof c !== 'string')) {
      throw new ClinlinkError('E_PARSE', 'expected {"row": <int>, "codes": [<string>…]}', { file, line: i + 1 });
    }
    out.push({ row: g.row!, codes: g.codes! });
  });
  return out;
}

/** Micro and macro P/R/F1 and P@5 of ranked predictions against gold code sets. */
export function scoreCoding(predicted: readonly (readonly string[])[], gold: readonly (readonly string[])[]): CodingScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perCode = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (code: string, k: 'tp' | 'fp' | 'fn') => {
    const c = perCode.get(code) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    perCode.set(code, c);
  };
  let p5 = 0;
  predicted.forEach((pred, i) => {
    const g = new Set(gold[i]);
    const p = new Set(pred);
    for (const c of p) (g.has(c) ? (tp++, bump(c, 'tp')) : (fp++, bump(c, 'fp')));
    for (const c of g) if (!p.has(c)) (fn++, bump(c, 'fn'));
    const top = pred.slice(0, 5);
    p5 += top.filter((c) => g.has(c)).length / 5;
  });
  const codes = [...perCode.values()].map((c) => prf(c.tp, c.fp, c.fn));
  const mean = (k: keyof PRF) => round(codes.reduce((s, c) => s + c[k], 0) / Math.max(codes.length, 1));
  return { micro: prf(tp, fp, fn), macro: { p: mean('p'), r: mean('r'), f1: mean('f1') }, p_at_5: round(p5 / Math.max(predicted.length, 1)) };
}

/**
 * Codes each gold note with the coder and with the baseline (plain string match of ICD-10-CM titles: every
 * billable code whose title or short title occurs in the note, no assertion, no rules), in the same run.
 */
export async function evaluateCoding(pipeline: Pipeline, goldFile: string, notesFile: string, options: CodeOptions = {}): Promise<CodingEvalResult> {
  const gold = await readCodingGold(goldFile);
  const wanted = new Map(gold.map((g) => [g.row, g]));
  const notes = new Map<number, string>();
  for await (const { index, record } of readCsvRecords(notesFile)) {
    if (wanted.has(index)) notes.set(index, record.transcription ?? '');
  }
  const missing = gold.filter((g) => !notes.get(g.row)?.trim());
  if (missing.length) throw new ClinlinkError('E_PARSE', `gold rows without note text: ${missing.map((g) => g.row).join(', ')}`, { file: notesFile });
  const coder = new Coder(pipeline);
  const baseline = titleMatcher(pipeline);
  const predicted: string[][] = [];
  const base: string[][] = [];
  for (const g of gold) {
    const text = notes.get(g.row)!;
    predicted.push((await coder.code(text, options)).map((c) => c.code));
    base.push([...new Set(baseline.match(text).flatMap((m) => m.concepts.map((c) => c.conceptId.slice('ICD10CM:'.length))))]);
  }
  const golds = gold.map((g) => g.codes);
  return { n_notes: gold.length, setting: options.setting ?? 'inpatient', ...scoreCoding(predicted, golds), baselines: { string_match: scoreCoding(base, golds) } };
}

function titleMatcher(pipeline: Pipeline): DictionaryMatcher {
  const pack = pipeline.pack;
  const billable = new Set<string>();
  for (const c of pack.iterateConcepts()) if (c.system === 'ICD10CM' && c.billable) billable.add(c.id);
  const m = DictionaryMatcher.empty();
  for (const t of pack.iterateTerms({ systems: ['ICD10CM'] })) {
    if ((t.kind === 'preferred' || t.kind === 'synonym') && billable.has(t.conceptId)) m.add(t.text, { conceptId: t.conceptId, system: t.system, group: t.group, term: t.text, kind: t.kind });
  }
  return m;
}
