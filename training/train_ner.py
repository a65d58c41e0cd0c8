"""Disease mention tagger: BIO token classification (label on each word's FIRST word piece, other pieces ignored) on
NCBI-disease TRAIN, initialised from the bi-encoder's BERT (it already knows disease vocabulary), CPU, one thread.

Inputs are windows of at most --budget word pieces (+[CLS]/[SEP]) cut at word boundaries over title+abstract, with
half overlap, so training sees the same windows as inference (src/runtime/token-classifier.ts). Dev (NCBI DEV) exact
char-span P/R/F1 after every epoch; best.pt keeps the best dev F1. Log: runs/<name>/train.log.

  nohup /usr/bin/python3 train_ner.py --name ner128 --epochs 12 > runs/ner128.nohup 2>&1 &
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import json
import os
import random
import time

import torch
import torch.nn.functional as F

from common import RUNS, BertConfig, WordPieceTokenizer, count_params, read_pubtator, seed_all, shared
from ner_common import LABELS, Tagger, decode, encode_doc, predict_doc, viterbi, window_rows, windows, word_labels


def log(fh, msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    fh.write(line + "\n")
    fh.flush()


def doc_text(d):
    return d["title"] + " " + d["abstract"]


def prepare(docs, tok, case_types=False):
    out, mis, n = [], 0, 0
    for d in docs:
        text = doc_text(d)
        words, pieces, types = encode_doc(tok, text, case_types=case_types)
        lab, m = word_labels(words, [(x["start"], x["end"]) for x in d["mentions"]])
        mis += m
        n += len(d["mentions"])
        out.append((pieces, lab, types))
    return out, mis, n


def make_batch(tok, items, budget, word_dropout=0.0):
    rows, labs, tts = [], [], []
    for pieces, lab, types, win in items:
        if word_dropout > 0:
            # unseen-word robustness: the tagger must also use context, not only memorised names
            pieces = list(pieces)
            for w in range(win[0], win[1]):
                if random.random() < word_dropout:
                    pieces[w] = [tok.unk]
        ids, firsts, tt = window_rows(tok, pieces, win, budget, types)
        tts.append(tt)
        y = [-100] * len(ids)
        for j, f in enumerate(firsts):
            if f >= 0:
                y[f] = lab[win[0] + j]
        rows.append(ids)
        labs.append(y)
    L = max(len(r) for r in rows)
    ids = torch.full((len(rows), L), tok.pad, dtype=torch.long)
    mask = torch.zeros((len(rows), L), dtype=torch.long)
    y = torch.full((len(rows), L), -100, dtype=torch.long)
    tt = torch.zeros((len(rows), L), dtype=torch.long)
    for i, (r, l, t) in enumerate(zip(rows, labs, tts)):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
        y[i, : len(l)] = torch.tensor(l)
        tt[i, : len(t)] = torch.tensor(t)
    return ids, mask, tt, y


def prf(tp, fp, fn):
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(1e-9, p + r), 4), "tp": tp, "fp": fp, "fn": fn}


def evaluate(model, tok, docs, budget, case_types=False):
    """Exact char-span P/R/F1 with BIO-constrained Viterbi decoding ("f1", what best.pt is chosen by) and with argmax
    + repair ("argmax")."""
    c = {"viterbi": [0, 0, 0], "argmax": [0, 0, 0]}
    for d in docs:
        labels, words, P = predict_doc(model, tok, doc_text(d), budget, return_probs=True, case_types=case_types)
        gold = {(m["start"], m["end"]) for m in d["mentions"]}
        for k, lab in (("argmax", labels), ("viterbi", viterbi(P.clamp_min(1e-9).log()) if words else [])):
            pred = set(decode(lab, words))
            c[k][0] += len(pred & gold)
            c[k][1] += len(pred - gold)
            c[k][2] += len(gold - pred)
    out = prf(*c["viterbi"])
    out["argmax_f1"] = prf(*c["argmax"])["f1"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--init", default=os.path.join(RUNS, "bi128c", "best.pt"), help="bi-encoder checkpoint ('' = from scratch)")
    ap.add_argument("--budget", type=int, default=126, help="word pieces per window (max_length = budget + 2)")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--stride", type=float, default=0.5, help="training windows start every stride*budget pieces")
    ap.add_argument("--conv", type=int, default=0, help="residual conv blocks on top of the encoder")
    ap.add_argument("--kernel", type=int, default=3)
    ap.add_argument("--freeze-emb", action="store_true", help="keep the bi-encoder's word embeddings (its disease vocabulary) fixed")
    ap.add_argument("--word-dropout", type=float, default=0.0, help="training: replace a word's pieces by [UNK] with this probability")
    ap.add_argument("--case-types", action="store_true", help="token_type_ids = 1 on words with an inner uppercase letter")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--bench", type=int, default=0, help="time this many steps and exit")
    a = ap.parse_args()
    torch.set_num_threads(1)
    seed_all(a.seed)
    out = os.path.join(RUNS, a.name)
    os.makedirs(out, exist_ok=True)
    fh = open(os.path.join(out, "train.log"), "a")
    log(fh, "args " + json.dumps(vars(a)))

    if a.init:
        ck = torch.load(a.init, map_location="cpu")
        cfg = BertConfig(**ck["config"])
        tok_path = ck["tokenizer"]
    else:
        ck = None
        tok_path = os.path.join(os.path.dirname(RUNS), "data", "tokenizer", "tokenizer.json")
        cfg = BertConfig(vocab_size=8000)
    cfg.dropout = a.dropout
    assert a.budget + 2 <= cfg.max_position, "windows must fit the position table"
    tok = WordPieceTokenizer.from_file(tok_path)
    model = Tagger(cfg, len(LABELS), a.dropout, a.conv, a.kernel)
    if ck is not None:
        sd = {k[len("bert."):]: v for k, v in ck["model"].items() if k.startswith("bert.")}
        model.bert.load_state_dict(sd)
    if a.freeze_emb:
        model.bert.word.weight.requires_grad_(False)
    log(fh, f"params {count_params(model)} init {a.init or 'scratch'} tokenizer {tok_path}")

    train_docs = read_pubtator(shared("ncbi-disease", "NCBItrainset_corpus.txt.gz"))
    dev_docs = read_pubtator(shared("ncbi-disease", "NCBIdevelopset_corpus.txt.gz"))
    train, mis, n = prepare(train_docs, tok, a.case_types)
    log(fh, f"train docs {len(train_docs)} mentions {n} (not on word boundaries: {mis}); dev docs {len(dev_docs)}")

    def epoch_items():
        items = []
        for pieces, lab, types in train:
            for w in windows(pieces, a.budget, a.stride):
                items.append((pieces, lab, types, w))
        random.shuffle(items)
        return items

    n_items = len(epoch_items())
    steps_per_epoch = (n_items + a.batch - 1) // a.batch
    total = steps_per_epoch * a.epochs
    head_params = list(model.head.parameters())
    head_ids = {id(p) for p in head_params}
    opt = torch.optim.AdamW(
        [{"params": [p for p in model.parameters() if id(p) not in head_ids and p.requires_grad], "lr": a.lr},
         {"params": head_params, "lr": a.head_lr}], weight_decay=0.01)
    base = [a.lr, a.head_lr]

    def set_lr(step):
        f = step / max(1, a.warmup) if step < a.warmup else max(0.0, (total - step) / max(1, total - a.warmup))
        for g, b in zip(opt.param_groups, base):
            g["lr"] = b * f

    log(fh, f"windows/epoch {n_items} steps/epoch {steps_per_epoch} total {total}")
    step = 0
    best = -1.0
    hist = []
    t_train = 0.0
    for ep in range(1, a.epochs + 1):
        model.train()
        items = epoch_items()
        t0 = time.time()
        tot_loss = 0.0
        for s in range(0, len(items), a.batch):
            ids, mask, tt, y = make_batch(tok, items[s : s + a.batch], a.budget, a.word_dropout)
            set_lr(step)
            logits = model(ids, mask, tt)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            tot_loss += loss.item()
            if a.bench and step >= a.bench:
                dt = time.time() - t0
                log(fh, f"bench {step} steps {dt:.1f}s = {dt / step:.3f} s/step -> {dt / step * steps_per_epoch:.0f} s/epoch")
                return
        dt = time.time() - t0
        t_train += dt
        t1 = time.time()
        dev = evaluate(model, tok, dev_docs, a.budget, a.case_types)
        hist.append({"epoch": ep, "loss": round(tot_loss / steps_per_epoch, 4), "dev": dev, "train_s": round(dt, 1)})
        log(fh, f"epoch {ep} loss {tot_loss / steps_per_epoch:.4f} train {dt:.0f}s dev {json.dumps(dev)} ({time.time() - t1:.0f}s)")
        state = {"model": model.state_dict(), "config": cfg.to_json(), "tokenizer": tok_path, "labels": LABELS,
                 "budget": a.budget, "conv": a.conv, "kernel": a.kernel, "case_types": a.case_types, "args": vars(a), "epoch": ep, "dev": dev}
        torch.save(state, os.path.join(out, "last.pt"))
        if dev["f1"] > best:
            best = dev["f1"]
            torch.save(state, os.path.join(out, "best.pt"))
            log(fh, f"best dev f1 {best}")
    summary = {"best_dev_f1": best, "train_minutes": round(t_train / 60, 1), "epochs": hist,
               "params": count_params(model), "windows_per_epoch": n_items}
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
    log(fh, f"done best dev f1 {best} train {t_train / 60:.1f} min")


if __name__ == "__main__":
    main()
