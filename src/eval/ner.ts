import { readPubtator } from '../io/pubtator.js';
import type { Pipeline } from '../pipeline.js';
import { goldStyleId } from './dictionary.js';
import { prf, type PRF } from './metrics.js';

export interface NerEvalResult {
  n_gold: number;
  n_predicted: number;
  mention: PRF;
  end_to_end: PRF;
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
  let nGold = 0;
  let nPred = 0;
  let spanHits = 0;
  let e2eHits = 0;
  for await (const doc of readPubtator(corpus)) {
    const gold = doc.mentions.filter((m) => wanted(m.type));
    nGold += gold.length;
    const goldBySpan = new Map(gold.map((m) => [`${m.start}:${m.end}`, new Set(m.ids)]));
    const annotated = await pipeline.annotate(doc.text);
    const predicted = annotated.entities.filter((e) => e.type === 'condition' || e.type === 'finding');
    nPred += predicted.length;
    for (const e of predicted) {
      const g = goldBySpan.get(`${e.start}:${e.end}`);
      if (!g) continue;
      spanHits++;
      if (e.concept && [...idsOf(e.concept.conceptId)].some((id) => g.has(id))) e2eHits++;
    }
  }
  return {
    n_gold: nGold,
    n_predicted: nPred,
    mention: prf(spanHits, nPred - spanHits, nGold - spanHits),
    end_to_end: prf(e2eHits, nPred - e2eHits, nGold - e2eHits),
  };
}
