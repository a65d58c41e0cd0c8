/**
 * Shape checks on learned-tagger spans: edges that are function words, and one-word spans that are only modifiers.
 * Both measured on NCBI-disease dev (`clinlink eval ner --tagger --tagger-mode confirm`): end-to-end F1 0.755 -> 0.761.
 */
import nlp from 'compromise';
import type { Span } from '../types.js';
import type { TaggedSpan } from './learned-tagger.js';

/**
 * Words a mention never starts or ends with: the tagger sometimes carries a coordinating conjunction or a focusing
 * adverb across the boundary ("hyperparathyroidism and", "especially meningitis"), which no dictionary name matches.
 */
const LEADING_WORDS = 'and|or|but|nor|especially|particularly|including|mainly|the|a|an';
const TRAILING_WORDS = 'and|or|but|nor|of|with|in|to|by|for|the|a|an';
const LEADING_FUNCTION_WORD = new RegExp(`^(?:${LEADING_WORDS})\\s+`, 'i');
const TRAILING_FUNCTION_WORD = new RegExp(`\\s+(?:${TRAILING_WORDS})$|[\\s,;:]+$`, 'i');
const ONLY_FUNCTION_WORD = new RegExp(`^(?:${LEADING_WORDS}|${TRAILING_WORDS})$`, 'i');

/** The span without function words at its edges; none when nothing is left. */
export function trimEdgeWords(text: string, span: TaggedSpan): TaggedSpan[] {
  let { start, end } = span;
  for (;;) {
    const piece = text.slice(start, end);
    const lead = LEADING_FUNCTION_WORD.exec(piece);
    const trail = TRAILING_FUNCTION_WORD.exec(piece);
    if (ONLY_FUNCTION_WORD.test(piece)) return [];
    if (!lead && !trail) break;
    if (lead) start += lead[0].length;
    if (trail && end - trail[0].length > start) end -= trail[0].length;
    else if (trail) return [];
  }
  return end > start ? [start === span.start && end === span.end ? span : { ...span, start, end }] : [];
}

/**
 * A one-word span that is only an adjective, adverb or verb in its sentence ("cardiac", "retinal", "increased",
 * "may") names no condition by itself; the linker would still map it to "<organ> diseases". Hyphenated compounds
 * ("HPRT-deficient", "C7-deficient") are kept: they name a deficiency state.
 */
export function isBareModifier(text: string, sentence: Span, span: Span): boolean {
  const word = text.slice(span.start, span.end);
  if (/[\s-]/.test(word)) return false;
  const offset = span.start - sentence.start;
  const terms = nlp(text.slice(sentence.start, sentence.end)).json({ offset: true, terms: { offset: true } }) as { terms: { text: string; tags: string[]; offset: { start: number } }[] }[];
  for (const t of terms.flatMap((x) => x.terms)) {
    if (t.offset.start !== offset) continue;
    const tags = new Set(t.tags);
    return !tags.has('Noun') && (tags.has('Adjective') || tags.has('Adverb') || tags.has('Verb'));
  }
  return false;
}

/**
 * A coordination of two sites under one neoplasm head ("breast and ovarian cancer", "sporadic breast and ovarian
 * cancers", "breast or ovarian cancer") names two cancers, not the syndrome the whole phrase is closest to
 * ("Hereditary Breast and Ovarian Cancer Syndrome"): such a span is linked through its first conjunct ("breast
 * cancer"). A hereditary/familial/inherited qualifier, "and/or", "/" or "-" keep the phrase whole: those are how the
 * syndrome is written ("hereditary breast and ovarian cancer", "breast/ovarian cancer").
 * Returns the text to link, or null to link the span as written.
 */
export function coordinatedNeoplasmQuery(spanText: string): string | null {
  if (/\b(?:hereditary|familial|inherited|syndromes?|and\/or)\b/i.test(spanText)) return null;
  const m = COORDINATED_NEOPLASM.exec(spanText.trim());
  return m ? `${m[1]!} ${m[2]!}` : null;
}

const COORDINATED_NEOPLASM =
  /^(?:(?:sporadic|primary|early[-\s]onset|advanced|invasive|malignant|human)\s+)?([a-z]+)\s*,?\s+(?:and|or)\s+(?:\d+\s+)?[a-z]+\s+(cancers?|carcinomas?|tumou?rs?|neoplasms?|adenocarcinomas?)$/i;

/**
 * An inheritance pattern in front of an empty head ("autosomal dominant disorder", "an X-linked recessive disease")
 * names the class of inherited diseases, not a disease that has the pattern in its name ("Autosomal Dominant HIES"):
 * such a span is linked as "hereditary disease" ("X-linked genetic disease" for an X-linked one).
 * Returns the text to link, or null to link the span as written.
 */
export function inheritedClassQuery(spanText: string): string | null {
  const m = INHERITED_CLASS.exec(spanText.trim());
  if (!m) return null;
  return /x[-\s]?linked/i.test(m[1]!) ? 'X-linked genetic disease' : 'hereditary disease';
}

const INHERITED_CLASS =
  /^(?:an?\s+)?((?:autosomal[-\s](?:dominant|recessive)|x[-\s]?linked(?:\s+(?:dominant|recessive))?|inherited|hereditary|genetic)(?:ally)?(?:\s+inherited)?)\s+(?:disorders?|diseases?|conditions?)$/i;

/**
 * Word classes a linked concept must share with the span: a malignant head, checked against every term of the
 * concept (MeSH writes "Prostatic Neoplasms" with the synonym "Prostate Cancer"), and an inheritance qualifier, checked
 * against its preferred name (a plain neoplasm may list an inherited variant as an "INCLUDED" synonym).
 */
const AGREEMENT_FEATURES: readonly { words: RegExp; in: 'terms' | 'preferred' }[] = [
  { words: /\b(?:cancers?|carcinomas?|adenocarcinomas?|malignan\w*|sarcomas?|lymphomas?|leuka?emias?|melanomas?|metasta\w*)\b/i, in: 'terms' },
  { words: /\b(?:hereditary|familial|inherited)\b/i, in: 'preferred' },
];

/** A lower-ranked candidate is taken only while the linker still rates it at least this share of the first one. */
const AGREEMENT_MIN_RATIO = 0.5;

export interface RankedConcept {
  preferred: string;
  terms: readonly string[];
  confidence: number;
}

/**
 * Which of the linker's ranked candidates a span should take: the first one, unless a lower-ranked one that the
 * linker rates nearly as well agrees with more of the span's defining words — a malignant head ("prostatic
 * adenocarcinoma" is no "Prostatic Adenoma", a MeSH synonym of the hyperplasia) or an inheritance qualifier
 * ("hereditary ovarian cancer" is the hereditary syndrome, not the plain neoplasm). `ranked` may be a function of the
 * rank (with `count`), so that candidates are described only when the span names a class. Returns a rank.
 */
export function agreeingCandidate(spanText: string, ranked: readonly RankedConcept[] | ((i: number) => RankedConcept), count?: number): number {
  const wanted = AGREEMENT_FEATURES.filter((f) => f.words.test(spanText));
  const n = typeof ranked === 'function' ? (count ?? 0) : ranked.length;
  // Most spans name neither class: no candidate is looked up.
  if (wanted.length === 0 || n < 2) return 0;
  const describe = typeof ranked === 'function' ? ranked : (i: number) => ranked[i]!;
  const agreement = (c: RankedConcept) => wanted.filter((f) => (f.in === 'terms' ? [c.preferred, ...c.terms] : [c.preferred]).some((t) => f.words.test(t))).length;
  const first = describe(0);
  const floor = first.confidence * AGREEMENT_MIN_RATIO;
  let best = 0;
  let bestScore = agreement(first);
  for (let i = 1; i < n; i++) {
    const c = describe(i);
    const score = agreement(c);
    if (score > bestScore && c.confidence >= floor) [best, bestScore] = [i, score];
  }
  return best;
}
