import type { Command } from 'commander';
import { evaluateCoding } from '../eval/coding.js';
import { evaluateLinking } from '../eval/link.js';
import { evaluateProductionLinker, medicPackWithMentions } from '../eval/link-production.js';
import { ClinlinkError } from '../errors.js';
import { evaluateNer } from '../eval/ner.js';
import { medicPackDir } from '../eval/dictionary.js';
import { load } from '../load.js';
import { BiEncoder } from '../runtime/bi-encoder.js';
import { defaultModelDir } from '../runtime/models.js';
import type { CodingSetting } from '../coding/coder.js';
import { registerSimilarityEval } from './similarity-eval-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerEvalCommands(program: Command): void {
  const evalCmd = program.command('eval').description('quality measurements that print JSON, baselines computed in the same run');
  registerSimilarityEval(evalCmd);

  evalCmd
    .command('link')
    .description('entity linking accuracy (acc@1, acc@5) on a PubTator corpus against a MEDIC-format dictionary')
    .requiredOption('--corpus <file>', 'PubTator corpus (.gz ok)')
    .requiredOption('--dictionary <file>', 'CTD MEDIC diseases TSV (.gz ok)')
    .option('--types <types>', 'mention types, comma-separated (Disease covers NCBI-disease subtypes)')
    .option('--model <dir>', 'bi-encoder folder (default: the shipped model)')
    .option('--no-model', 'baselines only')
    .option('--add-mentions <file>', 'training corpus whose mentions join the dictionary (repeatable)', collect)
    .option('--resolve-abbreviations', 'expand abbreviations defined in the same document')
    .option('--fusion-weight <w>', 'weight of the TF-IDF score in the fused ranker', Number)
    .option('--linker', 'run the production linker (vector index + lexical channel + rerank + NIL) over a pack built from the dictionary')
    .option('--pack <dir>', 'run the production linker over this pack instead')
    .option('--nil-holdout <fraction>', 'with --linker: remove this fraction of the gold concepts from the pack and measure NIL', Number)
    .option('--seed <n>', 'seed of the held-out concept sample', Number)
    .option('--no-rerank', 'with --linker: skip the cross-encoder')
    .option('--cross-encoder <dir>', 'with --linker: rerank with this cross-encoder folder (default: the shipped one when installed)')
    .option('--json', 'JSON output (the default; kept for symmetry)')
    .action(async (opts: { corpus: string; dictionary: string; types?: string; model?: string | false; addMentions?: string[]; resolveAbbreviations?: boolean; fusionWeight?: number; linker?: boolean; pack?: string; nilHoldout?: number; seed?: number; rerank: boolean; crossEncoder?: string }) => {
      const types = opts.types ? { types: opts.types.split(',').map((t) => t.trim()) } : {};
      if (opts.linker || opts.pack) {
        if (opts.model === false) throw new ClinlinkError('E_INVALID_ARGUMENT', '--linker needs the bi-encoder (drop --no-model)', { field: 'model' });
        if (opts.nilHoldout !== undefined && !(opts.nilHoldout >= 0 && opts.nilHoldout < 1)) throw new ClinlinkError('E_INVALID_ARGUMENT', '--nil-holdout must be a fraction in [0, 1)', { field: 'nil-holdout' });
        const result = await evaluateProductionLinker({
          corpus: opts.corpus,
          dictionary: opts.dictionary,
          ...types,
          ...(opts.pack ? { pack: opts.pack } : {}),
          ...(opts.addMentions ? { addMentions: opts.addMentions } : {}),
          resolveAbbreviations: opts.resolveAbbreviations ?? false,
          ...(opts.nilHoldout !== undefined ? { nilHoldout: opts.nilHoldout } : {}),
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(typeof opts.model === 'string' ? { model: opts.model } : {}),
          ...(opts.crossEncoder ? { crossEncoder: opts.crossEncoder } : {}),
          rerank: opts.rerank,
        });
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      const encoder = opts.model === false ? undefined : await BiEncoder.open(opts.model ?? defaultModelDir('bi-encoder'), { threads: 2 });
      const result = await evaluateLinking({
        corpus: opts.corpus,
        dictionary: opts.dictionary,
        ...types,
        ...(opts.addMentions ? { addMentions: opts.addMentions } : {}),
        resolveAbbreviations: opts.resolveAbbreviations ?? false,
        ...(encoder ? { encoder } : {}),
        ...(opts.fusionWeight !== undefined ? { fusionWeight: opts.fusionWeight } : {}),
      });
      console.log(JSON.stringify({ ...result, ...(encoder ? { model: encoder.id } : {}) }, null, 2));
      await encoder?.close();
    });

  evalCmd
    .command('ner')
    .description('mention and end-to-end P/R/F1 (exact spans) on a PubTator corpus with a MEDIC-format dictionary')
    .requiredOption('--corpus <file>', 'PubTator corpus (.gz ok)')
    .option('--dictionary <file>', 'CTD MEDIC diseases TSV: annotate with a pack built from it')
    .option('--pack <dir>', 'annotate with this pack instead')
    .option('--types <types>', 'mention types, comma-separated (Disease covers NCBI-disease subtypes)')
    .option('--add-mentions <file>', 'with --dictionary: a training corpus whose mentions join the dictionary as synonyms (repeatable)', collect)
    .option('--linker', 'also link noun phrases the dictionary misses (needs the bi-encoder)')
    .option('--tagger [dir]', 'also use the learned disease tagger (models/clinlink-ner or DIR); implies --linker; adds tagger_only and union_unlinked')
    .option('--tagger-min <p>', 'tagger spans below this confidence are not linked (default 0.5)', parseFloat)
    .option('--tagger-mode <mode>', 'add | prefer | confirm: how tagger spans and dictionary mentions combine (default add)')
    .option('--no-noun-phrases', 'do not link compromise noun phrases (with --linker; off by default with --tagger)')
    .option('--json', 'JSON output (the default)')
    .action(async (opts: { corpus: string; dictionary?: string; pack?: string; types?: string; addMentions?: string[]; linker?: boolean; tagger?: boolean | string; taggerMin?: number; taggerMode?: 'add' | 'prefer' | 'confirm'; nounPhrases?: boolean }) => {
      const types = opts.types?.split(',').map((t) => t.trim());
      if (opts.addMentions?.length && !opts.dictionary) throw new ClinlinkError('E_INVALID_ARGUMENT', '--add-mentions needs --dictionary', { field: 'add-mentions' });
      const packDir =
        opts.pack ??
        (opts.dictionary ? (opts.addMentions?.length ? (await medicPackWithMentions(opts.dictionary, opts.addMentions, types)).dir : await medicPackDir(opts.dictionary)) : undefined);
      const tagger = opts.tagger ? { ...(typeof opts.tagger === 'string' ? { dir: opts.tagger } : {}), ...(opts.taggerMin !== undefined ? { minConfidence: opts.taggerMin } : {}), ...(opts.taggerMode ? { mode: opts.taggerMode } : {}) } : false;
      const nlp = await load(packDir, { linker: (opts.linker ?? false) || tagger !== false, tagger, ...(opts.nounPhrases === false ? { nounPhrases: false } : {}) });
      console.log(JSON.stringify(await evaluateNer(nlp, opts.corpus, types), null, 2));
    });

  evalCmd
    .command('coding')
    .description('ICD-10-CM coding micro/macro P/R/F1 and P@5 against gold codes of MTSamples rows')
    .requiredOption('--gold <file>', 'JSONL: {"row": <0-based MTSamples row>, "codes": [...]} per line')
    .requiredOption('--notes <file>', 'mtsamples.csv[.gz]')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--setting <setting>', 'inpatient or outpatient', 'inpatient')
    .option('--family-history', 'code family history (Z80–Z84); off by default because the dev set\'s annotation rules do not')
    .option('--json', 'JSON output (the default)')
    .action(async (opts: { gold: string; notes: string; pack?: string; setting: CodingSetting; familyHistory?: boolean }) => {
      const nlp = await load(opts.pack);
      console.log(JSON.stringify(await evaluateCoding(nlp, opts.gold, opts.notes, { setting: opts.setting, familyHistory: opts.familyHistory ?? false }), null, 2));
    });
}
