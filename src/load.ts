import { openLinker, type LinkerOpenOptions } from './link/open.js';
import { DictionaryMatcher } from './ner/dictionary-matcher.js';
import { LearnedTagger } from './ner/learned-tagger.js';
import { Pack } from './ontology/pack.js';
import { starterPackDir } from './ontology/starter.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';

export interface LoadOptions extends PipelineOptions {
  /**
   * Attach the linker (ONNX bi-encoder + vector index; options are passed to openLinker) so noun phrases the
   * dictionary misses are linked too. Default false: the dictionary pipeline needs no model. `tagger` implies it
   * (tagger spans are kept only when the linker links them).
   */
  linker?: boolean | LinkerOpenOptions;
}

/**
 * Opens a pack (the embedded starter pack when none is given) and returns an annotation pipeline over it:
 * `const nlp = await load(); const doc = await nlp.annotate(text);`
 * `load(pack, { tagger: true })` adds the learned disease tagger (models/clinlink-ner) and the linker.
 */
export async function load(packDir?: string, options: LoadOptions = {}): Promise<Pipeline> {
  const pack = Pack.open(packDir ?? (await starterPackDir()));
  const matcher = DictionaryMatcher.fromPack(pack);
  const wantTagger = options.tagger !== undefined && options.tagger !== false;
  const linkerOpt = options.linker ?? (wantTagger ? true : false);
  const linker = linkerOpt ? await openLinker(pack.dir, typeof linkerOpt === 'object' ? linkerOpt : {}) : undefined;
  const tagger = wantTagger ? await LearnedTagger.open(typeof options.tagger === 'object' ? options.tagger.dir : undefined) : undefined;
  return new Pipeline(pack, matcher, linker, options, tagger);
}
