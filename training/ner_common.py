"""Disease mention tagger pieces shared by train_ner.py and export_ner.py: words with character offsets (the Python
twin of src/ner/learned-tagger.ts / src/runtime/token-classifier.ts word splitting), BIO labels per word (first word
piece), windows of at most W word pieces with overlap, and BIO -> span decoding.

Words are split exactly where BertPreTokenizer splits after BertNormalizer (whitespace, each punctuation character,
each CJK ideograph), but on the ORIGINAL string, so a word keeps its offsets; each word is then word-pieced on its own
(the same pieces as the whole text: the pre-tokenizer never merges across those boundaries).
"""
from __future__ import annotations

import unicodedata

import torch
import torch.nn as nn

from common import BertConfig, BertEncoder, WordPieceTokenizer, _is_chinese, _is_punct, _is_whitespace

LABELS = ["O", "B-Disease", "I-Disease"]


def words_with_offsets(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(text):
        if _is_whitespace(ch):
            if start >= 0:
                out.append((start, i))
                start = -1
        elif _is_punct(ch) or _is_chinese(ord(ch)):
            if start >= 0:
                out.append((start, i))
                start = -1
            out.append((i, i + 1))
        elif start < 0:
            start = i
    if start >= 0:
        out.append((start, len(text)))
    return out


class ConvBlock(nn.Module):
    """Residual 1-D convolution over the piece sequence: explicit left/right-neighbour features, which a 2-layer
    encoder whose position table was only trained to 24 positions learns slowly through attention. Padding is zeroed
    first so it never leaks into real positions."""

    def __init__(self, hidden: int, width: int, kernel: int, dropout: float):
        super().__init__()
        self.c1 = nn.Conv1d(hidden, width, kernel, padding=kernel // 2)
        self.c2 = nn.Conv1d(width, hidden, kernel, padding=kernel // 2)
        self.ln = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        m = mask.unsqueeze(-1).to(x.dtype)
        y = (x * m).transpose(1, 2)
        y = self.c1(y)
        y = torch.nn.functional.gelu(y) * m.transpose(1, 2)
        y = self.c2(y).transpose(1, 2)
        return self.ln(x + self.drop(y))


class Tagger(nn.Module):
    def __init__(self, c: BertConfig, n_labels: int = len(LABELS), dropout: float = 0.1, conv: int = 0, kernel: int = 3):
        super().__init__()
        self.bert = BertEncoder(c)
        self.convs = nn.ModuleList([ConvBlock(c.hidden, 2 * c.hidden, kernel, dropout) for _ in range(conv)])
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(c.hidden, n_labels)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def forward(self, input_ids, attention_mask, token_type_ids):
        x = self.bert(input_ids, attention_mask, token_type_ids)
        for c in self.convs:
            x = c(x, attention_mask)
        return self.head(self.drop(x))


def inner_upper(word: str) -> int:
    """1 when an uppercase letter (Lu) follows the word's first character ("DMD", "G6PD", "BRCA1", "McArdle"): the
    tokenizer is uncased, and this bit, fed as token_type_ids, gives the tagger back the acronym shape."""
    return int(any(unicodedata.category(c) == "Lu" for c in word[1:]))


def encode_doc(tok: WordPieceTokenizer, text: str, max_word_pieces: int = 16, case_types: bool = False):
    """Words (start, end) that yield pieces, their pieces (a word longer than max_word_pieces is cut: it is still
    labelled by its first piece) and their token type (inner_upper when case_types, else 0)."""
    words, pieces, types = [], [], []
    for s, e in words_with_offsets(text):
        ids = tok.tokenize_ids(text[s:e])
        if not ids:
            continue  # only characters the normaliser removes
        words.append((s, e))
        pieces.append(ids[:max_word_pieces])
        types.append(inner_upper(text[s:e]) if case_types else 0)
    return words, pieces, types


def word_labels(words, spans) -> tuple[list[int], int]:
    """BIO per word from gold char spans; returns labels and the number of spans not on word boundaries."""
    lab = [0] * len(words)
    misaligned = 0
    for gs, ge in spans:
        inside = [i for i, (s, e) in enumerate(words) if s < ge and gs < e]
        if not inside:
            misaligned += 1
            continue
        if words[inside[0]][0] != gs or words[inside[-1]][1] != ge:
            misaligned += 1
        lab[inside[0]] = 1
        for i in inside[1:]:
            lab[i] = 2
    return lab, misaligned


def windows(pieces: list[list[int]], budget: int, stride_frac: float = 0.5, first: int = 0) -> list[tuple[int, int]]:
    """[start, end) word ranges of at most `budget` pieces; the next window starts about stride_frac*budget pieces
    later (at a word boundary), so windows overlap. Same rule as token-classifier.ts."""
    n = len(pieces)
    out = []
    s = first
    while s < n:
        tot = 0
        e = s
        while e < n and (tot + len(pieces[e]) <= budget or e == s):
            tot += len(pieces[e])
            e += 1
        out.append((s, e))
        if e >= n:
            break
        step_tot = 0
        ns = s
        while ns < e and step_tot < stride_frac * budget:
            step_tot += len(pieces[ns])
            ns += 1
        s = max(ns, s + 1)
    return out


def window_rows(tok: WordPieceTokenizer, pieces, win, budget: int, types=None):
    """ids row ([CLS] pieces [SEP], cut at budget+2), its token types (each piece gets its word's type) and, per word
    of the window, the position of its first piece (-1 when cut off)."""
    ids = [tok.cls]
    tts = [0]
    firsts = []
    for w in range(win[0], win[1]):
        if len(ids) - 1 + len(pieces[w]) > budget:
            ps = pieces[w][: max(0, budget - (len(ids) - 1))]
        else:
            ps = pieces[w]
        firsts.append(len(ids) if ps else -1)
        ids.extend(ps)
        tts.extend([types[w] if types else 0] * len(ps))
    ids.append(tok.sep)
    tts.append(0)
    return ids, firsts, tts


def decode(labels: list[int], words) -> list[tuple[int, int]]:
    """BIO -> char spans; an I after O starts a span (lenient repair)."""
    spans = []
    cur = None
    for i, l in enumerate(labels):
        if l == 1 or (l == 2 and cur is None):
            if cur is not None:
                spans.append(cur)
            cur = [words[i][0], words[i][1]]
        elif l == 2:
            cur[1] = words[i][1]
        else:
            if cur is not None:
                spans.append(cur)
            cur = None
    if cur is not None:
        spans.append(cur)
    return [tuple(s) for s in spans]


@torch.no_grad()
def predict_doc(model: Tagger, tok: WordPieceTokenizer, text: str, budget: int, return_probs: bool = False,
                case_types: bool = False):
    """Word labels for a whole text: windows with half overlap, each word labelled by the window where it is farthest
    from an edge (the same rule as token-classifier.ts)."""
    model.eval()
    words, pieces, types = encode_doc(tok, text, case_types=case_types)
    if not words:
        return ([], words, []) if return_probs else ([], words)
    wins = windows(pieces, budget)
    rows = [window_rows(tok, pieces, w, budget, types) for w in wins]
    L = max(len(r[0]) for r in rows)
    ids = torch.full((len(rows), L), tok.pad, dtype=torch.long)
    mask = torch.zeros((len(rows), L), dtype=torch.long)
    tt = torch.zeros((len(rows), L), dtype=torch.long)
    for i, (r, _, t) in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
        tt[i, : len(t)] = torch.tensor(t)
    probs = torch.softmax(model(ids, mask, tt), dim=-1)
    best = [None] * len(words)
    best_d = [-1] * len(words)
    for wi, (w, (_, firsts, _)) in enumerate(zip(wins, rows)):
        n = w[1] - w[0]
        for j in range(n):
            if firsts[j] < 0:
                continue
            # distance to the nearest edge where the window CUTS the text (the text's own ends do not count)
            d = min(j if w[0] > 0 else 1 << 30, n - 1 - j if w[1] < len(words) else 1 << 30)
            gi = w[0] + j
            if d > best_d[gi]:
                best_d[gi] = d
                best[gi] = probs[wi, firsts[j]]
    P = torch.stack([b if b is not None else torch.tensor([1.0, 0.0, 0.0]) for b in best])
    labels = P.argmax(-1).tolist()
    return (labels, words, P) if return_probs else (labels, words)


def viterbi(logp: torch.Tensor) -> list[int]:
    """Best label path under the BIO constraint (no I after O or at the start) from per-word log-probabilities
    [n, 3]; the same decoding as learned-tagger.ts. Unlike argmax + repair it never splits a span in two because of
    one word's B/I confusion."""
    n = logp.shape[0]
    if n == 0:
        return []
    NEG = -1e9
    # allowed[prev][cur]: O->I forbidden
    allowed = torch.tensor([[0.0, 0.0, NEG], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    score = logp[0].clone()
    score[2] = NEG
    back = []
    for i in range(1, n):
        cand = score[:, None] + allowed  # [prev, cur]
        best, arg = cand.max(0)
        back.append(arg)
        score = best + logp[i]
    path = [int(score.argmax())]
    for arg in reversed(back):
        path.append(int(arg[path[-1]]))
    return path[::-1]


class Ensemble(nn.Module):
    """Several taggers over the same windows: output = log of their mean label probabilities, so a softmax of it (what
    the runtime does with `logits`) is the averaged distribution."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, input_ids, attention_mask, token_type_ids):
        p = torch.stack([torch.softmax(m(input_ids, attention_mask, token_type_ids), dim=-1) for m in self.members]).mean(0)
        return torch.log(p.clamp_min(1e-9))
