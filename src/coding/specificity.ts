import type { Pack } from '../ontology/pack.js';
import { normalizeTerm } from '../text/normalize.js';

/** Title words that carry no specificity. */
const NEUTRAL = new Set(['of', 'and', 'or', 'the', 'in', 'to', 'with', 'due', 'by', 'for', 'on', 'as', 'other', 'specified', 'unspecified', 'type', 'nos', 'site', 'part', 'a', 'an', 'not', 'elsewhere', 'classified', 'encounter', 'initial']);

export interface SpecificChoice {
  code: string;
  title: string;
  /** Title words found in the context that took it below its category. */
  matched: string[];
}

/**
 * The most specific billable code the words of the mention and its sentence support (Official Guidelines I.B.2:
 * code to the highest number of characters available). Among the billable codes of the linked code's category,
 * each scores +1 per qualifier word of its title found in the context and −1 per qualifier missing — except words
 * after "without" in the title, whose absence is the default ("without complications"). Ties keep the linked code
 * when it is billable, else the 'unspecified' child, else the shortest code. Never returns a header.
 */
export function mostSpecificBillable(pack: Pack, code: string, context: string): SpecificChoice | null {
  const concept = pack.concept(`ICD10CM:${code}`);
  if (!concept) return null;
  const category = code.slice(0, 3);
  const root = pack.concept(`ICD10CM:${category}`) ? `ICD10CM:${category}` : concept.id;
  const pool = [root, ...pack.descendants(root).map((d) => d.id)]
    .map((id) => pack.concept(id)!)
    .filter((c) => c && c.billable === true);
  if (pool.length === 0) return null;
  const ctx = new Set(normalizeTerm(context).split(' '));
  // Words the linked code already states are not evidence for moving away from it.
  const baseWords = new Set([...normalizeTerm(pack.concept(root)?.preferred ?? '').split(' '), ...normalizeTerm(concept.preferred).split(' ')]);
  let best: { c: (typeof pool)[number]; score: number; matched: string[] } | null = null;
  for (const c of pool) {
    const words = normalizeTerm(c.preferred).split(' ');
    let score = 0;
    const matched: string[] = [];
    let absentIsDefault = false;
    for (const w of words) {
      if (w === 'without' || w === 'with') {
        absentIsDefault = w === 'without';
        continue;
      }
      if (NEUTRAL.has(w) || baseWords.has(w)) continue;
      if (ctx.has(w)) {
        score += absentIsDefault ? -1 : 1;
        matched.push(w);
      } else if (!absentIsDefault) score -= 1;
    }
    if (!best || score > best.score || (score === best.score && preferOnTie(c.code, c.preferred, best.c.code, best.c.preferred, code))) best = { c, score, matched };
  }
  return best ? { code: best.c.code, title: best.c.preferred, matched: best.matched } : null;
}

function preferOnTie(a: string, aTitle: string, b: string, bTitle: string, linked: string): boolean {
  if (a === linked) return true;
  if (b === linked) return false;
  const au = /unspecified/i.test(aTitle);
  const bu = /unspecified/i.test(bTitle);
  if (au !== bu) return au;
  return a.length < b.length || (a.length === b.length && a < b);
}
