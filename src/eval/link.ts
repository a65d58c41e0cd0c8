import { abbreviationMap, expandAbbreviations, findAbbreviationDefinitions } from '../abbrev/schwartz-hearst.js';
import { readPubtator } from '../io/pubtator.js';
import { exactMatchRanker } from './baselines/exact.js';
import { tfidfRanker } from './baselines/tfidf.js';
import type { DictionaryEntry, Ranker } from './baselines/types.js';
import { medicDictionary, type EvalDictionary } from './dictionary.js';
import { accuracyAtK } from './metrics.js';
import { denseRanker, fusedRanker, type TextEmbedder } from './rankers.js';

export interface LinkEvalOptions {
  corpus: string;
  dictionary: string;
  /** Mention types to keep (e.g. Disease; NCBI-disease's SpecificDisease, DiseaseClass, Modifier, CompositeMention count as Disease). */
  types?: string[];
  /** Training corpora whose gold mentions join the dictionary as synonyms of their concept (BioSyn protocol). */
  addMentions?: string[];
  /** Expand abbreviations defined in the same document before linking (BioSyn uses Ab3P). */
  resolveAbbreviations?: boolean;
  /** A bi-encoder; when absent only the baselines run. */
  encoder?: TextEmbedder;
  /** Weight of the lexical score in the fused ranker. */
  fusionWeight?: number;
}

export interface AccuracyPair {
  acc1: number;
  acc5: number;
}

export interface LinkEvalResult extends Partial<AccuracyPair> {
  n: number;
  /** Mentions without any gold id, not scored (counted so nothing disappears). */
  skipped_no_id: number;
  options: { types: string[] | null; add_mentions: number; resolve_abbreviations: boolean; dictionary_names: number };
  dense?: AccuracyPair;
  fused?: AccuracyPair;
  baselines: { exact: AccuracyPair; tfidf_char3: AccuracyPair };
}

const DISEASE_TYPES = new Set(['Disease', 'SpecificDisease', 'DiseaseClass', 'Modifier', 'CompositeMention']);

export function typeMatches(type: string, wanted: string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return wanted.some((w) => w === type || (w === 'Disease' && DISEASE_TYPES.has(type)));
}

export interface GoldMention {
  query: string;
  gold: Set<string>;
  /** Index of the document in the corpus (folds split by document). */
  doc: number;
}

export async function collectMentions(file: string, types: string[] | undefined, resolveAbbreviations: boolean): Promise<{ mentions: GoldMention[]; skipped: number }> {
  const mentions: GoldMention[] = [];
  let skipped = 0;
  let n = -1;
  for await (const doc of readPubtator(file)) {
    n++;
    const abbrevs = resolveAbbreviations ? abbreviationMap(findAbbreviationDefinitions(doc.text)) : new Map<string, string>();
    for (const m of doc.mentions) {
      if (!typeMatches(m.type, types)) continue;
      if (m.ids.length === 0) {
        skipped++;
        continue;
      }
      mentions.push({ query: expandAbbreviations(m.text, abbrevs), gold: new Set(m.ids), doc: n });
    }
  }
  return { mentions, skipped };
}

async function addTrainingMentions(dict: EvalDictionary, files: string[], types: string[] | undefined): Promise<number> {
  let added = 0;
  const seen = new Set(dict.entries.map((e) => `${e.conceptId}\u0000${e.name.toLowerCase()}`));
  for (const file of files) {
    for await (const doc of readPubtator(file)) {
      for (const m of doc.mentions) {
        // Composite mentions name several concepts at once; as a synonym they would teach the wrong thing.
        if (!typeMatches(m.type, types) || m.ids.length !== 1) continue;
        const id = m.ids[0]!;
        const target = dict.ids.has(id) ? id : [...dict.ids].find(([, alts]) => alts.has(id))?.[0];
        if (!target) continue;
        const key = `${target}\u0000${m.text.toLowerCase()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        dict.entries.push({ conceptId: target, name: m.text });
        added++;
      }
    }
  }
  return added;
}

async function score(ranker: Ranker, mentions: GoldMention[], dict: EvalDictionary): Promise<AccuracyPair> {
  const ranked = await ranker.rank(mentions.map((m) => m.query), 5);
  // A prediction is correct when any id it answers to (its own or an alt id) is gold.
  const predictions = ranked.map((r, i) => r.map((c) => ([...(dict.ids.get(c.conceptId) ?? [c.conceptId])].find((id) => mentions[i]!.gold.has(id)) ?? c.conceptId)));
  const gold = mentions.map((m) => m.gold);
  return { acc1: accuracyAtK(predictions, gold, 1), acc5: accuracyAtK(predictions, gold, 5) };
}

/**
 * The linking eval: every gold mention of the corpus is linked against the dictionary; correct when the predicted
 * concept (or one of its alt ids) is among the gold ids. Baselines run in the same process on the same mentions.
 */
export async function evaluateLinking(options: LinkEvalOptions): Promise<LinkEvalResult> {
  const dict = await medicDictionary(options.dictionary);
  const added = options.addMentions?.length ? await addTrainingMentions(dict, options.addMentions, options.types) : 0;
  const { mentions, skipped } = await collectMentions(options.corpus, options.types, options.resolveAbbreviations ?? false);
  const entries: DictionaryEntry[] = dict.entries;
  const lexical = tfidfRanker(entries);
  const result: LinkEvalResult = {
    n: mentions.length,
    skipped_no_id: skipped,
    options: { types: options.types ?? null, add_mentions: added, resolve_abbreviations: options.resolveAbbreviations ?? false, dictionary_names: entries.length },
    baselines: { exact: await score(exactMatchRanker(entries), mentions, dict), tfidf_char3: await score(lexical, mentions, dict) },
  };
  if (options.encoder) {
    const dense = await denseRanker(options.encoder, entries);
    result.dense = await score(dense, mentions, dict);
    result.fused = await score(fusedRanker(dense, lexical, options.fusionWeight ?? 0.75), mentions, dict);
    result.acc1 = result.fused.acc1;
    result.acc5 = result.fused.acc5;
  }
  return result;
}
