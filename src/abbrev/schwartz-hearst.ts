/**
 * Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in biomedical text":
 * for "long form (SF)" (or "SF (long form)"), walk the short form's characters right to left and find them in the
 * preceding words; the first character of the short form must start a word of the long form.
 */
export interface AbbreviationDefinition {
  short: string;
  long: string;
  shortStart: number;
  shortEnd: number;
  longStart: number;
  longEnd: number;
}

export function findAbbreviationDefinitions(text: string): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  // Only the first clause is a candidate, so long parentheses count too: "(SJS; chondrodystrophic myotonia; McK
  // 255800)" defines SJS.
  const paren = /\(([^()]{1,160})\)/g;
  let m: RegExpExecArray | null;
  while ((m = paren.exec(text)) !== null) {
    const inside = m[1]!;
    const innerStart = m.index + 1;
    // "(SF; other text)" or "(SF, other)": the candidate is the first clause.
    const clause = inside.split(/[;,]\s/)[0]!.trim();
    const clauseStart = innerStart + inside.indexOf(clause);
    const before = text.slice(Math.max(0, m.index - 200), m.index);
    const beforeStart = Math.max(0, m.index - 200);
    if (isShortFormCandidate(clause)) {
      const def = matchLongForm(clause, before);
      if (def) {
        out.push({ short: clause, long: def.long, shortStart: clauseStart, shortEnd: clauseStart + clause.length, longStart: beforeStart + def.offset, longEnd: beforeStart + def.offset + def.long.length });
      }
    } else {
      // "long form (SF)" failed; try "SF (long form)": the token before the parenthesis is the short form.
      const sfMatch = /(\S+)\s*$/.exec(before);
      const sf = sfMatch?.[1]?.replace(/[.,;:]+$/, '');
      if (sf && isShortFormCandidate(sf) && clause.split(/\s+/).length <= 8) {
        const def = matchLongForm(sf, clause);
        if (def && def.offset === 0 && def.long === clause) {
          const sfStart = beforeStart + sfMatch!.index;
          out.push({ short: sf, long: clause, shortStart: sfStart, shortEnd: sfStart + sf.length, longStart: clauseStart, longEnd: clauseStart + clause.length });
        }
      }
    }
  }
  return out;
}

function isShortFormCandidate(s: string): boolean {
  if (s.length < 2 || s.length > 10) return false;
  if (s.split(/\s+/).length > 2) return false;
  if (!/\p{L}/u.test(s[0]!) && !/\d/.test(s[0]!)) return false;
  return /\p{L}/u.test(s);
}

/** The shortest suffix of `before` (whole words) whose characters contain the short form in order. */
function matchLongForm(short: string, before: string): { long: string; offset: number } | null {
  const sf = short.toLowerCase();
  const lf = before.toLowerCase();
  let s = sf.length - 1;
  let l = lf.length - 1;
  while (s >= 0) {
    const c = sf[s]!;
    if (!/[\p{L}\p{N}]/u.test(c)) {
      s--;
      continue;
    }
    // The first short-form character must begin a word of the long form.
    while (l >= 0 && (lf[l] !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(lf[l - 1]!)))) l--;
    if (l < 0) return null;
    l--;
    s--;
  }
  const start = lf.lastIndexOf(' ', l) + 1;
  const long = before.slice(start).trim();
  // Schwartz–Hearst bound: at most min(|SF| + 5, 2·|SF|) words in the long form.
  const words = long.split(/\s+/).length;
  if (words > Math.min(short.length + 5, short.length * 2)) return null;
  if (long.length <= short.length) return null;
  return { long, offset: before.indexOf(long, start) };
}

/**
 * Rewrites every later use of an in-text short form as its long form, for linking. Returns the long form a span
 * stands for, or null when the span is not a defined short form.
 */
export function abbreviationMap(defs: readonly AbbreviationDefinition[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const d of defs) if (!map.has(d.short)) map.set(d.short, d.long);
  return map;
}

/** Replaces whole-word defined short forms inside a mention by their long forms. */
export function expandAbbreviations(mention: string, abbrevs: ReadonlyMap<string, string>): string {
  if (abbrevs.size === 0) return mention;
  const whole = abbrevs.get(mention);
  if (whole) return whole;
  return mention.replace(/[\p{L}\p{N}-]+/gu, (w) => abbrevs.get(w) ?? w);
}
