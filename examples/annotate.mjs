// Annotate a discharge summary with the embedded starter pack: entities, their assertion and concept.
//   npm run build && node examples/annotate.mjs [FILE]
import { readFileSync } from 'node:fs';
import { load } from 'clinlink';

const file = process.argv[2] ?? new URL('./discharge-summary.txt', import.meta.url);
const nlp = await load();
const doc = await nlp.annotate(readFileSync(file, 'utf8'));
for (const e of doc.entities) {
  const flags = Object.entries(e.assertion).filter(([, on]) => on).map(([k]) => k);
  console.log(`${e.section.padEnd(26)} ${e.text.padEnd(32)} ${e.type.padEnd(10)} ${(e.concept?.codes ?? []).slice(0, 2).join(' ').padEnd(40)} ${flags.join(',')}`);
}
