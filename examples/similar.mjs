// Index a few chest X-ray reports by their concepts and find the ones most like a query, with the reasons.
//   npm run build && node examples/similar.mjs "Small left pleural effusion. Heart size normal."
import { ReportIndex, PackHierarchy, conceptSetFromDoc, load, DEFAULT_SIMILARITY_PROFILE as P } from 'clinlink';

const reports = {
  a: 'Heart size is normal. Lungs are clear. No pleural effusion or pneumothorax.',
  b: 'Moderate cardiomegaly. Small bilateral pleural effusions. Pulmonary vascular congestion.',
  c: 'Small left pleural effusion with adjacent atelectasis. Heart size within normal limits.',
  d: 'Right lower lobe consolidation concerning for pneumonia. No effusion.',
};
const nlp = await load();
const opts = { ...P.conceptSet, groupOf: (id) => nlp.pack.concept(id)?.group };
const index = new ReportIndex({ hierarchy: new PackHierarchy(nlp.pack) });
for (const [id, text] of Object.entries(reports)) index.add(id, conceptSetFromDoc(await nlp.annotate(text), opts));
const query = process.argv[2] ?? 'Small left pleural effusion. Heart size normal.';
const hits = index.search(conceptSetFromDoc(await nlp.annotate(query), opts), { ...P.search, k: 3 });
const name = (id) => nlp.pack.concept(id)?.preferred ?? id;
for (const h of hits) {
  console.log(`${h.id}  ${h.score.toFixed(3)}  ${reports[h.id]}`);
  console.log(`      shared: ${h.shared.map((s) => (s.negated ? 'no ' : '') + name(s.query)).join(', ') || '-'}`);
  if (h.contradictions.length) console.log(`      contradicts: ${h.contradictions.map((c) => name(c.query)).join(', ')}`);
  if (h.onlyInReport.length) console.log(`      only in report: ${h.onlyInReport.map((u) => (u.negated ? "no " : "") + name(u.id)).join(', ')}`);
}
