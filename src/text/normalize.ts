/**
 * The one string normaliser. Packs store `normalizeTerm(term)`; the dictionary matcher, the lexical linker channel
 * and the baselines all key on the same function, so a term and a mention meet iff their normal forms are equal.
 *
 * Steps: NFKD + strip combining marks (é → e), lower-case, every run of non-alphanumerics → one space, and a light
 * English singulariser per token (pneumonias → pneumonia, arteries → artery, masses → mass). It is deliberately
 * conservative: both sides go through it, so an odd stem (diabetes → diabete) is harmless.
 */
export function normalizeTerm(text: string): string {
  const tokens = tokenizeForMatch(text);
  return tokens.map(singularize).join(' ');
}

/** Lower-cased, accent-stripped alphanumeric tokens, no singularisation. */
export function tokenizeForMatch(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

const KEEP_S = /(?:ss|us|is|ous|sis|xis|itis|ics)$/;

export function singularize(token: string): string {
  if (token.length <= 3 || !token.endsWith('s') || /\d/.test(token)) return token;
  if (token.endsWith('ies') && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith('sses')) return token.slice(0, -2);
  if (KEEP_S.test(token)) return token;
  return token.slice(0, -1);
}

/** An all-capitals abbreviation with a lower-case plural "s": "TIAs", "CVAs", "MIs". */
export const PLURAL_ABBREVIATION = /^\p{Lu}[\p{Lu}\d]+s$/u;

export interface MatchToken {
  start: number;
  end: number;
  /** The token as written. */
  text: string;
  /** The token as `normalizeTerm` would write it: folded and singularised. */
  key: string;
}

/**
 * The tokens `normalizeTerm` sees, with their offsets in the original string, so a match over keys maps back to
 * an exact span of the note. Same token rule as `tokenizeForMatch` (runs of letters and digits).
 */
export function matchTokens(text: string, from = 0, to = text.length): MatchToken[] {
  const out: MatchToken[] = [];
  const re = /[\p{L}\p{N}\p{M}]+/gu;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m.index < to) {
    const end = Math.min(m.index + m[0].length, to);
    const raw = text.slice(m.index, end);
    // Folding may split one raw token (e.g. a ligature) into several; joining keeps one key per raw token.
    // The plural of an abbreviation keeps its capitals ("TIAs", "MIs", "UTIs"): its key is the abbreviation's.
    const key = PLURAL_ABBREVIATION.test(raw) ? raw.slice(0, -1).toLowerCase() : tokenizeForMatch(raw).map(singularize).join(' ');
    if (key !== '') out.push({ start: m.index, end, text: raw, key });
  }
  return out;
}
