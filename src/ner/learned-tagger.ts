/**
 * Learned mention tagger: the ONNX token classifier's per-word BIO probabilities turned into character spans of the
 * original text. Decoding is the best label path under the BIO constraint (I-X only after B-X or I-X), which unlike
 * argmax never splits one mention in two over a single B/I confusion (training/ner_common.py viterbi(), the same
 * decoding the dev numbers were measured with).
 */
import { invalidArgument } from '../errors.js';
import { trimEdgeWords } from './tagger-spans.js';
import { TokenClassifier, type TokenClassifierOpenOptions, type WordPredictions } from '../runtime/token-classifier.js';

export interface TaggedSpan {
  start: number;
  end: number;
  /** entity type of the BIO labels (`Disease` for B-Disease/I-Disease) */
  label: string;
  /** mean probability of the decoded label over the span's words, 0..1 */
  confidence: number;
}

export interface TagOptions {
  /** spans below this confidence are dropped (default 0) */
  minConfidence?: number;
  /** windows per onnxruntime call */
  batchSize?: number;
  /** text after this many UTF-16 units is not tagged (default 1,000,000; see ClassifyOptions.maxChars) */
  maxChars?: number;
}

export class LearnedTagger {
  private readonly kinds: { type: 'O' | 'B' | 'I'; label: string }[];

  constructor(readonly classifier: TokenClassifier) {
    this.kinds = classifier.labels.map((l) => {
      const m = /^([BI])-(.+)$/.exec(l);
      return m ? { type: m[1] as 'B' | 'I', label: m[2]! } : { type: 'O' as const, label: '' };
    });
  }

  /** Opens a token-classifier folder; without one, the shipped models/clinlink-ner. */
  static async open(dir?: string, options: TokenClassifierOpenOptions = {}): Promise<LearnedTagger> {
    return new LearnedTagger(dir ? await TokenClassifier.open(dir, options) : await TokenClassifier.openDefault(options));
  }

  get id(): string {
    return this.classifier.id;
  }

  /** Spans per text, in input order, sorted by start; offsets index the original strings (UTF-16 code units). */
  async tag(texts: readonly string[], options: TagOptions = {}): Promise<TaggedSpan[][]> {
    const min = options.minConfidence ?? 0;
    if (typeof min !== 'number' || !(min >= 0 && min <= 1)) throw invalidArgument('minConfidence must be in [0, 1]', 'minConfidence');
    const preds = await this.classifier.classify(texts, {
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
    });
    return preds.map((p, i) => this.decode(p).flatMap((s) => (s.confidence >= min ? trimEdgeWords(texts[i]!, s) : [])));
  }

  /** BIO-constrained best path over one text's words, then spans. */
  decode(p: WordPredictions): TaggedSpan[] {
    const n = p.starts.length;
    const L = this.kinds.length;
    if (n === 0) return [];
    const allowed = (from: number, to: number): boolean => {
      const k = this.kinds[to]!;
      if (k.type !== 'I') return true;
      const f = this.kinds[from]!;
      return f.type !== 'O' && f.label === k.label;
    };
    const logp = (i: number, k: number): number => Math.log(Math.max(p.probs[i * L + k]!, 1e-9));
    let score = new Float64Array(L);
    for (let k = 0; k < L; k++) score[k] = this.kinds[k]!.type === 'I' ? -Infinity : logp(0, k);
    const back = new Uint8Array(n * L);
    for (let i = 1; i < n; i++) {
      const next = new Float64Array(L).fill(-Infinity);
      for (let k = 0; k < L; k++) {
        let best = -Infinity;
        let arg = 0;
        for (let j = 0; j < L; j++) {
          if (!allowed(j, k)) continue;
          if (score[j]! > best) (best = score[j]!), (arg = j);
        }
        next[k] = best + logp(i, k);
        back[i * L + k] = arg;
      }
      score = next;
    }
    let last = 0;
    for (let k = 1; k < L; k++) if (score[k]! > score[last]!) last = k;
    const path = new Uint8Array(n);
    path[n - 1] = last;
    for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * L + path[i]!]!;

    const spans: TaggedSpan[] = [];
    let cur: { first: number; last: number; label: string; sum: number } | undefined;
    const close = (): void => {
      if (!cur) return;
      const words = cur.last - cur.first + 1;
      spans.push({ start: p.starts[cur.first]!, end: p.ends[cur.last]!, label: cur.label, confidence: Math.round((cur.sum / words) * 1e4) / 1e4 });
      cur = undefined;
    };
    for (let i = 0; i < n; i++) {
      const k = this.kinds[path[i]!]!;
      const prob = p.probs[i * L + path[i]!]!;
      if (k.type === 'B') {
        close();
        cur = { first: i, last: i, label: k.label, sum: prob };
      } else if (k.type === 'I' && cur) {
        cur.last = i;
        cur.sum += prob;
      } else {
        close();
      }
    }
    close();
    return spans;
  }

  async close(): Promise<void> {
    await this.classifier.close();
  }
}
