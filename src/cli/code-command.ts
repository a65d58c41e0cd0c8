import type { Command } from 'commander';
import { Coder, type CodingSetting } from '../coding/coder.js';
import { toFhirBundle } from '../coding/fhir.js';
import { load } from '../load.js';
import { readInput } from './annotate-command.js';

export function registerCodeCommand(program: Command): void {
  program
    .command('code')
    .description('ICD-10-CM codes for a note, with evidence spans and the guideline behind each')
    .argument('[file]', 'note file, or - for standard input', '-')
    .option('--pack <dir>', 'pack directory; build one with ICD-10-CM for full coding (default: the starter pack)')
    .option('--setting <setting>', 'inpatient or outpatient', 'inpatient')
    .option('--json', 'JSON output')
    .option('--fhir', 'a FHIR R4 Bundle of Condition resources')
    .action(async (file: string, opts: { pack?: string; setting: CodingSetting; json?: boolean; fhir?: boolean }) => {
      const coder = new Coder(await load(opts.pack));
      const codes = await coder.code(await readInput(file), { setting: opts.setting });
      if (opts.fhir) console.log(JSON.stringify(toFhirBundle(codes), null, 2));
      else if (opts.json) console.log(JSON.stringify(codes, null, 2));
      else for (const c of codes) console.log(`${c.code.padEnd(9)} ${c.confidence.toFixed(2)}  ${c.title}\n          ${c.rationale}\n          evidence: ${c.evidence.map((e) => `[${e.start}-${e.end}] ${e.section}`).join('; ')}`);
    });
}
