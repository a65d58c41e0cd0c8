import type { Command } from 'commander';
import { evaluateSimilarity } from '../eval/similarity.js';
import { load } from '../load.js';
import { BiEncoder } from '../runtime/bi-encoder.js';
import { defaultModelDir } from '../runtime/models.js';
import { DEFAULT_SIMILARITY_PROFILE } from '../similarity/profile.js';
import { progressLine } from './progress.js';

/** Tokens per report for the dense baseline: the shipped model's position table holds 128. */
const DENSE_MAX_LENGTH = 128;

/** `clinlink eval similarity`: registered on the `eval` command group. */
export function registerSimilarityEval(evalCmd: Command): void {
  evalCmd
    .command('similarity')
    .description('similar-report retrieval (P@1, P@10, mAP, nDCG@10, top-1 per class) against BM25, TF-IDF and dense baselines')
    .requiredOption('--reports <file>', 'labelled reports CSV (.gz ok), e.g. IU X-ray indiana_reports')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--text-columns <cols>', 'comma-separated text columns', 'findings,impression')
    .option('--id-column <col>', 'report id column', 'uid')
    .option('--label-column <col>', "gold label column (';'-separated)", 'Problems')
    .option('--model <dir>', 'bi-encoder for the dense baseline (default: the shipped model)')
    .option('--no-model', 'skip the dense baseline')
    .option('--json', 'JSON output (the default)')
    .action(async (opts: { reports: string; pack?: string; textColumns: string; idColumn: string; labelColumn: string; model?: string | false }) => {
      const nlp = await load(opts.pack);
      // Mean pooling over up to 128 tokens: the model's own [CLS]/24-token setting is made for concept names.
      const encoder = opts.model === false ? undefined : await BiEncoder.open(opts.model ?? defaultModelDir('bi-encoder'), { threads: 1, pooling: 'mean', maxLength: DENSE_MAX_LENGTH });
      const bar = progressLine('reports');
      try {
        const result = await evaluateSimilarity({
          reports: opts.reports,
          nlp,
          profile: DEFAULT_SIMILARITY_PROFILE,
          textColumns: opts.textColumns.split(',').map((c) => c.trim()).filter(Boolean),
          idColumn: opts.idColumn,
          labelColumn: opts.labelColumn,
          ...(encoder ? { encoder: { id: `${encoder.id} (mean pooling, ${DENSE_MAX_LENGTH} tokens)`, dim: encoder.dim, embed: (t: string[]) => encoder.embed(t) } } : {}),
          onProgress: (stage, done) => bar.update(stage, done),
        });
        bar.stop();
        console.log(JSON.stringify(result, null, 2));
      } finally {
        bar.stop();
        await encoder?.close();
        nlp.pack.close();
      }
    });
}
