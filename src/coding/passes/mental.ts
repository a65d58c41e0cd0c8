/** Chapter 5 passes: depression due to a known condition, polysubstance use by substance. */
import type { DocView } from '../doc-view.js';
import { mergeDrafts, type Draft } from '../draft.js';

/**
 * Tabular F06.3 "Mood disorder due to known physiological condition" ("code first the underlying physiological
 * condition"): a depression the provider attributes to a coded medical condition in the same sentence ("Major
 * depressive disorder due to Huntington disease") is F06.32 (major depressive-like episode) or F06.31 (depressive
 * features), not F32/F33.
 */
export function depressionDueToCondition(view: DocView, drafts: Draft[]): Draft[] {
  let out = [...drafts];
  for (const d of drafts) {
    if (!/^F3[23]/.test(d.code) || !out.includes(d)) continue;
    const cause = d.evidence.find((ev) => {
      const after = view.doc.text.slice(ev.end, ev.end + 60);
      const m = /^\s*,?\s*(?:due\s+to|secondary\s+to|caused\s+by|as\s+a\s+result\s+of)\s+/i.exec(after);
      if (!m) return false;
      const at = ev.end + m[0].length;
      return drafts.some((o) => /^[A-EG-N]/.test(o.code) && o.evidence.some((x) => x.start >= at && x.start <= at + 20));
    });
    if (!cause) continue;
    const code = /\bmajor\b/i.test(cause.text) ? 'F06.32' : 'F06.31';
    // The note's other depression mentions are this one depression.
    const depression = out.filter((x) => /^F3[23]/.test(x.code));
    out = out.filter((x) => !depression.includes(x));
    if (!out.some((x) => x.code === code)) out.push(mergeDrafts(code, depression, 'depression due to a known physiological condition (tabular F06.3, code first the condition)'));
  }
  return out;
}

/** Substances named beside "polysubstance abuse" and their F1x categories (Chapter 5 blocks F10–F16). */
const SUBSTANCES: readonly (readonly [RegExp, string])[] = [
  [/\b(?:alcohol|etoh)\b/i, 'F10'],
  [/\b(?:heroin|opiates?|opioids?|oxycodone|hydrocodone|methadone|fentanyl)\b/i, 'F11'],
  [/\b(?:marijuana|cannabis|thc)\b/i, 'F12'],
  [/\b(?:benzodiazepines?|benzos?|sedatives?|xanax|alprazolam|valium|diazepam|klonopin|clonazepam|ativan|lorazepam)\b/i, 'F13'],
  [/\b(?:cocaine|crack)\b/i, 'F14'],
  [/\b(?:methamphetamines?|amphetamines?|meth|crystal|stimulants?)\b/i, 'F15'],
  [/\b(?:hallucinogens?|lsd|pcp|phencyclidine|mushrooms)\b/i, 'F16'],
];

/**
 * I.C.5.b: a "polysubstance" abuse or dependence (F19) whose list item names the substances is coded per substance,
 * with F19's own fourth and fifth characters ("Polysubstance abuse, benzodiazepines" → F13.10).
 */
export function polysubstance(view: DocView, drafts: Draft[]): Draft[] {
  const out = [...drafts];
  for (const d of drafts) {
    if (!/^F19\.[12]/.test(d.code) || !d.evidence.some((ev) => /poly/i.test(ev.text))) continue;
    const sentence = d.evidence.map((ev) => view.sentenceTextAt(ev.start)).join(' ');
    const named = SUBSTANCES.filter(([re]) => re.test(sentence)).map(([, cat]) => `${cat}${d.code.slice(3)}`);
    if (!named.length) continue;
    out.splice(out.indexOf(d), 1);
    for (const code of named) if (!out.some((x) => x.code === code)) out.push(mergeDrafts(code, [d], 'polysubstance use coded per named substance (I.C.5.b)'));
  }
  return out;
}

/**
 * Tabular F25 (Excludes1 mood disorders with psychotic symptoms; F25.0 "Schizoaffective disorder, bipolar type"): a
 * narrative "history of bipolar affective disorder", "past diagnoses of bipolar disorder" beside a schizoaffective
 * disorder is that disorder's bipolar course or an earlier label for it, not a second disorder.
 */
export function schizoaffectiveBipolar(drafts: Draft[]): Draft[] {
  if (!drafts.some((d) => d.code.startsWith('F25'))) return drafts;
  return drafts.filter((d) => !(d.code.startsWith('F31') && !d.inFinal));
}
