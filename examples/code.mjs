// Code a discharge summary to billable ICD-10-CM codes with evidence, then as a FHIR R4 Bundle.
//   npm run build && node examples/code.mjs [FILE] [--fhir]
// The starter pack carries ICD-10-CM cross-references; a pack built from the CMS files (README, "Packs") codes
// more specifically: Coder.open('packs/icd10cm').
import { readFileSync } from 'node:fs';
import { Coder, toFhirBundle } from 'clinlink';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? new URL('./discharge-summary.txt', import.meta.url);
const coder = await Coder.open();
const codes = await coder.code(readFileSync(file, 'utf8'), { setting: 'inpatient' });
if (args.includes('--fhir')) {
  console.log(JSON.stringify(toFhirBundle(codes), null, 2));
} else {
  for (const c of codes) console.log(`${c.code.padEnd(8)} ${c.confidence.toFixed(2)}  ${c.title}\n           ${c.rationale}`);
}
