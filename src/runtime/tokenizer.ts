/**
 * Hugging Face `tokenizer.json` (BERT WordPiece family) loaded with @huggingface/tokenizers, plus what that library
 * does not do: truncation to max_length (keeping [SEP]), longest-first pair truncation, padding, attention masks,
 * token_type_ids and int64 batches ready for onnxruntime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { ClinlinkError } from '../errors.js';

export interface EncodedBatch {
  /** rows in the batch */
  batch: number;
  /** padded sequence length */
  seqLen: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  /** unpadded length of each row (including [CLS]/[SEP]) */
  lengths: number[];
}

export interface EncodedRow {
  ids: number[];
  typeIds: number[];
}

/** Characters tokenised at first for a long text; doubled until enough tokens are produced (see `pieces`). */
const PREFIX_CHARS_PER_TOKEN = 24;

export class TextTokenizer {
  readonly vocabSize: number;
  readonly clsId: number;
  readonly sepId: number;
  readonly padId: number;

  private constructor(
    private readonly tok: Tokenizer,
    readonly file: string,
    vocabSize: number,
  ) {
    this.vocabSize = vocabSize;
    const id = (t: string): number => {
      const v = tok.token_to_id(t);
      if (v === undefined) throw new ClinlinkError('E_MODEL_MISMATCH', `tokenizer has no ${t} token (a BERT WordPiece tokenizer is expected)`, { file });
      return v;
    };
    this.clsId = id('[CLS]');
    this.sepId = id('[SEP]');
    this.padId = id('[PAD]');
  }

  static load(file: string): TextTokenizer {
    if (!existsSync(file)) throw new ClinlinkError('E_MODEL_MISSING', 'tokenizer.json not found', { file });
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new ClinlinkError('E_MODEL_CORRUPT', 'tokenizer.json is not valid JSON', { file }, { cause });
    }
    const model = (json as { model?: { type?: string; vocab?: unknown } } | null)?.model;
    if (!model || typeof model.vocab !== 'object' || model.vocab === null || Array.isArray(model.vocab)) {
      throw new ClinlinkError('E_MODEL_CORRUPT', 'tokenizer.json has no WordPiece model vocabulary', { file });
    }
    if (model.type !== undefined && model.type !== 'WordPiece') {
      throw new ClinlinkError('E_MODEL_MISMATCH', `tokenizer model is ${String(model.type)}, clinlink expects WordPiece (BERT)`, { file });
    }
    let tok: Tokenizer;
    try {
      tok = new Tokenizer(json as object, {});
    } catch (cause) {
      throw new ClinlinkError('E_MODEL_CORRUPT', 'tokenizer.json cannot be loaded', { file }, { cause });
    }
    let maxId = -1;
    for (const v of Object.values(model.vocab as Record<string, unknown>)) if (typeof v === 'number' && v > maxId) maxId = v;
    const added = (json as { added_tokens?: { id?: unknown }[] }).added_tokens ?? [];
    for (const a of added) if (typeof a.id === 'number' && a.id > maxId) maxId = a.id;
    return new TextTokenizer(tok, file, maxId + 1);
  }

  /** Word pieces of a text without special tokens, at most `limit` of them (the first ones). */
  pieces(text: string, limit: number): number[] {
    if (limit <= 0 || text.length === 0) return [];
    // Long texts: tokenise a prefix cut just before whitespace/ASCII punctuation (a word boundary for the BERT
    // pre-tokeniser, so the pieces before the cut are exactly those of the full text); grow it until it yields enough.
    let take = Math.max(256, limit * PREFIX_CHARS_PER_TOKEN);
    while (take < text.length) {
      let cut = take;
      while (cut > 0 && !isBoundary(text.charCodeAt(cut))) cut--;
      if (cut === 0) break; // no boundary at all: tokenise the whole text
      const ids = this.tok.encode(text.slice(0, cut), { add_special_tokens: false }).ids;
      if (ids.length >= limit) return ids.slice(0, limit);
      take *= 2;
    }
    const ids = this.tok.encode(text, { add_special_tokens: false }).ids;
    return ids.length > limit ? ids.slice(0, limit) : ids;
  }

  /** [CLS] text [SEP], truncated to maxLength (the [SEP] is kept). */
  encode(text: string, maxLength: number): EncodedRow {
    checkMaxLength(maxLength, 2);
    const ids = [this.clsId, ...this.pieces(text, maxLength - 2), this.sepId];
    return { ids, typeIds: new Array<number>(ids.length).fill(0) };
  }

  /** [CLS] a [SEP] b [SEP] with token_type_ids 0…0 1…1, longest-first truncation to maxLength. */
  encodePair(a: string, b: string, maxLength: number): EncodedRow {
    checkMaxLength(maxLength, 3);
    const budget = maxLength - 3;
    const pa = this.pieces(a, budget);
    const pb = this.pieces(b, budget);
    let na = pa.length;
    let nb = pb.length;
    while (na + nb > budget) {
      if (na >= nb) na--;
      else nb--;
    }
    const ids = [this.clsId, ...pa.slice(0, na), this.sepId, ...pb.slice(0, nb), this.sepId];
    const typeIds = [...new Array<number>(na + 2).fill(0), ...new Array<number>(nb + 1).fill(1)];
    return { ids, typeIds };
  }

  /** Pads rows into one int64 batch (pad id, attention mask 0 on padding). */
  pad(rows: readonly EncodedRow[]): EncodedBatch {
    const batch = rows.length;
    let seqLen = 0;
    for (const r of rows) if (r.ids.length > seqLen) seqLen = r.ids.length;
    const inputIds = new BigInt64Array(batch * seqLen).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(batch * seqLen);
    const tokenTypeIds = new BigInt64Array(batch * seqLen);
    const lengths: number[] = [];
    rows.forEach((r, i) => {
      const o = i * seqLen;
      for (let j = 0; j < r.ids.length; j++) {
        inputIds[o + j] = BigInt(r.ids[j]!);
        attentionMask[o + j] = 1n;
        tokenTypeIds[o + j] = BigInt(r.typeIds[j] ?? 0);
      }
      lengths.push(r.ids.length);
    });
    return { batch, seqLen, inputIds, attentionMask, tokenTypeIds, lengths };
  }

  encodeBatch(texts: readonly string[], maxLength: number): EncodedBatch {
    return this.pad(texts.map((t) => this.encode(t, maxLength)));
  }

  encodePairBatch(pairs: readonly (readonly [string, string])[], maxLength: number): EncodedBatch {
    return this.pad(pairs.map(([a, b]) => this.encodePair(a, b, maxLength)));
  }
}

function checkMaxLength(maxLength: number, min: number): void {
  if (!Number.isInteger(maxLength) || maxLength < min) {
    throw new ClinlinkError('E_INVALID_ARGUMENT', `max_length must be an integer >= ${min}`, { field: 'max_length' });
  }
}

/** Whitespace or ASCII punctuation: always a word boundary for BertPreTokenizer. */
function isBoundary(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
