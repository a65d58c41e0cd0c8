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
