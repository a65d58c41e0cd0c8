"""Dev evaluation: NCBI disease DEV mentions linked against the CTD MEDIC dictionary (names + synonyms; eval only).

Protocol (what `clinlink eval link` is meant to follow): a mention is correct at k when one of the top-k distinct
predicted MEDIC concept ids (primary DiseaseID, MESH: prefix stripped) is among the gold ids; composite gold ids
("|" / "+") are a union. Reported for:
  plain      : dictionary = MEDIC, mention text as-is
  +abbr      : in-document abbreviation expansion (Schwartz-Hearst over title+abstract)
  +train     : NCBI TRAIN mentions added to the dictionary (with their gold ids)
  +train+abbr: both  (the "full" protocol)
and a char-3gram TF-IDF baseline in the same run, plus optional cross-encoder rerank of the bi-encoder top-k.

  /usr/bin/python3 eval_ncbi.py --ckpt runs/bi128/best.pt [--cross runs/cross/best.pt] [--out runs/bi128/eval.json]
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import collections
import json
import math
import os
import re
import time

import torch

from common import (BertConfig, BiEncoder, CrossEncoder, WordPieceTokenizer, bert_normalize, embed_texts,
                    expand_abbreviations, find_abbreviations, gold_set, read_medic, read_pubtator, shared)


def load_dev():
    docs = read_pubtator(shared("ncbi-disease", "NCBIdevelopset_corpus.txt.gz"))
    out = []
    for d in docs:
        abbr = find_abbreviations(d["title"] + " " + d["abstract"])
        for m in d["mentions"]:
            out.append({"text": m["text"], "gold": gold_set(m["ids"]), "exp": expand_abbreviations(m["text"], abbr)})
    return out


def load_train_dictionary():
    rows = []
    for d in read_pubtator(shared("ncbi-disease", "NCBItrainset_corpus.txt.gz")):
        for m in d["mentions"]:
            g = gold_set(m["ids"])
            if len(g) == 1:
                rows.append((next(iter(g)), m["text"]))
    return rows


class Dictionary:
    def __init__(self, rows):
        seen = {}
        for cid, name in rows:
            k = (cid, name.lower().strip())
            if k not in seen:
                seen[k] = name
        self.ids = [k[0] for k in seen]
        self.names = list(seen.values())


def topk_concepts(scores: torch.Tensor, ids: list[str], k: int, depth: int = 200):
    """scores: [Q, N] -> per query list of (cid, score, name_index) distinct concepts, best first."""
    depth = min(depth, scores.shape[1])
    vals, idx = scores.topk(depth, dim=1)
    res = []
    for q in range(scores.shape[0]):
        out, seen = [], set()
        for v, i in zip(vals[q].tolist(), idx[q].tolist()):
            c = ids[i]
            if c in seen:
                continue
            seen.add(c)
            out.append((c, v, i))
            if len(out) == k:
                break
        res.append(out)
    return res


ALT: dict[str, set[str]] = {}  # MEDIC primary id -> its AltDiseaseIDs (MESH/OMIM), filled by Evaluator


def hit(cid: str, gold: set[str]) -> bool:
    """Predicted concept is correct when its MEDIC id - or one of its MEDIC alt ids (the 2012 corpus ids that MEDIC
    2017 merged into another concept) - is among the gold ids."""
    return cid in gold or bool(ALT.get(cid, set()) & gold)


def accuracy(preds, mentions, ks=(1, 5)):
    r = {}
    for k in ks:
        ok = sum(1 for p, m in zip(preds, mentions) if any(hit(c, m["gold"]) for c, _, _ in p[:k]))
        r[f"acc@{k}"] = round(ok / len(mentions), 4)
    return r


# ---- char 3-gram TF-IDF baseline --------------------------------------------------------------------------------
def grams(s):
    s = " " + re.sub(r"\s+", " ", bert_normalize(s).strip()) + " "
    return collections.Counter(s[i : i + 3] for i in range(len(s) - 2))


def tfidf_scores(queries, names):
    df = collections.Counter()
    ng = [grams(n) for n in names]
    for g in ng:
        df.update(g.keys())
    N = len(names)
    idf = {t: math.log((1 + N) / (1 + c)) + 1 for t, c in df.items()}
    vocab = {t: i for i, t in enumerate(idf)}

    def vec(g):
        v = {vocab[t]: c * idf[t] for t, c in g.items() if t in vocab}
        n = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {i: x / n for i, x in v.items()}

    post = collections.defaultdict(list)
    for j, g in enumerate(ng):
        for i, x in vec(g).items():
            post[i].append((j, x))
    post = {i: (torch.tensor([j for j, _ in l]), torch.tensor([x for _, x in l])) for i, l in post.items()}
    S = torch.zeros((len(queries), N))
    for q, s in enumerate(queries):
        for i, x in vec(grams(s)).items():
            if i in post:
                js, xs = post[i]
                S[q].index_add_(0, js, xs * x)
    return S


def load_bi(path):
    ck = torch.load(path, map_location="cpu")
    cfg = BertConfig(**ck["config"])
    m = BiEncoder(cfg, ck.get("pooling", "cls"))
    m.load_state_dict(ck["model"])
    m.eval()
    return m, ck


def load_cross(path):
    ck = torch.load(path, map_location="cpu")
    m = CrossEncoder(BertConfig(**ck["config"]))
    m.load_state_dict(ck["model"])
    m.eval()
    return m, ck


@torch.no_grad()
def rerank(cross, tok, max_len, preds, queries, names, k, alpha=0.0):
    out = []
    for q, p in zip(queries, preds):
        cand = p[:k]
        if not cand:
            out.append(p)
            continue
        ids, mask, tt = tok.batch_pairs([(q, names[i]) for _, _, i in cand], max_len)
        s = cross(ids, mask, tt).squeeze(-1)
        s = s + alpha * torch.tensor([v for _, v, _ in cand])
        order = s.argsort(descending=True).tolist()
        out.append([cand[j] for j in order] + p[k:])
    return out


class Evaluator:
    """Caches dictionaries / TF-IDF so periodic dev evaluation during training is cheap."""

    def __init__(self, tfidf=True):
        self.dev = load_dev()
        for c, _, alts in read_medic():
            ALT.setdefault(c, set()).update(alts)
        self.medic = Dictionary([(c, n) for c, n, _ in read_medic()])
        self.full = Dictionary([(c, n) for c, n, _ in read_medic()] + load_train_dictionary())
        self.tfidf = {}
        self.tfidf_S = {}
        if tfidf:
            for dname, d in (("plain", self.medic), ("train", self.full)):
                for qname, key in (("", "text"), ("+abbr", "exp")):
                    S = tfidf_scores([m[key] for m in self.dev], d.names)
                    self.tfidf[f"{dname}{qname}"] = accuracy(topk_concepts(S, d.ids, 5), self.dev)
                    self.tfidf_S[f"{dname}{qname}"] = S

    def dense(self, model, tok, max_len, cross=None, cross_len=48, rerank_k=20, protocols=None, hybrid=True):
        res = {}
        cache = {}
        raw = embed_texts(model, tok, [m["text"] for m in self.dev], max_len)
        exp = embed_texts(model, tok, [m["exp"] for m in self.dev], max_len)
        for dname, d in (("plain", self.medic), ("train", self.full)):
            if protocols and not any(p.startswith(dname) for p in protocols):
                continue
            E = embed_texts(model, tok, d.names, max_len)
            for qname, Q, key in (("", raw, "text"), ("+abbr", exp, "exp")):
                name = f"{dname}{qname}"
                if protocols and name not in protocols:
                    continue
                S = Q @ E.T
                preds = topk_concepts(S, d.ids, max(5, rerank_k))
                res[name] = accuracy(preds, self.dev)
                if name in self.tfidf_S and hybrid:
                    # dense + sparse (BioSyn-style) with a fixed, untuned weight of 1
                    hp = topk_concepts(S + self.tfidf_S[name], d.ids, max(5, rerank_k))
                    res[name + "+hybrid"] = accuracy(hp, self.dev)
                    if cross is not None:
                        rr = rerank(cross, tok, cross_len, hp, [m[key] for m in self.dev], d.names, rerank_k)
                        res[name + "+hybrid+rerank"] = accuracy(rr, self.dev)
                if cross is not None:
                    rr = rerank(cross, tok, cross_len, preds, [m[key] for m in self.dev], d.names, rerank_k)
                    res[name + "+rerank"] = accuracy(rr, self.dev)
                cache[name] = preds
        return res, cache


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--cross")
    ap.add_argument("--rerank-k", type=int, default=20)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--fake-quant", action="store_true", help="evaluate with the int8-rounded weights export_onnx --quantize int8 ships")
    ap.add_argument("--no-tfidf", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--errors", help="write plain-protocol errors (jsonl) here")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    t0 = time.time()
    model, ck = load_bi(a.ckpt)
    if a.fake_quant:
        from export_onnx import fake_quant_state_dict

        model.load_state_dict(fake_quant_state_dict(model.state_dict()))
    tok = WordPieceTokenizer.from_file(ck["tokenizer"])
    cross = None
    cross_len = 48
    if a.cross:
        cross, cck = load_cross(a.cross)
        if a.fake_quant:
            from export_onnx import fake_quant_state_dict

            cross.load_state_dict(fake_quant_state_dict(cross.state_dict()))
        cross_len = cck["args"]["max_len"]
    ev = Evaluator(tfidf=not a.no_tfidf)
    dense, cache = ev.dense(model, tok, ck["args"]["max_len"], cross, cross_len, a.rerank_k)
    out = {"ckpt": a.ckpt, "cross": a.cross, "fake_quant_int8": a.fake_quant, "mentions": len(ev.dev), "medic_names": len(ev.medic.names),
           "tfidf_char3": ev.tfidf, "dense": dense, "seconds": round(time.time() - t0, 1)}
    print(json.dumps(out, indent=1))
    if a.out:
        json.dump(out, open(a.out, "w"), indent=1)
    if a.errors:
        with open(a.errors, "w") as f:
            for m, p in zip(ev.dev, cache["plain"]):
                if not any(hit(c, m["gold"]) for c, _, _ in p[:1]):
                    f.write(json.dumps({"mention": m["text"], "exp": m["exp"], "gold": sorted(m["gold"]),
                                        "pred": [(c, ev.medic.names[i]) for c, _, i in p[:3]]}) + "\n")


if __name__ == "__main__":
    main()
