"""Reranker training data: (query, first-stage candidates, labels) over the CC0 / public-domain synonym groups
(data/groups.jsonl from prepare_data.py; NEVER MEDIC, BC5CDR or NCBI dev).

First stage = a Python twin of the production linker's fused score over every group name:
  dense cosine (bi-encoder) + 0.3 * exact normalised match + 0.75 * char 3-gram TF-IDF cosine (char_wb, smooth idf),
candidates de-duplicated by group (best name wins), top --k groups kept, like src/link/linker.ts.

Queries:
  ncbi : NCBI-disease TRAIN mentions (single gold id), split by document into train / val (val = the interpolation
         weight is chosen there, never on NCBI dev). Abbreviation-expanded variants are extra queries. Half the time
         (seeded, per query) every pool name equal to the mention is hidden, so both "the mention is in the
         dictionary" and "it is not" are seen.
  syn  : a name of a random group with >= 2 names, that name hidden from the pool (train split only).
False negatives are not negatives: a candidate group that is the positive group, shares a cross-reference target
(MeSH / OMIM / ICD-10-CM code, via Disease Ontology xrefs) with it, or whose name normalises to one of the
positive's names is labelled -1 (ignored), not 0.

  /usr/bin/python3 mine_rerank.py --bi runs/bi-shipped.pt --out data/rerank.jsonl
"""
import _env  # noqa: F401
import argparse
import collections
import csv
import gzip
import json
import math
import os
import random
import re
import time
import unicodedata

import torch

from common import (BertConfig, BiEncoder, WordPieceTokenizer, embed_texts, expand_abbreviations, find_abbreviations,
                    gold_set, norm_xref, read_pubtator, shared)

KEEP_S = re.compile(r"(?:ss|us|is|ous|sis|xis|itis|ics)$")


def singularize(t):
    if len(t) <= 3 or not t.endswith("s") or re.search(r"\d", t):
        return t
    if t.endswith("ies") and len(t) > 4:
        return t[:-3] + "y"
    if t.endswith("sses"):
        return t[:-2]
    if KEEP_S.search(t):
        return t
    return t[:-1]


def norm(text):
    """Twin of normalizeTerm in src/text/normalize.ts."""
    f = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return " ".join(singularize(t) for t in re.split(r"[^\w]+|_", f) if t)


class CharTfidf:
    """Twin of src/link/char-tfidf.ts (char_wb 3-grams per lower-cased whitespace word, smooth idf, L2)."""

    def __init__(self, names):
        self.gid = {}
        rows = [self.counts(n, True) for n in names]
        df = collections.Counter()
        for r in rows:
            df.update(r.keys())
        N = len(names)
        self.idf = torch.zeros(len(self.gid))
        for g, c in df.items():
            self.idf[g] = math.log((1 + N) / (1 + c)) + 1
        self.P = self.sparse(rows).coalesce()

    def counts(self, text, grow):
        m = collections.Counter()
        for w in text.lower().split():
            p = f" {w} "
            for i in range(len(p) - 2):
                g = p[i : i + 3]
                j = self.gid.get(g)
                if j is None:
                    if not grow:
                        continue
                    j = self.gid[g] = len(self.gid)
                m[j] += 1
        return m

    def sparse(self, rows):
        ri, ci, vs = [], [], []
        for r, m in enumerate(rows):
            w = {g: c * float(self.idf[g]) for g, c in m.items()}
            n = math.sqrt(sum(x * x for x in w.values())) or 1.0
            for g, x in w.items():
                ri.append(r)
                ci.append(g)
                vs.append(x / n)
        return torch.sparse_coo_tensor(torch.tensor([ri, ci], dtype=torch.long), torch.tensor(vs), (len(rows), len(self.gid)))

    def query_dense(self, texts):
        Q = self.sparse([self.counts(t, False) for t in texts]).to_dense()
        return Q


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bi", required=True)
    ap.add_argument("--groups", default="data/groups.jsonl")
    ap.add_argument("--out", required=True)
    ap.add_argument("--k", type=int, default=16)
    ap.add_argument("--syn", type=int, default=24000, help="synonym-group queries")
    ap.add_argument("--val-frac", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=5)
    a = ap.parse_args()
    t0 = time.time()
    rng = random.Random(a.seed)
    groups = [json.loads(l) for l in open(a.groups, encoding="utf-8")]
    names, gi = [], []
    for g, grp in enumerate(groups):
        for n in grp["names"]:
            names.append(n)
            gi.append(g)
    gi_t = torch.tensor(gi)
    nnorm = [norm(n) for n in names]
    by_norm = collections.defaultdict(list)
    for i, k in enumerate(nnorm):
        by_norm[k].append(i)
    group_norms = [set() for _ in groups]
    for i, k in enumerate(nnorm):
        group_norms[gi[i]].add(k)
    # cross-reference targets per group: its own ICD / NCBI keys + every xref of its DO keys
    do_x = collections.defaultdict(set)
    with gzip.open(shared("disease-ontology", "DOreports-allXREFinDO.tsv.gz"), "rt", encoding="utf-8") as f:
        r = csv.reader(f, delimiter="\t")
        next(r)
        for row in r:
            if len(row) >= 3:
                t = norm_xref(row[2])
                if t:
                    do_x["DO:" + row[0]].add(t)
    targets = []
    key_group = {}
    for g, grp in enumerate(groups):
        ts = set()
        for k in grp["keys"]:
            key_group[k] = g
            if k.startswith("ICD:"):
                ts.add(k)
            elif k.startswith("NCBI:"):
                v = k[5:]
                ts.add("OMIM:" + v[5:] if v.startswith("OMIM:") else ("MESH:" + v if not v.startswith("MESH:") else v))
            elif k.startswith("DO:"):
                ts |= do_x.get(k, set())
        targets.append(ts)
    by_target = collections.defaultdict(set)
    for g, ts in enumerate(targets):
        for t in ts:
            by_target[t].add(g)

    def related(g):
        out = set()
        for t in targets[g]:
            out |= by_target[t]
        return out

    # ---- queries
    queries = []  # (text, pos group, split, src, hide_exact)
    docs = read_pubtator(shared("ncbi-disease", "NCBItrainset_corpus.txt.gz"))
    drng = random.Random(a.seed + 1)
    seen = set()
    n_nogroup = 0
    for d in docs:
        split = "val" if drng.random() < a.val_frac else "train"
        abbr = find_abbreviations(d["title"] + " " + d["abstract"])
        for m in d["mentions"]:
            g = gold_set(m["ids"])
            if len(g) != 1:
                continue
            cid = next(iter(g))
            pg = key_group.get("NCBI:" + cid)
            if pg is None:
                n_nogroup += 1
                continue
            for text in {m["text"], expand_abbreviations(m["text"], abbr)}:
                key = (split, text.lower(), pg)
                if key in seen:
                    continue
                seen.add(key)
                queries.append((text, pg, split, "ncbi", rng.random() < 0.5))
    multi = [g for g, grp in enumerate(groups) if len(grp["names"]) >= 2]
    for _ in range(a.syn):
        g = rng.choice(multi)
        queries.append((rng.choice(groups[g]["names"]), g, "train", "syn", True))
    print(f"{len(names)} names, {len(groups)} groups, {len(queries)} queries ({n_nogroup} NCBI mentions without group)", flush=True)

    # ---- first stage
    ck = torch.load(a.bi, map_location="cpu")
    cfg = BertConfig(**ck["config"])
    bi = BiEncoder(cfg, ck.get("pooling", "cls"))
    bi.load_state_dict(ck["model"])
    bi.eval()
    tok = WordPieceTokenizer.from_file(ck["tokenizer"])
    ml = ck["args"]["max_len"]
    E = embed_texts(bi, tok, names, ml)
    Qe = embed_texts(bi, tok, [q[0] for q in queries], ml)
    print(f"embedded in {time.time() - t0:.0f}s", flush=True)
    ch = CharTfidf(names)
    PT = ch.P.t().coalesce()  # [V, N]
    out = open(a.out, "w", encoding="utf-8")
    stats = collections.Counter()
    B = 256
    for s in range(0, len(queries), B):
        qs = queries[s : s + B]
        S = Qe[s : s + B] @ E.T
        C = torch.sparse.mm(PT.t(), ch.query_dense([q[0] for q in qs]).t()).t()  # [b, N]
        S += 0.75 * C
        for b, (text, pg, split, src, hide) in enumerate(qs):
            qn = norm(text)
            ex = by_norm.get(qn, [])
            if hide:
                if src == "syn":
                    ex = [i for i in ex if names[i] == text] or ex
                S[b, ex] = -9.0
            else:
                S[b, ex] += 0.3
            vals, idx = S[b].topk(400)
            cands, seen_g = [], set()
            for v, i in zip(vals.tolist(), idx.tolist()):
                g = gi[i]
                if g in seen_g:
                    continue
                seen_g.add(g)
                cands.append((i, v))
                if len(cands) == a.k:
                    break
            rel = related(pg)
            pos_norms = group_norms[pg] - ({qn} if hide else set())
            labelled = []
            for i, v in cands:
                g = gi[i]
                if g == pg:
                    lab = 1
                elif g in rel or nnorm[i] in pos_norms or (group_norms[g] & pos_norms):
                    lab = -1
                else:
                    lab = 0
                labelled.append([names[i], round(v, 5), lab])
            # best positive name (for gold injection when the first stage misses it)
            members = (gi_t == pg).nonzero().squeeze(-1)
            pv, pj = S[b, members].max(0)
            pos = [names[int(members[pj])], round(float(pv), 5)] if float(pv) > -5 else None
            rank = next((r for r, c in enumerate(labelled) if c[2] == 1), -1)
            stats[f"{split}/{src}/n"] += 1
            stats[f"{split}/{src}/top1"] += rank == 0
            stats[f"{split}/{src}/in_k"] += rank >= 0
            stats[f"{split}/{src}/ignored"] += sum(1 for c in labelled if c[2] == -1)
            out.write(json.dumps({"q": text, "split": split, "src": src, "hide": hide, "pos": pos, "cands": labelled}) + "\n")
        if s % (B * 20) == 0:
            print(f"{s}/{len(queries)} {time.time() - t0:.0f}s", flush=True)
    out.close()
    print(json.dumps(stats, indent=1))
    print(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
