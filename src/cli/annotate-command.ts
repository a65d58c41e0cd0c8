import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { renderHtml } from '../io/html-viewer.js';
import { load } from '../load.js';
import type { Doc } from '../types.js';

export async function readInput(file: string | undefined): Promise<string> {
  if (file && file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function summary(doc: Doc): string {
  const lines: string[] = [];
  for (const e of doc.entities) {
    const flags = (['negated', 'uncertain', 'historical', 'hypothetical', 'family'] as const).filter((k) => e.assertion[k]);
    const concept = e.concept ? `${e.concept.conceptId}  ${e.concept.codes.filter((c) => c !== e.concept!.conceptId).join(' ')}` : 'NIL';
    lines.push(`${String(e.start).padStart(6)}-${String(e.end).padEnd(6)} ${e.type.padEnd(10)} ${e.section.padEnd(26)} ${(flags.join(',') || '-').padEnd(12)} ${JSON.stringify(e.text).padEnd(40)} ${concept}`);
  }
  return lines.join('\n');
}

export function registerAnnotateCommand(program: Command): void {
  program
    .command('annotate')
    .description('find clinical entities in a note: sections, sentences, concepts, assertion')
    .argument('[file]', 'note file, or - for standard input', '-')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--json', 'the document as JSON')
    .option('--jsonl', 'one JSON document per input line (each line is a note)')
    .option('--html', 'a standalone HTML page highlighting the entities')
    .action(async (file: string, opts: { pack?: string; json?: boolean; jsonl?: boolean; html?: boolean }) => {
      const nlp = await load(opts.pack);
      const text = await readInput(file);
      if (opts.jsonl) {
        for (const line of text.split('\n')) {
          if (line.trim() === '') continue;
          process.stdout.write(`${JSON.stringify(await nlp.annotate(line))}\n`);
        }
        return;
      }
      const doc = await nlp.annotate(text);
      if (opts.json) console.log(JSON.stringify(doc, null, 2));
      else if (opts.html) process.stdout.write(renderHtml(doc));
      else {
        console.log(`${doc.sections.length} sections, ${doc.sentences.length} sentences, ${doc.entities.length} entities`);
        console.log(summary(doc));
      }
    });
}
