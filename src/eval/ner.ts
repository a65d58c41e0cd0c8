import { readPubtator } from '../io/pubtator.js';
import type { Pipeline } from '../pipeline.js';
import type { Entity } from '../types.js';
import { goldStyleId } from './dictionary.js';
import { prf, type PRF } from './metrics.js';

export interface NerEvalResult {
  n_gold: number;
  n_predicted: number;
  mention: PRF;
  end_to_end: PRF;
  /** Exact-span hits and misses of the predicted entities by where they came from (dictionary, learned, …). */
  by_source: Record<string, { predicted: number; mention_hits: number; end_to_end_hits: number }>;
  /**
   * With a learned tagger attached: its own spans (no linking, no dictionary) against gold, and the pipeline's
   * entities together with every tagger span (whether or not the linker links it), mention level.
   */
  tagger_only?: PRF & { n_predicted: number };
  union_unlinked?: PRF & { n_predicted: number };
}

const DISEASE_TYPES = new Set(['Disease', 'SpecificDisease', 'DiseaseClass', 'Modifier', 'CompositeMention']);

/**
 * Mention detection and end-to-end linking on a PubTator corpus: a predicted entity is a mention hit when its span
 * equals a gold span exactly, and an end-to-end hit when its concept (or an alt id of it) is also among the gold
 * ids. Only entities of the requested groups are predicted (conditions and findings for Disease).
 */
export async function evaluateNer(pipeline: Pipeline, corpus: string, types?: readonly string[]): Promise<NerEvalResult> {
  const wanted = (t: string) => !types?.length || types.some((w) => w === t || (w === 'Disease' && DISEASE_TYPES.has(t)));
  const ids = new Map<string, Set<string>>();
  const idsOf = (conceptId: string): Set<string> => {
    let s = ids.get(conceptId);
    if (s) return s;
    const c = pipeline.pack.concept(conceptId);
    s = new Set(c ? [goldStyleId(c.system, c.code), ...c.xrefs.filter((x) => x.relation === 'alt_id').map((x) => goldStyleId(x.system, x.code))] : []);
    ids.set(conceptId, s);
    return s;
  };
  const tagger = pipeline.tagger;
  let nGold = 0;
  let nPred = 0;
  let spanHits = 0;
  let e2eHits = 0;
  const tag = { pred: 0, hits: 0 };
  const union = { pred: 0, hits: 0 };
  const bySource: NerEvalResult['by_source'] = {};
  for await (const doc of readPubtator(corpus)) {
    const gold = doc.mentions.filter((m) => wanted(m.type));
    nGold += gold.length;
    const goldBySpan = new Map(gold.map((m) => [`${m.start}:${m.end}`, new Set(m.ids)]));
    const annotated = await pipeline.annotate(doc.text);
    const predicted = annotated.entities.filter((e) => e.type === 'condition' || e.type === 'finding');
    nPred += predicted.length;
    for (const e of predicted) {
      const src = (bySource[sourceOf(e)] ??= { predicted: 0, mention_hits: 0, end_to_end_hits: 0 });
      src.predicted++;
      const g = goldBySpan.get(`${e.start}:${e.end}`);
      if (!g) continue;
      spanHits++;
      src.mention_hits++;
      if (e.concept && [...idsOf(e.concept.conceptId)].some((id) => g.has(id))) {
        e2eHits++;
        src.end_to_end_hits++;
      }
    }
    if (tagger) {
      const [spans = []] = await tagger.tag([doc.text]);
      const own = new Set(spans.map((s) => `${s.start}:${s.end}`));
      tag.pred += own.size;
      for (const k of own) if (goldBySpan.has(k)) tag.hits++;
      const all = new Set([...own, ...predicted.map((e) => `${e.start}:${e.end}`)]);
      union.pred += all.size;
      for (const k of all) if (goldBySpan.has(k)) union.hits++;
    }
  }
  const result: NerEvalResult = {
    n_gold: nGold,
    n_predicted: nPred,
    mention: prf(spanHits, nPred - spanHits, nGold - spanHits),
    end_to_end: prf(e2eHits, nPred - e2eHits, nGold - e2eHits),
    by_source: bySource,
  };
  if (tagger) {
    result.tagger_only = { ...prf(tag.hits, tag.pred - tag.hits, nGold - tag.hits), n_predicted: tag.pred };
    result.union_unlinked = { ...prf(union.hits, union.pred - union.hits, nGold - union.hits), n_predicted: union.pred };
  }
  return result;
}

function sourceOf(e: Entity): string {
  return e.source ?? 'dictionary';
}
