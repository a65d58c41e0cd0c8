import type { SemanticGroup } from '../ontology/concept.js';
import type { Doc, Entity } from '../types.js';

/** Colours per semantic group; colour-blind-safe (Okabe–Ito). */
const COLORS: Record<SemanticGroup, string> = {
  condition: '#E69F00',
  finding: '#56B4E9',
  procedure: '#009E73',
  medication: '#CC79A7',
  anatomy: '#F0E442',
  test: '#0072B2',
  device: '#D55E00',
  organism: '#999999',
  substance: '#BBBBBB',
  other: '#DDDDDD',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function flags(e: Entity): string[] {
  const a = e.assertion;
  return (['negated', 'uncertain', 'historical', 'hypothetical', 'family'] as const).filter((k) => a[k]);
}

function tooltip(e: Entity): string {
  const parts = [`type: ${e.type}`, `section: ${e.section}`];
  if (e.concept) parts.push(`concept: ${e.concept.conceptId} (${e.concept.term})`, `codes: ${e.concept.codes.join(', ')}`, `confidence: ${e.concept.confidence.toFixed(2)}`);
  else parts.push('concept: NIL');
  const f = flags(e);
  if (f.length) parts.push(`assertion: ${f.join(', ')}`);
  return parts.join('\n');
}

/**
 * One standalone HTML page (no scripts, no external files) showing the note with its entities highlighted by
 * type; negated entities struck through; concept, codes and confidence on hover. Entities are assumed
 * non-overlapping (the annotator guarantees it); all note text is HTML-escaped.
 */
export function renderHtml(doc: Doc, title = 'clinlink annotation'): string {
  const entities = [...doc.entities].sort((a, b) => a.start - b.start);
  let body = '';
  let at = 0;
  for (const e of entities) {
    if (e.start < at) continue;
    body += escapeHtml(doc.text.slice(at, e.start));
    const cls = ['ent', `t-${e.type}`, ...flags(e).map((f) => `a-${f}`)].join(' ');
    body += `<mark class="${cls}" title="${escapeHtml(tooltip(e))}" data-concept="${escapeHtml(e.concept?.conceptId ?? '')}">${escapeHtml(doc.text.slice(e.start, e.end))}</mark>`;
    at = e.end;
  }
  body += escapeHtml(doc.text.slice(at));
  const legend = (Object.keys(COLORS) as SemanticGroup[])
    .filter((g) => entities.some((e) => e.type === g))
    .map((g) => `<span class="ent t-${g}">${g}</span>`)
    .join(' ');
  const css = [
    'body{font:15px/1.6 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}',
    'pre{white-space:pre-wrap;font:inherit}',
    '.ent{border-radius:3px;padding:0 2px}',
    '.a-negated{text-decoration:line-through;text-decoration-thickness:2px;opacity:.75}',
    '.a-uncertain{border-bottom:2px dashed #333}',
    '.a-historical,.a-family,.a-hypothetical{font-style:italic}',
    ...Object.entries(COLORS).map(([g, c]) => `.t-${g}{background:${c}66}`),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
${css}
</style></head><body>
<p class="legend">${legend} · <span class="ent a-negated">negated</span> · <span class="ent a-uncertain">uncertain</span></p>
<pre>${body}</pre>
</body></html>
`;
}
