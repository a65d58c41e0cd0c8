"""Pick the reranker and its interpolation weight on held-out TRAIN data (never NCBI dev):
averages the weights of the given checkpoints (one checkpoint = no averaging), scores the val split of
data/rerank.jsonl restricted to queries whose text never occurs among the training split's queries (the same
mention string recurs across NCBI documents, so the plain val split leaks), and writes the checkpoint with the
chosen weight ("interpolation": reranked score = first-stage score + w * logit) for export_onnx.py.

  /usr/bin/python3 select_rerank.py --ckpt runs/rr128/step4000.pt --ckpt runs/rr128/final.pt --out runs/rr128/avg.pt
"""
import _env  # noqa: F401
import argparse
import json

import torch

from common import BertConfig, CrossEncoder, WordPieceTokenizer
from train_rerank import W_GRID, accuracy_at_w, score_records


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", action="append", required=True)
    ap.add_argument("--data", default="data/rerank.jsonl")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    cks = [torch.load(p, map_location="cpu") for p in a.ckpt]
    sd = {k: sum(c["model"][k] for c in cks) / len(cks) for k in cks[0]["model"]}
    model = CrossEncoder(BertConfig(**cks[0]["config"]))
    model.load_state_dict(sd)
    tok = WordPieceTokenizer.from_file(cks[0]["tokenizer"])
    recs = [json.loads(l) for l in open(a.data, encoding="utf-8")]
    seen = {r["q"].lower() for r in recs if r["split"] == "train"}
    val = [r for r in recs if r["split"] == "val"]
    clean = [r for r in val if r["q"].lower() not in seen]
    res = {}
    for name, vs in (("val", val), ("val_unseen", clean)):
        lg = score_records(model, tok, vs, cks[0]["args"]["max_len"])
        res[name] = {"n": len(vs), **{str(w): accuracy_at_w(vs, lg, w) for w in W_GRID}}
        print(name, len(vs), " ".join(f"w={w:g}:{res[name][str(w)][0]:.4f}" for w in W_GRID), flush=True)
    # best acc@1 on the unseen queries; ties -> the smaller weight (closer to the first stage)
    best = max(W_GRID, key=lambda w: (res["val_unseen"][str(w)][0], -w))
    print("chosen interpolation", best)
    out = dict(cks[-1])
    for k in ("opt", "rng", "torch_rng"):
        out.pop(k, None)
    out.update({"model": sd, "interpolation": best, "averaged": a.ckpt, "selection": res})
    torch.save(out, a.out)


if __name__ == "__main__":
    main()
