"""Recover a torch checkpoint from a shipped bi-encoder folder (model.onnx + tokenizer.json + clinlink.json), for when
runs/<name>/best.pt is gone: named initializers map 1:1 to the state dict; anonymous MatMul weights are assigned by
the bias their MatMul output is added to. Checks the result against a torch reference file (export_onnx --reference).

  /usr/bin/python3 onnx_to_ckpt.py --dir ../models/clinlink-bi --out runs/bi-shipped.pt \
      --reference ../test/fixtures/runtime/shipped-clinlink-bi.json
"""
import _env  # noqa: F401
import argparse
import json
import os

import onnx
import torch
from onnx import numpy_helper

from common import BertConfig, BiEncoder, WordPieceTokenizer, pool


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reference")
    ap.add_argument("--heads", type=int, default=2)
    a = ap.parse_args()
    conf = json.load(open(os.path.join(a.dir, "clinlink.json")))
    m = onnx.load(os.path.join(a.dir, "model.onnx"))
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    sd = {k: torch.from_numpy(v.copy()) for k, v in inits.items() if k.startswith("bert.")}
    by_input = {}
    for n in m.graph.node:
        for x in n.input:
            by_input.setdefault(x, []).append(n)
    for n in m.graph.node:
        if n.op_type != "MatMul" or n.input[1] not in inits or n.input[1].startswith("bert."):
            continue
        adds = [c for c in by_input.get(n.output[0], []) if c.op_type == "Add"]
        bias = [x for c in adds for x in c.input if x.endswith(".bias") and x.startswith("bert.")]
        assert len(bias) == 1, (n.name, bias)
        sd[bias[0][: -len(".bias")] + ".weight"] = torch.from_numpy(inits[n.input[1]].T.copy())
    hidden = sd["bert.word.weight"].shape[1]
    layers = 1 + max(int(k.split(".")[2]) for k in sd if k.startswith("bert.layers."))
    cfg = BertConfig(vocab_size=sd["bert.word.weight"].shape[0], hidden=hidden, layers=layers, heads=a.heads,
                     intermediate=sd["bert.layers.0.fc1.weight"].shape[0], max_position=sd["bert.pos.weight"].shape[0],
                     type_vocab=sd["bert.typ.weight"].shape[0])
    model = BiEncoder(cfg, conf.get("pooling", "cls"))
    model.load_state_dict(sd)
    model.eval()
    tokp = os.path.abspath(os.path.join(a.dir, "tokenizer.json"))
    if a.reference:
        ref = json.load(open(a.reference))
        tok = WordPieceTokenizer.from_file(tokp)
        with torch.no_grad():
            ids, mask, tt = tok.batch(ref["texts"], ref["max_length"])
            e = torch.nn.functional.normalize(pool(model.bert(ids, mask, tt), mask, conf["pooling"]), dim=-1)
        diff = (e - torch.tensor(ref["embeddings"])).abs().max().item()
        print("max |torch - reference| =", diff)
        assert diff < 1e-4
    torch.save({"model": model.state_dict(), "config": cfg.to_json(), "tokenizer": tokp, "pooling": conf.get("pooling", "cls"),
                "args": {"max_len": conf["max_length"], "groups": os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "groups.jsonl")},
                "id": conf["id"]}, a.out)
    print("wrote", a.out, json.dumps(cfg.to_json()))


if __name__ == "__main__":
    main()
