/** Chapter 4 passes: diabetes control and thyroid ablation (Alphabetic Index entries). */
import type { DocView } from '../doc-view.js';
import { mergeDrafts, type Draft, type Evidence } from '../draft.js';

/**
 * Alphabetic Index "Diabetes, inadequately controlled / out of control / poorly controlled — code to Diabetes, by
 * type, with hyperglycemia": the diabetes of a sentence that says its control is inadequate is E1x.65 ("Diabetes and
 * hypertension, both under less than appropriate control"). "Uncontrolled" alone says neither hyper- nor
 * hypoglycemia (ANNOTATION_RULES §4) and is not enough.
 */
const INADEQUATE_CONTROL = /\b(?:inadequately|poorly|suboptimally|sub-optimally|not\s+(?:well|adequately|optimally)|badly)\s+controlled\b|\b(?:out\s+of|less\s+than\s+(?:appropriate|optimal|adequate|ideal|good)|suboptimal|inadequate|poor)\s+(?:glyc\w*\s+)?control\b/i;

export function inadequateControl(view: DocView, drafts: Draft[]): Draft[] {
  const out = [...drafts];
  for (const d of drafts) {
    const m = /^(E(?:08|09|10|11|13))\.9$/.exec(d.code);
    if (!m || !d.evidence.some((ev) => INADEQUATE_CONTROL.test(view.sentenceTextAt(ev.start)))) continue;
    const code = `${m[1]!}.65`;
    out.splice(out.indexOf(d), 1);
    if (!out.some((x) => x.code === code)) out.push(mergeDrafts(code, [d], 'diabetes documented as inadequately controlled: with hyperglycemia (Alphabetic Index)'));
  }
  return out;
}

/** Thyroid ablation or removal named with a hypothyroidism. */
const THYROID_ABLATED = /\b(?:radioactive\s+iodine|radio-?iodine|i-?131|rai\s+ablation|(?:total\s+|partial\s+|sub)?thyroidectomy|post-?ablative|post-?surgical|post-?irradiation|irradiation|radiation\s+(?:therapy|treatment)|ablation)\b/i;

const ABLATION_LINK = new RegExp(String.raw`^\W*(?:(?:is|was)\s+)?(?:status\s+post|s\/p|secondary\s+to|due\s+to|after|following|from|caused\s+by|post)\s+[^.;]{0,40}?` + THYROID_ABLATED.source, 'i');

/**
 * Alphabetic Index "Hypothyroidism, postsurgical E89.0; postirradiation E89.0; due to irradiation therapy E89.0":
 * a hypothyroidism whose own sentence or mention names the ablation or thyroid surgery that caused it
 * ("I-131-induced hypothyroidism", "Hypothyroidism is secondary to radioactive iodine") is E89.0, not E03.9.
 */
export function postablativeHypothyroidism(view: DocView, drafts: Draft[]): Draft[] {
  // The cause must be stated with the condition (I.B.16): in the mention ("I-131-induced hypothyroidism") or linked
  // right after it ("hypothyroidism, status post total thyroidectomy", "is secondary to radioactive iodine"); a
  // thyroidectomy elsewhere in the same history list is not a stated cause.
  const caused = (ev: Evidence) => THYROID_ABLATED.test(ev.text) || ABLATION_LINK.test(view.doc.text.slice(ev.end, ev.end + 90));
  const hypo = drafts.filter((d) => d.code === 'E03.9' && d.evidence.some(caused));
  if (!hypo.length) return drafts;
  // The hyperthyroidism the ablation treated ("radioactive iodine for Graves disease many years ago") is gone.
  const ablated = drafts.filter((d) => d.code.startsWith('E05') && d.evidence.every((ev) => ev.assertion.historical && THYROID_ABLATED.test(view.sentenceTextAt(ev.start))));
  const out = drafts.filter((d) => !hypo.includes(d) && !ablated.includes(d));
  if (!out.some((d) => d.code === 'E89.0')) out.push(mergeDrafts('E89.0', hypo, 'hypothyroidism after thyroid ablation or surgery (Alphabetic Index "Hypothyroidism, postirradiation / postsurgical")'));
  return out;
}
