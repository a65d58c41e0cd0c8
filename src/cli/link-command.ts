import type { Command } from 'commander';
import { openLinker } from '../link/open.js';

export function registerLinkCommand(program: Command): void {
  program
    .command('link')
    .description('link mentions to concepts: dense + lexical candidates, rerank, NIL')
    .argument('<mentions...>', 'one or more mentions')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--k <k>', 'candidates per mention', (v) => Number(v), 5)
    .option('--system <system>', 'only concepts of this system (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--no-rerank', 'skip the cross-encoder')
    .option('--context <text>', 'text around the mentions: abbreviations it defines are expanded first')
    .option('--json', 'JSON output')
    .action(async (mentions: string[], opts: { pack?: string; k: number; system?: string[]; rerank: boolean; context?: string; json?: boolean }) => {
      const linker = await openLinker(opts.pack);
      const results = await linker.link(mentions, { k: opts.k, rerank: opts.rerank, ...(opts.system ? { systems: opts.system } : {}), ...(opts.context ? { context: opts.context } : {}) });
      if (opts.json) {
        console.log(JSON.stringify(mentions.map((mention, i) => ({ mention, ...results[i] })), null, 2));
        return;
      }
      mentions.forEach((m, i) => {
        const r = results[i]!;
        console.log(`${m}  →  ${r.concept ? `${r.concept.conceptId} (${r.concept.term}) confidence ${r.concept.confidence}` : 'NIL'}`);
        for (const c of r.candidates) console.log(`    ${c.score.toFixed(3)}  ${c.confidence.toFixed(3)}  ${c.conceptId.padEnd(34)} ${c.term}   ${c.codes.filter((x) => x !== c.conceptId).join(' ')}`);
      });
    });
}
