import type { DictionaryConcept } from './dictionary-matcher.js';
import type { Pack } from '../ontology/pack.js';
import { normalizeTerm } from '../text/normalize.js';
import type { Span } from '../types.js';

/**
 * Site + finding composition. Notes write a finding at a body site in many word orders ("right ankle pain", "pain in
 * the right ankle", "fracture of left wrist", "foot cellulitis") that no dictionary lists, while the ICD-10-CM
 * Alphabetic Index files them as comma paths ("Pain, joint, ankle", "Cellulitis, foot", "Fracture, wrist"). A
 * finding head word next to a matched body site is looked up with both words in the pack's terms (every word must
 * occur, in any order) and the closest term, the one with the fewest other words, names the composed mention; the
 * side stays in the text for the coder's specificity step.
 */
export const SITE_HEADS =
  /^(?:pain|pains|fracture|fractures|ulcer|ulcers|ulceration|cellulitis|abscess|laceration|lacerations|contusion|contusions|sprain|strain|swelling|injury|injuries|wound|osteomyelitis|dislocation|bursitis|tendinitis|tendonitis|tenosynovitis|effusion|stiffness|deformity|burn|burns|arthritis|gangrene|edema|numbness|weakness|paresthesias?)$/i;

const SIDE = String.raw`(?:(?:right|left|bilateral|both)\s+)?`;
/** "pain in the right ankle", "fracture of his left wrist": the head word before its site. */
const HEAD_BEFORE = new RegExp(String.raw`\b([a-z]+)\s+(?:of|in|to|involving|on|at|over)\s+(?:the\s+|his\s+|her\s+|their\s+|a\s+)?${SIDE}$`, 'i');
/** "ankle pain", "right wrist fracture", "foot-ulcer": the head word right after its site. */
const HEAD_AFTER = /^[-\s]+([a-z]+)\b/i;
const SIDE_BEFORE = /\b(?:right|left|bilateral|both)\s+$/i;

/** Words of a term that never make a better match for a plain finding ("Pain, joint, ankle, newborn"…). */
const UNWANTED = /\b(?:newborn|birth|pregnancy|puerperium|sequela|sequelae|history|screening|congenital|complicating|personal|family|postprocedural|intraoperative)\b/i;

/** Index path words that only place the site in the classification ("Pain, joint, ankle", "Ulcer, lower limb, heel"). */
const STRUCTURAL: ReadonlySet<string> = new Set(['joint', 'limb', 'lower', 'upper', 'region', 'part', 'site', 'nos', 'unspecified', 'of', 'the', 'and', 'or', 'in']);

export interface ComposedMention extends Span {
  concepts: DictionaryConcept[];
  /** The mentions it replaces (the site, and the bare head word when it was matched on its own). */
  replaces: readonly Span[];
}

/**
 * Composed mentions for body-site mentions (`sites`, in note offsets) with a finding head word next to them.
 * `heads` are the other mentions, so a bare "pain" or "Fracture" matched alone is replaced by the composition.
 */
export function composeSiteFindings(pack: Pack, text: string, sites: readonly Span[], heads: readonly Span[]): ComposedMention[] {
  const out: ComposedMention[] = [];
  for (const site of sites) {
    const siteText = text.slice(site.start, site.end);
    const after = HEAD_AFTER.exec(text.slice(site.end, site.end + 24));
    const windowStart = Math.max(0, site.start - 48);
    const before = HEAD_BEFORE.exec(text.slice(windowStart, site.start));
    let span: Span | null = null;
    let head = '';
    if (after && SITE_HEADS.test(after[1]!)) {
      head = after[1]!;
      const side = SIDE_BEFORE.exec(text.slice(Math.max(0, site.start - 12), site.start));
      span = { start: side ? site.start - side[0].length : site.start, end: site.end + after[0].length };
    } else if (before && SITE_HEADS.test(before[1]!)) {
      head = before[1]!;
      span = { start: windowStart + before.index + before[0].indexOf(before[1]!), end: site.end };
    }
    if (!span || head === '') continue;
    const concepts = lookup(pack, head, siteText);
    if (!concepts.length) continue;
    const replaces = [site, ...heads.filter((h) => h.start >= span!.start && h.end <= span!.end)];
    out.push({ start: span.start, end: span.end, concepts, replaces });
  }
  return out;
}

/** Terms holding every word of head + site, fewest extra words first; the concepts of the best term(s). */
function lookup(pack: Pack, head: string, site: string): DictionaryConcept[] {
  const query = normalizeTerm(`${head} ${site}`);
  const want = new Set(query.split(' ').filter(Boolean));
  if (want.size < 2) return [];
  let best = Infinity;
  let chosen: DictionaryConcept[] = [];
  for (const h of pack.searchTerms(query, { limit: 40, groups: ['condition', 'finding'] })) {
    if (UNWANTED.test(h.term)) continue;
    const words = new Set(normalizeTerm(h.term).split(' ').filter(Boolean));
    if (![...want].every((w) => words.has(w))) continue;
    const extra = [...words].filter((w) => !want.has(w) && !STRUCTURAL.has(w)).length;
    if (extra < best) {
      best = extra;
      chosen = [];
    }
    if (extra === best && !chosen.some((c) => c.conceptId === h.conceptId)) chosen.push({ conceptId: h.conceptId, system: h.system, group: h.group, term: h.term, kind: h.kind });
  }
  // A term with other words is another condition ("calf pain on walking" is claudication).
  return best <= 1 ? chosen : [];
}
