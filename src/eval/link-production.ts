import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { applyPlatt, chooseNilThreshold, fitPlatt, type NilOutcome, type PlattParams } from '../link/calibration.js';
import { DEFAULT_DECISION } from '../link/linker.js';
import { openLinker } from '../link/open.js';
import { readLines } from '../io/lines.js';
import { readPubtator } from '../io/pubtator.js';
import { buildPack } from '../ontology/build.js';
import { Pack } from '../ontology/pack.js';
import { PACK_MANIFEST_FILE, PACK_VERSION } from '../ontology/pack-schema.js';
import { cacheDir } from '../ontology/starter.js';
import { seededRandom } from './seeded-random.js';
import { goldStyleId, medicPackDir } from './dictionary.js';
import { collectMentions, typeMatches, type GoldMention } from './link.js';
import { expectedCalibrationError, prf, round, type PRF } from './metrics.js';

export interface ProductionLinkEvalOptions {
  corpus: string;
  /** MEDIC TSV the pack is built from (ignored when `pack` is given). */
  dictionary?: string;
  /** Run over this pack as it is instead of one built from the dictionary. */
  pack?: string;
  types?: string[];
  addMentions?: string[];
  resolveAbbreviations?: boolean;
  /** Fraction of the corpus's gold concepts removed from the pack: their mentions should come back NIL. */
  nilHoldout?: number;
  seed?: number;
  model?: string;
  /** Cross-encoder folder (default: the shipped one when installed). */
  crossEncoder?: string;
  rerank?: boolean;
  threads?: number;
}

export interface CalibrationReport {
  /** Platt parameters and NIL threshold fitted on all mentions of this run: the values to ship. */
  fitted: { calibration: PlattParams; nil_threshold: number };
  /** ECE with the parameters the linker ran with. */
  ece_before: number;
  /** ECE with parameters fitted on the other half of the documents (2-fold, split by document). */
  ece_after: number;
}

export interface ProductionLinkEvalResult {
  n: number;
  pack: { dir: string; concepts: number; terms: number; held_out_concepts: number; added_mentions: number };
  model: string;
  rerank: boolean;
  /** Accuracy over every mention (a gold concept missing from the pack counts as wrong), comparable to `eval link`. */
  acc1: number;
  acc5: number;
  /** Accuracy on mentions whose gold concept is in the pack (NIL decisions ignored). */
  in_pack: { n: number; acc1: number; acc5: number };
  /** With holdout: decisions (link or NIL) judged with thresholds cross-fitted by document halves. */
  nil?: { n_gold_nil: number; threshold: number; nil: PRF; decision_accuracy: number; in_pack_linked_correctly: number };
  calibration: CalibrationReport;
  mentions_per_second: number;
}

interface Scored {
  doc: number;
  top1: number;
  confidence: number;
  correct1: boolean;
  correct5: boolean;
  goldIsNil: boolean;
}

/**
 * The linking eval through the production linker (vector index + lexical channel + optional rerank + NIL) over a
 * pack, with NIL measured by holding gold concepts out of the pack and the calibration fitted and judged honestly:
 * parameters fitted on one half of the documents are scored on the other half.
 */
export async function evaluateProductionLinker(options: ProductionLinkEvalOptions): Promise<ProductionLinkEvalResult> {
  const { mentions } = await collectMentions(options.corpus, options.types, options.resolveAbbreviations ?? false);
  const built = options.pack ? { dir: resolve(options.pack), heldOut: 0, added: 0 } : await derivedMedicPack(options, mentions);
  // NIL off (threshold 0) so every mention reports its top candidate; decisions are made below from the scores.
  const linker = await openLinker(built.dir, {
    ...(options.model ? { model: options.model } : {}),
    ...(options.crossEncoder ? { crossEncoder: options.crossEncoder } : {}),
    threads: options.threads ?? 2,
    decision: { nilThreshold: 0, rerankNilThreshold: 0 },
  });
  const answers = goldAnswers(linker.pack);
  const unique = [...new Set(mentions.map((m) => m.query))];
  const started = performance.now();
  const results = new Map<string, { ids: string[]; score: number; confidence: number }[]>();
  for (let i = 0; i < unique.length; i += 256) {
    const batch = unique.slice(i, i + 256);
    const linked = await linker.link(batch, { k: 5, ...(options.rerank !== undefined ? { rerank: options.rerank } : {}) });
    batch.forEach((q, j) => results.set(q, linked[j]!.candidates.map((c) => ({ ids: [...(answers.get(c.conceptId) ?? [])], score: c.score, confidence: c.confidence }))));
  }
  const seconds = (performance.now() - started) / 1000;

  const scored: Scored[] = mentions.map((m) => {
    const cands = results.get(m.query) ?? [];
    const hit = (n: number) => cands.slice(0, n).some((c) => c.ids.some((id) => m.gold.has(id)));
    const goldIsNil = ![...m.gold].some((id) => answers.answerable.has(id));
    return { doc: m.doc, top1: cands[0]?.score ?? -Infinity, confidence: cands[0]?.confidence ?? 0, correct1: hit(1), correct5: hit(5), goldIsNil };
  });
  const inPack = scored.filter((s) => !s.goldIsNil);
  const rate = (xs: Scored[], f: (s: Scored) => boolean) => (xs.length ? round(xs.filter(f).length / xs.length) : 0);

  const result: ProductionLinkEvalResult = {
    n: scored.length,
    pack: { dir: built.dir, concepts: linker.pack.manifest.counts.concepts, terms: linker.pack.manifest.counts.terms, held_out_concepts: built.heldOut, added_mentions: built.added },
    model: linker.modelId,
    rerank: (options.rerank ?? linker.hasReranker) && linker.hasReranker,
    acc1: rate(scored, (s) => s.correct1),
    acc5: rate(scored, (s) => s.correct5),
    in_pack: { n: inPack.length, acc1: rate(inPack, (s) => s.correct1), acc5: rate(inPack, (s) => s.correct5) },
    calibration: calibrate(scored, linker.hasReranker && options.rerank !== false),
    mentions_per_second: Math.round(unique.length / seconds),
  };
  if (scored.some((s) => s.goldIsNil)) result.nil = crossFittedNil(scored);
  await linker.close();
  return result;
}

/** Every gold-style id each pack concept answers to (its own and its MEDIC alt ids), and the set of all of them. */
function goldAnswers(pack: Pack): Map<string, Set<string>> & { answerable: Set<string> } {
  const map = new Map<string, Set<string>>() as Map<string, Set<string>> & { answerable: Set<string> };
  map.answerable = new Set();
  for (const c of pack.iterateConcepts()) {
    const ids = new Set([goldStyleId(c.system, c.code)]);
    for (const x of pack.concept(c.id)?.xrefs ?? []) if (x.relation === 'alt_id') ids.add(goldStyleId(x.system, x.code));
    map.set(c.id, ids);
    for (const id of ids) map.answerable.add(id);
  }
  return map;
}

function calibrate(scored: Scored[], reranked: boolean): CalibrationReport {
  const before = scored.map((s) => s.confidence);
  const correct = scored.map((s) => s.correct1);
  const fold = (s: Scored) => s.doc % 2;
  // Fit once per fold, not once per mention.
  const params = [0, 1].map((f) => {
    const train = scored.filter((t) => fold(t) !== f);
    return fitPlatt(train.map((t) => t.top1), train.map((t) => t.correct1));
  });
  const crossFitted = scored.map((s) => applyPlatt(params[fold(s)]!, s.top1));
  const all = fitPlatt(scored.map((s) => s.top1), correct);
  const threshold = scored.some((s) => s.goldIsNil)
    ? chooseNilThreshold(scored.map((s) => ({ confidence: applyPlatt(all, s.top1), linkedCorrectly: s.correct1, goldIsNil: s.goldIsNil }))).threshold
    : reranked
      ? DEFAULT_DECISION.rerankNilThreshold
      : DEFAULT_DECISION.nilThreshold;
  return {
    fitted: { calibration: { a: round(all.a), b: round(all.b) }, nil_threshold: round(threshold) },
    ece_before: expectedCalibrationError(before, correct),
    ece_after: expectedCalibrationError(crossFitted, correct),
  };
}

/** NIL decisions with Platt parameters and threshold fitted on the other half of the documents. */
function crossFittedNil(scored: Scored[]): NonNullable<ProductionLinkEvalResult['nil']> {
  const fold = (s: Scored) => s.doc % 2;
  const thresholds: number[] = [];
  const decided = [0, 1].flatMap((f) => {
    const train = scored.filter((s) => fold(s) !== f);
    const platt = fitPlatt(train.map((s) => s.top1), train.map((s) => s.correct1));
    const outcome = (s: Scored): NilOutcome => ({ confidence: applyPlatt(platt, s.top1), linkedCorrectly: s.correct1, goldIsNil: s.goldIsNil });
    const { threshold } = chooseNilThreshold(train.map(outcome));
    thresholds.push(threshold);
    return scored.filter((s) => fold(s) === f).map((s) => ({ s, nil: outcome(s).confidence < threshold }));
  });
  let tp = 0, fp = 0, fn = 0, right = 0, inPackRight = 0;
  for (const { s, nil } of decided) {
    if (nil && s.goldIsNil) tp++;
    if (nil && !s.goldIsNil) fp++;
    if (!nil && s.goldIsNil) fn++;
    if ((nil && s.goldIsNil) || (!nil && s.correct1)) right++;
    if (!nil && s.correct1) inPackRight++;
  }
  const inPack = scored.filter((s) => !s.goldIsNil).length;
  return {
    n_gold_nil: scored.length - inPack,
    threshold: round(thresholds.reduce((a, b) => a + b, 0) / thresholds.length),
    nil: prf(tp, fp, fn),
    decision_accuracy: round(right / scored.length),
    in_pack_linked_correctly: round(inPackRight / inPack),
  };
}

/** A MEDIC pack with a training corpus's mentions added as synonyms (what `eval ner --add-mentions` annotates with). */
export async function medicPackWithMentions(dictionary: string, addMentions: string[], types?: string[]): Promise<{ dir: string; added: number }> {
  const { dir, added } = await derivedMedicPack({ corpus: '', dictionary, addMentions, ...(types ? { types } : {}) }, []);
  return { dir, added };
}

/**
 * A MEDIC pack for this run: the full dictionary, minus the held-out gold concepts, plus training mentions as
 * synonyms. Built once per (dictionary, holdout, seed, training files) into the cache; the filtered TSV and the
 * synonym vocabulary are temporary files outside the project.
 */
async function derivedMedicPack(options: ProductionLinkEvalOptions, mentions: GoldMention[]): Promise<{ dir: string; heldOut: number; added: number }> {
  if (!options.dictionary) throw new RangeError('a dictionary or a pack is needed');
  const base = await medicPackDir(options.dictionary);
  const holdout = options.nilHoldout ?? 0;
  if (holdout === 0 && !options.addMentions?.length) return { dir: base, heldOut: 0, added: 0 };
  const pack = Pack.open(base);
  const answers = goldAnswers(pack);
  // Gold id → the pack concept that answers to it (primary ids first, so an alt id never steals a primary).
  const owner = new Map<string, string>();
  for (const pass of [0, 1]) {
    for (const [cid, ids] of answers) {
      const [primary, ...alts] = [...ids];
      for (const id of pass === 0 ? [primary!] : alts) if (!owner.has(id)) owner.set(id, cid);
    }
  }
  const goldConcepts = [...new Set(mentions.flatMap((m) => [...m.gold].flatMap((id) => owner.get(id) ?? [])))].sort();
  const rng = seededRandom(options.seed ?? 42);
  const shuffled = goldConcepts.map((c) => [rng(), c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  const held = new Set(shuffled.slice(0, Math.round(goldConcepts.length * holdout)));

  const key = createHash('sha256').update(`${base}|${holdout}|${options.seed ?? 42}|v${PACK_VERSION}`);
  for (const f of options.addMentions ?? []) key.update(`|${resolve(f)}|${statSync(f).size}|${statSync(f).mtimeMs}`);
  for (const t of options.types ?? []) key.update(`|type:${t}`);
  const dir = join(cacheDir(), 'packs', `medic-eval-${key.digest('hex').slice(0, 16)}`);
  const synonyms = await trainingSynonyms(options.addMentions ?? [], options.types, owner, held, pack);
  const added = [...synonyms.values()].reduce((n, s) => n + s.size, 0);
  pack.close();
  if (existsSync(join(dir, PACK_MANIFEST_FILE))) return { dir, heldOut: held.size, added };

  const work = `${dir}.sources-${process.pid}`;
  await mkdir(work, { recursive: true });
  try {
    const medic = join(work, 'medic.tsv');
    const lines: string[] = [];
    for await (const { text } of readLines(options.dictionary)) {
      const id = text.startsWith('#') ? undefined : text.split('\t')[1]?.trim();
      if (id && held.has(id)) continue;
      lines.push(text);
    }
    await writeFile(medic, lines.join('\n') + '\n');
    const sources: { kind: 'medic' | 'vocab'; path: string }[] = [{ kind: 'medic', path: medic }];
    const bySystem = new Map<string, { code: string; preferred: string; synonyms: string[] }[]>();
    for (const [cid, names] of synonyms) {
      const [system, code] = [cid.slice(0, cid.indexOf(':')), cid.slice(cid.indexOf(':') + 1)];
      const list = bySystem.get(system) ?? [];
      const [first, ...rest] = [...names];
      list.push({ code, preferred: first!, synonyms: rest });
      bySystem.set(system, list);
    }
    for (const [system, concepts] of bySystem) {
      const file = join(work, `train-mentions-${system}.json`);
      await writeFile(file, JSON.stringify({ format: 'clinlink-vocab', version: 1, system, concepts: concepts.map((c) => ({ ...c, group: 'condition' })) }));
      sources.push({ kind: 'vocab', path: file });
    }
    await buildPack({ out: dir, name: 'medic-eval', sources });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { dir, heldOut: held.size, added };
}

/** Training-corpus mentions with one gold concept, as new names of that concept (held-out concepts excluded). */
async function trainingSynonyms(files: string[], types: string[] | undefined, owner: Map<string, string>, held: Set<string>, pack: Pack): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    for await (const doc of readPubtator(file)) {
      for (const m of doc.mentions) {
        if (!typeMatches(m.type, types) || m.ids.length !== 1) continue;
        const cid = owner.get(m.ids[0]!);
        if (!cid || held.has(cid)) continue;
        const known = pack.searchTerms(m.text, { limit: 50 }).some((h) => h.score === 1 && h.conceptId === cid);
        if (known) continue;
        const set = out.get(cid) ?? new Set<string>();
        set.add(m.text);
        out.set(cid, set);
      }
    }
  }
  return out;
}
