"""Shared pieces for clinlink training: paths, a Python twin of the HF BERT tokenizer pipeline
(BertNormalizer + BertPreTokenizer + WordPiece), the BERT encoder in plain torch, data readers, abbreviations.

Run with Debian's /usr/bin/python3 (python3-torch 1.13, python3-onnx, python3-numpy).
"""
from __future__ import annotations

import gzip
import json
import math
import os
import random
import re
import unicodedata
from dataclasses import dataclass, asdict

# OpenBLAS (libopenblas0-pthread) ignores torch.set_num_threads: pin BLAS/OpenMP threads BEFORE torch loads.
# CLINLINK_THREADS (default 1) is the per-process budget; the other core belongs to the rest of the team.
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, os.environ.get("CLINLINK_THREADS", "1"))

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.environ.get("CLINLINK_SHARED_DATA", "/work/shared/data")
DATA = os.path.join(HERE, "data")  # git-ignored scratch
RUNS = os.path.join(HERE, "runs")  # git-ignored scratch


def shared(*p: str) -> str:
    return os.path.join(SHARED, *p)


def norm_xref(x: str) -> str | None:
    """A Disease Ontology / MEDIC cross-reference in the gold-id style of NCBI-disease (MESH:…, OMIM:…, ICD:…), or None."""
    if x.startswith("MESH:"):
        return "MESH:" + x[5:]
    if x.startswith("MIM:") or x.startswith("OMIM:"):
        v = x.split(":", 1)[1]
        return "OMIM:" + v if v.isdigit() else None
    if x.startswith("ICD10CM:"):
        return "ICD:" + x[8:].replace(".", "")
    return None


def clipped_step(model: nn.Module, opt: torch.optim.Optimizer, loss: torch.Tensor, ema: float | None) -> float:
    """One optimiser step with the gradient norm clipped at 1; returns the running (0.98) average of the loss."""
    opt.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()


def warmup_cosine(step: int, lr: float, warmup: int, steps: int) -> float:
    """Learning rate at `step`: linear warm-up over `warmup` steps, then cosine decay to 0 at `steps`."""
    if step < warmup:
        return lr * (step + 1) / warmup
    p = (step - warmup) / max(1, steps - warmup)
    return lr * 0.5 * (1 + math.cos(math.pi * min(1.0, p)))


def seed_all(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:
        pass


# ----------------------------------------------------------------------------------------------------------------
# Tokenizer (must match @huggingface/tokenizers BertNormalizer/BertPreTokenizer/WordPiece; checked in node)
# ----------------------------------------------------------------------------------------------------------------
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _is_control(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Cs") or False


def _is_whitespace(ch: str) -> bool:
    if ch in " \t\n\r":
        return True
    return unicodedata.category(ch) == "Zs"


def _is_chinese(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B920 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def bert_normalize(text: str) -> str:
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or _is_control(ch):
            continue
        if _is_whitespace(ch):
            out.append(" ")
        elif _is_chinese(cp):
            out.append(" " + ch + " ")
        else:
            out.append(ch)
    s = unicodedata.normalize("NFD", "".join(out))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.lower()


def bert_pretokenize(text: str) -> list[str]:
    words: list[str] = []
    cur: list[str] = []
    for ch in text:
        if _is_whitespace(ch):
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


class WordPieceTokenizer:
    def __init__(self, vocab: list[str], max_chars: int = 100):
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]
        self.pad = self.ids["[PAD]"]
        self.max_chars = max_chars
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: str) -> "WordPieceTokenizer":
        if path.endswith(".json"):
            j = json.load(open(path, encoding="utf-8"))
            v = j["model"]["vocab"]
            vocab = [None] * len(v)
            for t, i in v.items():
                vocab[i] = t
            return cls(vocab)
        return cls([l.rstrip("\n") for l in open(path, encoding="utf-8")])

    def word_ids(self, word: str) -> list[int]:
        got = self._cache.get(word)
        if got is not None:
            return got
        if len(word) > self.max_chars:
            res = [self.unk]
        else:
            res = []
            start = 0
            n = len(word)
            bad = False
            while start < n:
                end = n
                cur = None
                while start < end:
                    sub = word[start:end]
                    if start > 0:
                        sub = "##" + sub
                    if sub in self.ids:
                        cur = self.ids[sub]
                        break
                    end -= 1
                if cur is None:
                    bad = True
                    break
                res.append(cur)
                start = end
            if bad:
                res = [self.unk]
        if len(self._cache) < 500_000:
            self._cache[word] = res
        return res

    def tokenize_ids(self, text: str) -> list[int]:
        ids: list[int] = []
        for w in bert_pretokenize(bert_normalize(text)):
            ids.extend(self.word_ids(w))
        return ids

    def encode(self, text: str, max_length: int) -> list[int]:
        ids = self.tokenize_ids(text)[: max_length - 2]
        return [self.cls] + ids + [self.sep]

    def encode_pair(self, a: str, b: str, max_length: int) -> tuple[list[int], list[int]]:
        ia = self.tokenize_ids(a)
        ib = self.tokenize_ids(b)
        # longest-first truncation (like HF) to fit [CLS] a [SEP] b [SEP]
        budget = max_length - 3
        while len(ia) + len(ib) > budget:
            if len(ia) >= len(ib):
                ia.pop()
            else:
                ib.pop()
        ids = [self.cls] + ia + [self.sep] + ib + [self.sep]
        tt = [0] * (len(ia) + 2) + [1] * (len(ib) + 1)
        return ids, tt

    def batch(self, texts: list[str], max_length: int, device="cpu"):
        seqs = [self.encode(t, max_length) for t in texts]
        L = max(len(s) for s in seqs)
        ids = torch.full((len(seqs), L), self.pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), L), dtype=torch.long)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        return ids, mask, torch.zeros_like(ids)

    def batch_pairs(self, pairs: list[tuple[str, str]], max_length: int):
        enc = [self.encode_pair(a, b, max_length) for a, b in pairs]
        L = max(len(s) for s, _ in enc)
        ids = torch.full((len(enc), L), self.pad, dtype=torch.long)
        mask = torch.zeros((len(enc), L), dtype=torch.long)
        tts = torch.zeros((len(enc), L), dtype=torch.long)
        for i, (s, t) in enumerate(enc):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
            tts[i, : len(t)] = torch.tensor(t)
        return ids, mask, tts


# ----------------------------------------------------------------------------------------------------------------
# BERT encoder (HF BertModel layout: post-LN, GELU(erf), word+position+token_type embeddings)
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class BertConfig:
    vocab_size: int = 16000
    hidden: int = 128
    layers: int = 2
    heads: int = 2
    intermediate: int = 512
    max_position: int = 128
    type_vocab: int = 2
    dropout: float = 0.1
    ln_eps: float = 1e-12

    def to_json(self) -> dict:
        return asdict(self)


class BertLayer(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.h = c.heads
        self.q = nn.Linear(c.hidden, c.hidden)
        self.k = nn.Linear(c.hidden, c.hidden)
        self.v = nn.Linear(c.hidden, c.hidden)
        self.o = nn.Linear(c.hidden, c.hidden)
        self.ln1 = nn.LayerNorm(c.hidden, eps=c.ln_eps)
        self.fc1 = nn.Linear(c.hidden, c.intermediate)
        self.fc2 = nn.Linear(c.intermediate, c.hidden)
        self.ln2 = nn.LayerNorm(c.hidden, eps=c.ln_eps)
        self.drop = nn.Dropout(c.dropout)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        B, L, H = x.shape
        d = H // self.h
        q = self.q(x).view(B, L, self.h, d).transpose(1, 2)
        k = self.k(x).view(B, L, self.h, d).transpose(1, 2)
        v = self.v(x).view(B, L, self.h, d).transpose(1, 2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(d)) + bias
        att = self.drop(torch.softmax(att, dim=-1))
        ctx = torch.matmul(att, v).transpose(1, 2).reshape(B, L, H)
        x = self.ln1(x + self.drop(self.o(ctx)))
        y = self.fc2(F.gelu(self.fc1(x)))
        return self.ln2(x + self.drop(y))


class BertEncoder(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.config = c
        self.word = nn.Embedding(c.vocab_size, c.hidden)
        self.pos = nn.Embedding(c.max_position, c.hidden)
        self.typ = nn.Embedding(c.type_vocab, c.hidden)
        self.ln = nn.LayerNorm(c.hidden, eps=c.ln_eps)
        self.drop = nn.Dropout(c.dropout)
        self.layers = nn.ModuleList([BertLayer(c) for _ in range(c.layers)])
        self.apply(self._init)

    @staticmethod
    def _init(m: nn.Module) -> None:
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, input_ids, attention_mask, token_type_ids):
        L = input_ids.shape[1]
        pos = torch.arange(L, device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.pos(pos) + self.typ(token_type_ids)
        x = self.drop(self.ln(x))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, bias)
        return x


def pool(h: torch.Tensor, mask: torch.Tensor, mode: str) -> torch.Tensor:
    if mode == "cls":
        return h[:, 0]
    m = mask.unsqueeze(-1).to(h.dtype)
    return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)


class BiEncoder(nn.Module):
    def __init__(self, c: BertConfig, pooling: str = "cls"):
        super().__init__()
        self.bert = BertEncoder(c)
        self.pooling = pooling

    def forward(self, ids, mask, tt):
        return F.normalize(pool(self.bert(ids, mask, tt), mask, self.pooling), dim=-1)


class CrossEncoder(nn.Module):
    def __init__(self, c: BertConfig):
        super().__init__()
        self.bert = BertEncoder(c)
        self.head = nn.Linear(c.hidden, 1)

    def forward(self, ids, mask, tt):
        return self.head(self.bert(ids, mask, tt)[:, 0])


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


@torch.no_grad()
def embed_texts(model: BiEncoder, tok: WordPieceTokenizer, texts: list[str], max_length: int, bs: int = 512) -> torch.Tensor:
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = torch.zeros((len(texts), model.bert.config.hidden))
    for s in range(0, len(order), bs):
        idx = order[s : s + bs]
        ids, mask, tt = tok.batch([texts[i] for i in idx], max_length)
        out[idx] = model(ids, mask, tt)
    return out


# ----------------------------------------------------------------------------------------------------------------
# Data readers
# ----------------------------------------------------------------------------------------------------------------
def read_pubtator(path: str) -> list[dict]:
    docs = []
    cur = None
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if cur:
                    docs.append(cur)
                cur = None
                continue
            if re.match(r"^\d+\|t\|", line):
                if cur:
                    docs.append(cur)
                pmid, _, title = line.split("|", 2)
                cur = {"pmid": pmid, "title": title, "abstract": "", "mentions": []}
            elif re.match(r"^\d+\|a\|", line):
                cur["abstract"] = line.split("|", 2)[2]
            else:
                p = line.split("\t")
                if len(p) >= 6:
                    cur["mentions"].append(
                        {"start": int(p[1]), "end": int(p[2]), "text": p[3], "type": p[4], "ids": p[5].strip()}
                    )
    if cur:
        docs.append(cur)
    return docs


def gold_set(idstr: str) -> set[str]:
    out = set()
    for part in re.split(r"[|+]", idstr):
        part = part.strip()
        if not part or part == "-1":
            continue
        if part.startswith("MESH:"):
            part = part[5:]
        out.add(part)
    return out


def read_medic() -> list[tuple[str, str, list[str]]]:
    """(primary id with MESH: stripped, name, alt ids) rows; names+synonyms. EVAL ONLY (licence-restricted)."""
    rows = []
    with gzip.open(shared("ctd-medic", "CTD_diseases-2017.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) < 8:
                continue
            cid = p[1][5:] if p[1].startswith("MESH:") else p[1]
            alts = [a[5:] if a.startswith("MESH:") else a for a in p[2].split("|") if a and not a.startswith("DO:")]
            rows.append((cid, p[0], alts))
            for s in p[7].split("|"):
                if s:
                    rows.append((cid, s, alts))
    return rows


# ----------------------------------------------------------------------------------------------------------------
# Abbreviations (Schwartz & Hearst 2003), for in-document expansion at eval time
# ----------------------------------------------------------------------------------------------------------------
def _sh_best_long_form(sf: str, lf: str) -> str | None:
    s = len(sf) - 1
    l = len(lf) - 1
    while s >= 0:
        c = sf[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while (l >= 0 and lf[l].lower() != c) or (s == 0 and l > 0 and lf[l - 1].isalnum()):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = lf.rfind(" ", 0, l + 1) + 1
    return lf[start:]


def find_abbreviations(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in re.finditer(r"\(([^()]{1,12})\)", text):
        sf = m.group(1).strip()
        if not (2 <= len(sf) <= 10) or not any(c.isalpha() for c in sf) or len(sf.split()) > 2:
            continue
        if not sf[0].isalnum():
            continue
        pre = text[: m.start()].rstrip()
        words = pre.split()
        nmax = min(len(sf) + 5, len(sf) * 2)
        cand = " ".join(words[-nmax:])
        lf = _sh_best_long_form(sf, cand)
        if lf and len(lf) > len(sf) and sf.lower() not in lf.lower().split():
            out.setdefault(sf, lf.strip())
    return out


def expand_abbreviations(mention: str, abbr: dict[str, str]) -> str:
    if not abbr:
        return mention
    toks = re.split(r"(\W+)", mention)
    changed = False
    for i, t in enumerate(toks):
        if t in abbr:
            toks[i] = abbr[t]
            changed = True
        elif t.endswith("s") and t[:-1] in abbr:
            toks[i] = abbr[t[:-1]]
            changed = True
    return "".join(toks) if changed else mention
