"""SapBERT-style self-alignment pre-training of a small BERT bi-encoder on CPU.

Loss: symmetric InfoNCE (temperature tau) over synonym pairs (anchor, positive) with in-batch negatives plus one mined
hard negative per anchor (nearest name of ANOTHER concept under the current model; re-mined every --mine-every steps).
Same-concept candidates other than the anchor's own positive are masked out (no false negatives).
Seeded, checkpoint + resume (runs/<name>/ckpt.pt), log in runs/<name>/train.log, wall time in runs/<name>/summary.json.

  nohup /usr/bin/python3 train_bi.py --name bi128 --hidden 128 --layers 2 --steps 3000 > /dev/null 2>&1 &
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import json
import os
import random
import time

import torch
import torch.nn.functional as F

from common import RUNS, DATA, BertConfig, BiEncoder, WordPieceTokenizer, count_params, embed_texts, seed_all, warmup_cosine, clipped_step


def log(fh, msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    fh.write(line + "\n")
    fh.flush()


def load_groups(path, ncbi_weight):
    groups = []
    for line in open(path, encoding="utf-8"):
        g = json.loads(line)
        if len(g["names"]) >= 2:
            groups.append(g)
    names, gid = [], []
    anchors = []  # (name index) with sampling weight by repetition
    for gi, g in enumerate(groups):
        start = len(names)
        for n in g["names"]:
            names.append(n)
            gid.append(gi)
        members = list(range(start, len(names)))
        g["members"] = members
        w = ncbi_weight if "NCBI" in g["src"] else 1
        for _ in range(w):
            anchors.extend(members)
    return groups, names, torch.tensor(gid), anchors


@torch.no_grad()
def mine(model, tok, names, gid, max_len, k, chunk=2048):
    t0 = time.time()
    E = embed_texts(model, tok, names, max_len, bs=1024)
    hard = torch.zeros((len(names), k), dtype=torch.long)
    for s in range(0, len(names), chunk):
        S = E[s : s + chunk] @ E.T
        same = gid[s : s + chunk, None] == gid[None, :]
        S.masked_fill_(same, -2.0)
        hard[s : s + chunk] = S.topk(k, dim=1).indices
    model.train()
    return hard, time.time() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--groups", default=os.path.join(DATA, "groups.jsonl"))
    ap.add_argument("--tokenizer", default=os.path.join(DATA, "tokenizer", "tokenizer.json"))
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=0, help="default hidden/64")
    ap.add_argument("--max-position", type=int, default=128)
    ap.add_argument("--pooling", default="cls", choices=["cls", "mean"])
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--tau", type=float, default=0.05)
    ap.add_argument("--max-len", type=int, default=24)
    ap.add_argument("--ncbi-weight", type=int, default=3)
    ap.add_argument("--mine-every", type=int, default=1000, help="0 = no hard negatives")
    ap.add_argument("--mine-start", type=int, default=500)
    ap.add_argument("--hard-k", type=int, default=8)
    ap.add_argument("--hard-frac", type=float, default=1.0, help="fraction of anchors that get a hard negative")
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--ckpt-every", type=int, default=250)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--init", help="start from this checkpoint's weights (e.g. continue a finished run)")
    ap.add_argument("--bench", type=int, default=0, help="time this many steps and exit")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    seed_all(a.seed)
    run = os.path.join(RUNS, a.name)
    os.makedirs(run, exist_ok=True)
    fh = open(os.path.join(run, "train.log"), "a")
    tok = WordPieceTokenizer.from_file(a.tokenizer)
    cfg = BertConfig(vocab_size=len(tok.vocab), hidden=a.hidden, layers=a.layers,
                     heads=a.heads or max(1, a.hidden // 64), intermediate=4 * a.hidden, max_position=a.max_position)
    model = BiEncoder(cfg, a.pooling)
    if a.init:
        model.load_state_dict(torch.load(a.init, map_location="cpu")["model"])
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    groups, names, gid, anchors = load_groups(a.groups, a.ncbi_weight)
    rng = random.Random(a.seed)
    step, hard, wall = 0, None, 0.0
    best = -1.0
    ck_path = os.path.join(run, "ckpt.pt")
    if os.path.exists(ck_path) and not a.bench:
        ck = torch.load(ck_path, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, hard, wall, best = ck["step"], ck["hard"], ck["wall"], ck.get("best", -1.0)
        rng.setstate(ck["rng"])
        torch.set_rng_state(ck["torch_rng"])
        log(fh, f"resumed at step {step} (wall so far {wall / 60:.1f} min)")
    else:
        log(fh, f"start {json.dumps(vars(a))}")
        log(fh, f"params {count_params(model):,}; config {json.dumps(cfg.to_json())}; groups {len(groups)}; names {len(names)}; anchors/epoch {len(anchors)}")

    def lr_at(s):
        return warmup_cosine(s, a.lr, a.warmup, a.steps)

    def save(path, extra=None):
        d = {"model": model.state_dict(), "config": cfg.to_json(), "pooling": a.pooling, "tokenizer": a.tokenizer,
             "args": vars(a), "step": step, "wall": wall}
        if extra:
            d.update(extra)
        torch.save(d, path + ".tmp")
        os.replace(path + ".tmp", path)

    evaluator = None
    model.train()
    t_last = time.time()
    ema = None
    while step < a.steps:
        if a.mine_every and step >= a.mine_start and (hard is None or (step - a.mine_start) % a.mine_every == 0):
            if hard is None or step != getattr(main, "_mined_at", -1):
                hard, secs = mine(model, tok, names, gid, a.max_len, a.hard_k)
                main._mined_at = step
                log(fh, f"step {step}: mined {a.hard_k} hard negatives for {len(names)} names in {secs:.0f}s")
        # sample a batch: distinct concepts for anchors
        idx, seen = [], set()
        while len(idx) < a.batch:
            i = anchors[rng.randrange(len(anchors))]
            g = int(gid[i])
            if g in seen:
                continue
            seen.add(g)
            idx.append(i)
        pos = []
        for i in idx:
            mem = groups[int(gid[i])]["members"]
            j = i
            while j == i:
                j = mem[rng.randrange(len(mem))]
            pos.append(j)
        negs = []
        if hard is not None:
            for i in idx:
                if rng.random() < a.hard_frac:
                    negs.append(int(hard[i, rng.randrange(a.hard_k)]))
        cand = pos + negs
        texts = [names[i] for i in idx] + [names[i] for i in cand]
        ids, mask, tt = tok.batch(texts, a.max_len)
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        emb = model(ids, mask, tt)
        A, C = emb[: len(idx)], emb[len(idx) :]
        logits = A @ C.T / a.tau
        ga = gid[torch.tensor(idx)]
        gc = gid[torch.tensor(cand)]
        same = ga[:, None] == gc[None, :]
        target = torch.arange(len(idx))
        same[target, target] = False
        logits = logits.masked_fill(same, -1e4)
        loss = F.cross_entropy(logits, target)
        # symmetric part: positives -> anchors
        Cp = C[: len(idx)]
        logits2 = (Cp @ A.T / a.tau).masked_fill(ga[:, None] == ga[None, :], -1e4)
        logits2[target, target] = (Cp * A).sum(-1) / a.tau
        loss = 0.5 * (loss + F.cross_entropy(logits2, target))
        ema = clipped_step(model, opt, loss, ema)
        step += 1
        now = time.time()
        wall += now - t_last
        t_last = now
        if a.bench and step >= a.bench:
            print(f"BENCH threads={a.threads} {a.bench} steps {wall:.1f}s = {wall / a.bench:.2f}s/step")
            return
        if step % 50 == 0:
            log(fh, f"step {step} loss {ema:.4f} lr {lr_at(step):.2e} wall {wall / 60:.1f}min")
        if step % a.eval_every == 0 or step == a.steps:
            if evaluator is None:
                from eval_ncbi import Evaluator

                evaluator = Evaluator(tfidf=False)
            te = time.time()
            res, _ = evaluator.dense(model, tok, a.max_len, protocols=["plain", "train+abbr"])
            model.train()
            log(fh, f"step {step} DEV {json.dumps(res)} ({time.time() - te:.0f}s, not counted in wall)")
            t_last = time.time()
            if res["plain"]["acc@1"] > best:
                best = res["plain"]["acc@1"]
                save(os.path.join(run, "best.pt"), {"dev": res})
        if step % a.ckpt_every == 0 or step == a.steps:
            save(ck_path, {"opt": opt.state_dict(), "hard": hard, "rng": rng.getstate(),
                           "torch_rng": torch.get_rng_state(), "best": best})
            t_last = time.time()
    save(os.path.join(run, "final.pt"))
    json.dump({"steps": step, "train_wall_minutes": round(wall / 60, 1), "best_plain_acc1": best,
               "params": count_params(model)}, open(os.path.join(run, "summary.json"), "w"), indent=1)
    log(fh, f"done: {step} steps, {wall / 60:.1f} min of training wall time; best dev plain acc@1 {best}")


if __name__ == "__main__":
    main()
