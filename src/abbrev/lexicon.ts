import type { Pack } from '../ontology/pack.js';
import type { SectionName } from '../types.js';
import { tokenizeForMatch } from '../text/normalize.js';
import type { DictionaryConcept } from '../ner/dictionary-matcher.js';
import type { SemanticGroup } from '../ontology/concept.js';

/** Sections whose mentions are usually of one group: a weak prior for picking an abbreviation's sense. */
const SECTION_GROUP_PRIOR: Partial<Record<SectionName, SemanticGroup>> = {
  medications: 'medication',
  discharge_medications: 'medication',
  allergies: 'medication',
  labs: 'test',
  procedures: 'procedure',
};

const STOP = new Set(['of', 'the', 'and', 'or', 'with', 'without', 'in', 'on', 'to', 'a', 'an', 'for', 'due', 'nos', 'unspecified', 'other', 'disease', 'disorder']);

/**
 * Picks the sense of an ambiguous abbreviation ("MS": multiple sclerosis / mitral stenosis / morphine sulfate) from
 * its context: each sense scores the words its own terms and its parents' terms share with the window around the
 * mention, plus a section prior (MEDICATIONS → a drug). Returns the senses that reach the best positive score, or
 * an empty list when the context says nothing (the caller then drops a guarded match).
 */
export class AbbreviationSenses {
  private readonly pack: Pack;
  private readonly profiles = new Map<string, Set<string>>();

  constructor(pack: Pack) {
    this.pack = pack;
  }

  choose(senses: readonly DictionaryConcept[], contextWords: readonly string[], section: SectionName): DictionaryConcept[] {
    const window = new Set(contextWords.filter((w) => !STOP.has(w)));
    const prior = SECTION_GROUP_PRIOR[section];
    let best = 0;
    let chosen: DictionaryConcept[] = [];
    for (const s of senses) {
      const profile = this.profile(s.conceptId);
      let score = 0;
      for (const w of window) if (profile.has(w)) score += 1;
      if (prior && s.group === prior) score += 1.5;
      if (score > best) (best = score), (chosen = [s]);
      else if (score === best && score > 0) chosen.push(s);
    }
    return chosen;
  }

  /** Words of a concept's terms and of its parents' preferred terms: what its context tends to mention. */
  private profile(conceptId: string): Set<string> {
    let p = this.profiles.get(conceptId);
    if (p) return p;
    p = new Set();
    const c = this.pack.concept(conceptId);
    const texts = [...(c?.terms.filter((t) => t.kind !== 'abbreviation').map((t) => t.text) ?? [])];
    for (const parent of c?.parents ?? []) texts.push(this.pack.concept(parent)?.preferred ?? '');
    for (const t of texts) for (const w of tokenizeForMatch(t)) if (w.length > 2 && !STOP.has(w)) p.add(w);
    this.profiles.set(conceptId, p);
    return p;
  }
}
