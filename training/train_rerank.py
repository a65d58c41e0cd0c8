"""Reranker (cross-encoder) on first-stage candidates mined by mine_rerank.py: BERT 128x2 + scalar head on [CLS],
"[CLS] mention [SEP] candidate [SEP]", initialised from the bi-encoder.

Per query: 1 positive (the best-ranked candidate of the positive group; when the first stage missed it, the
positive group's best name is injected), hard negatives = label-0 candidates of the first stage's top k, random
negatives = names of random groups. Curriculum: the share of random negatives falls linearly from --rand-start to
--rand-end over the first --curriculum steps. Candidates labelled -1 (synonyms / shared cross-references of the
positive: false negatives) are never used.
Loss = BCE(logit, label) over every pair + listwise softmax cross-entropy over {positive, hard negatives} of
beta * first_stage + logit, so the logit learns what the first stage misses (final score at run time:
first_stage + w * logit). The val numbers logged here use every held-out-document query, which leaks (mention
strings recur across documents); the shipped weight is chosen by select_rerank.py on the unseen ones.
Seeded; checkpoint + resume (runs/<name>/ckpt.pt); log runs/<name>/train.log.

  nohup /usr/bin/python3 train_rerank.py --name rr128 --bi runs/bi-shipped.pt --data data/rerank.jsonl --steps 5000 &
"""
import _env  # noqa: F401
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn.functional as F

from common import RUNS, BertConfig, CrossEncoder, WordPieceTokenizer, count_params, seed_all, warmup_cosine, clipped_step

W_GRID = [0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 1e6]


def log(fh, msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    fh.write(line + "\n")
    fh.flush()


@torch.no_grad()
def score_records(model, tok, recs, max_len, bs=512):
    """Cross logits for every candidate of every record (list of lists)."""
    model.eval()
    pairs = [(r["q"], c[0]) for r in recs for c in r["cands"]]
    out = torch.zeros(len(pairs))
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
    for s in range(0, len(order), bs):
        idx = order[s : s + bs]
        ids, mask, tt = tok.batch_pairs([pairs[i] for i in idx], max_len)
        out[idx] = model(ids, mask, tt).squeeze(-1)
    model.train()
    res, at = [], 0
    for r in recs:
        res.append(out[at : at + len(r["cands"])].tolist())
        at += len(r["cands"])
    return res


def accuracy_at_w(recs, logits, w):
    """acc@1 / acc@5 over records when candidates are ordered by first_stage + w * logit (w=1e6: logit only).
    A candidate labelled -1 (synonym / shared xref of the positive) counts as right, as the first stage's would."""
    a1 = a5 = 0
    for r, lg in zip(recs, logits):
        s = [(c[1] + w * l if w < 1e5 else l) for c, l in zip(r["cands"], lg)]
        order = sorted(range(len(s)), key=lambda i: -s[i])
        labs = [r["cands"][i][2] for i in order]
        a1 += bool(labs) and labs[0] != 0
        a5 += any(x != 0 for x in labs[:5])
    return a1 / len(recs), a5 / len(recs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--bi", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--steps", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=32, help="queries per step")
    ap.add_argument("--hard", type=int, default=7)
    ap.add_argument("--rand-start", type=int, default=4)
    ap.add_argument("--rand-end", type=int, default=1)
    ap.add_argument("--curriculum", type=int, default=1000)
    ap.add_argument("--beta", type=float, default=10.0, help="first-stage scale inside the listwise loss")
    ap.add_argument("--listwise", type=float, default=1.0)
    ap.add_argument("--ncbi-weight", type=float, default=3.0, help="sampling weight of NCBI-mention queries vs synonym queries")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--max-len", type=int, default=48)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--ckpt-every", type=int, default=250)
    ap.add_argument("--seed", type=int, default=23)
    a = ap.parse_args()
    torch.set_num_threads(1)
    seed_all(a.seed)
    run = os.path.join(RUNS, a.name)
    os.makedirs(run, exist_ok=True)
    fh = open(os.path.join(run, "train.log"), "a")
    recs = [json.loads(l) for l in open(a.data, encoding="utf-8")]
    train = [r for r in recs if r["split"] == "train" and (r["pos"] or any(c[2] == 1 for c in r["cands"]))]
    val = [r for r in recs if r["split"] == "val"]
    pool = sorted({c[0] for r in recs for c in r["cands"]} | {r["pos"][0] for r in recs if r["pos"]})
    weights = [a.ncbi_weight if r["src"] == "ncbi" else 1.0 for r in train]
    bck = torch.load(a.bi, map_location="cpu")
    tok = WordPieceTokenizer.from_file(bck["tokenizer"])
    cfg = BertConfig(**bck["config"])
    model = CrossEncoder(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    rng = random.Random(a.seed)
    ck_path = os.path.join(run, "ckpt.pt")
    step, wall, history = 0, 0.0, []
    if os.path.exists(ck_path):
        ck = torch.load(ck_path, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, wall, history = ck["step"], ck["wall"], ck["history"]
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        log(fh, f"resumed at step {step}")
    else:
        model.bert.load_state_dict({k[5:]: v for k, v in bck["model"].items() if k.startswith("bert.")})
        log(fh, f"start {json.dumps(vars(a))}")
        log(fh, f"params {count_params(model):,}; train queries {len(train)}, val {len(val)}, pool names {len(pool)}")
        base = accuracy_at_w(val, [[0.0] * len(r["cands"]) for r in val], 0.0)
        log(fh, f"val first stage alone acc@1 {base[0]:.4f} acc@5 {base[1]:.4f}")

    def lr_at(s):
        return warmup_cosine(s, a.lr, a.warmup, a.steps)

    def save(path, extra=None):
        d = {"model": model.state_dict(), "config": cfg.to_json(), "tokenizer": bck["tokenizer"], "args": vars(a),
             "step": step, "wall": wall, "bi": a.bi, "history": history}
        if extra:
            d.update(extra)
        torch.save(d, path + ".tmp")
        os.replace(path + ".tmp", path)

    def evaluate():
        lg = score_records(model, tok, val, a.max_len)
        res = {str(w): accuracy_at_w(val, lg, w) for w in W_GRID}
        best = max(W_GRID, key=lambda w: (res[str(w)][0], -abs(math.log10(w + 1e-9))))
        history.append({"step": step, "val": res, "best_w": best})
        log(fh, f"val step {step}: " + " ".join(f"w={w:g}:{res[str(w)][0]:.4f}/{res[str(w)][1]:.4f}" for w in W_GRID) + f" best w {best:g}")

    model.train()
    t_last = time.time()
    ema = None
    while step < a.steps:
        frac = min(1.0, step / max(1, a.curriculum))
        n_rand = round(a.rand_start + (a.rand_end - a.rand_start) * frac)
        pairs, labels, lists = [], [], []
        for r in rng.choices(train, weights=weights, k=a.batch):
            posc = [c for c in r["cands"] if c[2] == 1]
            pos = posc[0] if posc else r["pos"]
            negs = [c for c in r["cands"] if c[2] == 0]
            negs = rng.sample(negs, min(a.hard, len(negs)))
            start = len(pairs)
            pairs.append((r["q"], pos[0]))
            labels.append(1.0)
            for c in negs:
                pairs.append((r["q"], c[0]))
                labels.append(0.0)
            lists.append((start, [pos[1]] + [c[1] for c in negs]))
            for _ in range(n_rand):
                pairs.append((r["q"], pool[rng.randrange(len(pool))]))
                labels.append(0.0)
        ids, mask, tt = tok.batch_pairs(pairs, a.max_len)
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        logits = model(ids, mask, tt).squeeze(-1)
        loss = F.binary_cross_entropy_with_logits(logits, torch.tensor(labels))
        if a.listwise > 0:
            lw = 0.0
            for start, fs in lists:
                s = a.beta * torch.tensor(fs) + logits[start : start + len(fs)]
                lw = lw + F.cross_entropy(s.unsqueeze(0), torch.zeros(1, dtype=torch.long))
            loss = loss + a.listwise * lw / len(lists)
        ema = clipped_step(model, opt, loss, ema)
        step += 1
        now = time.time()
        wall += now - t_last
        t_last = now
        if step % 50 == 0:
            log(fh, f"step {step} loss {ema:.4f} rand {n_rand} lr {lr_at(step):.2e} wall {wall / 60:.1f}min")
        if step % a.eval_every == 0 or step == a.steps:
            evaluate()
            t_last = time.time()
        if step % a.ckpt_every == 0 or step == a.steps:
            save(ck_path, {"opt": opt.state_dict(), "rng": rng.getstate(), "torch_rng": torch.get_rng_state()})
            t_last = time.time()
    best_w = history[-1]["best_w"] if history else None
    save(os.path.join(run, "final.pt"), {"interpolation": best_w})
    json.dump({"steps": step, "train_wall_minutes": round(wall / 60, 1), "params": count_params(model), "interpolation": best_w,
               "history": history}, open(os.path.join(run, "summary.json"), "w"), indent=1)
    log(fh, f"done: {step} steps, {wall / 60:.1f} min, interpolation weight {best_w}")


if __name__ == "__main__":
    main()
