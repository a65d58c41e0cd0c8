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
