"""Own WordPiece vocabulary builder + Hugging Face tokenizer.json writer.

Normalisation = BERT uncased (clean text, CJK spacing, NFD accent stripping, lower-case), pre-tokenisation = BERT
(whitespace + punctuation). Training = WordPiece merges scored freq(ab) / (freq(a) * freq(b)) (HF/Google style),
with a lazily-refreshed heap. Continuing-subword prefix '##'. Output: tokenizer.json (loads in @huggingface/tokenizers
and in the Rust/Python `tokenizers`) and vocab.txt (one token a line, id = line number).

  /usr/bin/python3 build_vocab.py --corpus data/corpus.txt --size 16000 --out data/tokenizer
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import collections
import heapq
import json
import os
import time

from common import SPECIALS, bert_normalize, bert_pretokenize


def train_wordpiece(word_counts: dict[str, int], size: int, min_freq: int = 2, scoring: str = "freq") -> list[str]:
    """scoring "freq": merge the most frequent adjacent pair (what the HF WordPieceTrainer does - BPE merges with a
    '##' prefix); "likelihood": f(ab) / (f(a) f(b)) (Google WordPiece). On this small corpus (25k word types) the
    likelihood score spends the vocabulary on rare words and splits common ones into ~17 pieces per MEDIC name
    (first run, discarded), frequency merges give whole-word tokens for common clinical words."""
    alphabet = collections.Counter()
    for w, c in word_counts.items():
        for i, ch in enumerate(w):
            alphabet[ch if i == 0 else "##" + ch] += c
    # keep characters seen >= min_freq, both as word-initial and continuing forms so any word stays encodable
    chars = sorted({k[2:] if k.startswith("##") else k for k, c in alphabet.items() if c >= min_freq})
    vocab = list(SPECIALS)
    for ch in chars:
        vocab.append(ch)
    for ch in chars:
        vocab.append("##" + ch)
    known = set(vocab)
    words = []  # [symbols, count]
    for w, c in word_counts.items():
        syms = [w[0]] + ["##" + ch for ch in w[1:]]
        words.append([syms, c])
    sym_freq = collections.Counter()
    pair_freq = collections.Counter()
    pair_where = collections.defaultdict(set)
    for wi, (syms, c) in enumerate(words):
        for s in syms:
            sym_freq[s] += c
        for a, b in zip(syms, syms[1:]):
            pair_freq[(a, b)] += c
            pair_where[(a, b)].add(wi)

    def score(p):
        f = pair_freq.get(p, 0)
        if f < min_freq:
            return 0.0
        if scoring == "freq":
            return float(f)
        return f / (sym_freq[p[0]] * sym_freq[p[1]])

    heap = [(-score(p), p) for p in pair_freq]
    heapq.heapify(heap)
    t0 = time.time()
    while len(vocab) < size and heap:
        neg, p = heapq.heappop(heap)
        s = score(p)
        if s <= 0:
            continue
        if abs(s + neg) > 1e-12:  # stale entry: re-push with the current score
            heapq.heappush(heap, (-s, p))
            continue
        a, b = p
        new = a + (b[2:] if b.startswith("##") else b)
        if new not in known:
            vocab.append(new)
            known.add(new)
        touched = set()
        for wi in list(pair_where.pop(p, ())):
            syms, c = words[wi]
            # remove old pairs of this word
            for x, y in zip(syms, syms[1:]):
                pair_freq[(x, y)] -= c
                pair_where[(x, y)].discard(wi)
            out = []
            i = 0
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == a and syms[i + 1] == b:
                    out.append(new)
                    sym_freq[a] -= c
                    sym_freq[b] -= c
                    sym_freq[new] += c
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[wi][0] = out
            for x, y in zip(out, out[1:]):
                pair_freq[(x, y)] += c
                pair_where[(x, y)].add(wi)
                touched.add((x, y))
        pair_freq.pop(p, None)
        for q in touched:
            heapq.heappush(heap, (-score(q), q))
    print(f"wordpiece: {len(vocab)} tokens in {time.time() - t0:.1f}s")
    return vocab


def tokenizer_json(vocab: list[str], max_length: int | None = None) -> dict:
    ids = {t: i for i, t in enumerate(vocab)}
    added = [
        {"id": ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
         "special": True}
        for t in SPECIALS
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [ids["[CLS]"]], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [ids["[SEP]"]], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }


def tokenizer_config() -> dict:
    return {"do_lower_case": True, "tokenize_chinese_chars": True, "strip_accents": None, "model_max_length": 512,
            "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]",
            "mask_token": "[MASK]", "tokenizer_class": "BertTokenizer"}


def write_tokenizer(vocab: list[str], out_dir: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False)
    with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_config(), f, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="data/corpus.txt")
    ap.add_argument("--size", type=int, default=16000)
    ap.add_argument("--min-freq", type=int, default=2)
    ap.add_argument("--out", default="data/tokenizer")
    ap.add_argument("--scoring", default="freq", choices=["freq", "likelihood"])
    a = ap.parse_args()
    counts = collections.Counter()
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            counts.update(bert_pretokenize(bert_normalize(line)))
    counts = {w: c for w, c in counts.items() if len(w) <= 100}
    print(f"{len(counts)} distinct words")
    vocab = train_wordpiece(counts, a.size, a.min_freq, a.scoring)
    write_tokenizer(vocab, a.out)


if __name__ == "__main__":
    main()
