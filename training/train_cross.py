"""Cross-encoder reranker: same BERT architecture + a scalar head on [CLS]; input "[CLS] mention [SEP] candidate [SEP]"
with token_type_ids 0/1. Initialised from a bi-encoder checkpoint's BERT weights, trained listwise (softmax cross-
entropy over 1 positive + N hard negatives) where the negatives are the nearest OTHER-concept names under that
bi-encoder (mined once at start, from the same CC0/public-domain synonym groups the bi-encoder used).
Seeded, checkpoint + resume, logs in runs/<name>/train.log.

  nohup /usr/bin/python3 train_cross.py --name cross128 --bi runs/bi128/best.pt --steps 3000 > /dev/null 2>&1 &
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import json
import os
import random
import time

import torch
import torch.nn.functional as F

from common import RUNS, BertConfig, BiEncoder, CrossEncoder, WordPieceTokenizer, count_params, seed_all, warmup_cosine, clipped_step
from train_bi import load_groups, log, mine


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--bi", required=True, help="bi-encoder checkpoint: init weights + hard-negative miner")
    ap.add_argument("--groups", default=None)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=32, help="anchors per step")
    ap.add_argument("--negs", type=int, default=7)
    ap.add_argument("--hard-k", type=int, default=24)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--max-len", type=int, default=48)
    ap.add_argument("--ncbi-weight", type=int, default=3)
    ap.add_argument("--eval-every", type=int, default=1000)
    ap.add_argument("--ckpt-every", type=int, default=250)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--hard-from", help="reuse the hard negatives mined by another run's ckpt.pt (same bi-encoder)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    seed_all(a.seed)
    run = os.path.join(RUNS, a.name)
    os.makedirs(run, exist_ok=True)
    fh = open(os.path.join(run, "train.log"), "a")
    bck = torch.load(a.bi, map_location="cpu")
    tok = WordPieceTokenizer.from_file(bck["tokenizer"])
    cfg = BertConfig(**bck["config"])
    groups_path = a.groups or bck["args"]["groups"]
    groups, names, gid, anchors = load_groups(groups_path, a.ncbi_weight)
    model = CrossEncoder(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    rng = random.Random(a.seed)
    ck_path = os.path.join(run, "ckpt.pt")
    step, wall = 0, 0.0
    if os.path.exists(ck_path):
        ck = torch.load(ck_path, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, wall, hard = ck["step"], ck["wall"], ck["hard"]
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        log(fh, f"resumed at step {step}")
    else:
        log(fh, f"start {json.dumps(vars(a))}")
        model.bert.load_state_dict(bck["model"].__class__({k[5:]: v for k, v in bck["model"].items() if k.startswith("bert.")}))
        bi = BiEncoder(cfg, bck.get("pooling", "cls"))
        bi.load_state_dict(bck["model"])
        if a.hard_from:
            t0 = time.time()
            hard = torch.load(a.hard_from, map_location="cpu")["hard"]
            secs = time.time() - t0
        else:
            hard, secs = mine(bi, tok, names, gid, bck["args"]["max_len"], a.hard_k)
        del bi
        log(fh, f"params {count_params(model):,}; mined {a.hard_k} negatives for {len(names)} names in {secs:.0f}s")

    def lr_at(s):
        return warmup_cosine(s, a.lr, a.warmup, a.steps)

    def save(path, extra=None):
        d = {"model": model.state_dict(), "config": cfg.to_json(), "tokenizer": bck["tokenizer"], "args": vars(a),
             "step": step, "wall": wall, "bi": a.bi}
        if extra:
            d.update(extra)
        torch.save(d, path + ".tmp")
        os.replace(path + ".tmp", path)

    model.train()
    t_last = time.time()
    ema = None
    n = a.negs + 1
    while step < a.steps:
        pairs = []
        for _ in range(a.batch):
            i = anchors[rng.randrange(len(anchors))]
            mem = groups[int(gid[i])]["members"]
            j = i
            while j == i:
                j = mem[rng.randrange(len(mem))]
            negs = rng.sample(hard[i].tolist(), a.negs)
            pairs.append((names[i], names[j]))
            pairs.extend((names[i], names[k]) for k in negs)
        ids, mask, tt = tok.batch_pairs(pairs, a.max_len)
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        logits = model(ids, mask, tt).view(a.batch, n)
        loss = F.cross_entropy(logits, torch.zeros(a.batch, dtype=torch.long))
        ema = clipped_step(model, opt, loss, ema)
        step += 1
        now = time.time()
        wall += now - t_last
        t_last = now
        if step % 50 == 0:
            log(fh, f"step {step} loss {ema:.4f} lr {lr_at(step):.2e} wall {wall / 60:.1f}min")
        if step % a.ckpt_every == 0 or step == a.steps:
            save(ck_path, {"opt": opt.state_dict(), "hard": hard, "rng": rng.getstate(), "torch_rng": torch.get_rng_state()})
            t_last = time.time()
    save(os.path.join(run, "final.pt"))
    json.dump({"steps": step, "train_wall_minutes": round(wall / 60, 1), "params": count_params(model)},
              open(os.path.join(run, "summary.json"), "w"), indent=1)
    log(fh, f"done: {step} steps, {wall / 60:.1f} min")


if __name__ == "__main__":
    main()
