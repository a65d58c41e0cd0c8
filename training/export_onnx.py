"""Export a trained bi-encoder / cross-encoder checkpoint to the Hugging Face ONNX layout clinlink loads:

  <out>/model.onnx       inputs input_ids, attention_mask, token_type_ids (int64 [batch, sequence], dynamic axes),
                         output last_hidden_state [batch, sequence, dim] (bi-encoder) or logits [batch, 1] (cross)
  <out>/tokenizer.json   HF tokenizers file (BertNormalizer, BertPreTokenizer, WordPiece '##', TemplateProcessing)
  <out>/clinlink.json    {id, sha256, pooling, max_length, normalize, dim, kind, vocab_size, quantized}

--quantize int8: every 2-D float weight with >= 4096 values becomes an int8 initializer (symmetric, per output
channel for MatMul weights, per row for embedding tables) behind a DequantizeLinear node, so the float graph is
unchanged (run with onnxruntime session option disable_quant_qdq=1). fake_quant_state_dict() applies the same rounding
to a torch model, which is how the int8 accuracy is measured in Python.

  /usr/bin/python3 export_onnx.py --ckpt runs/bi128/best.pt --kind bi --out ../models/clinlink-bi-128 --id clinlink-bi-128 --quantize int8
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import hashlib
import json
import os
import shutil

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from common import BertConfig, BiEncoder, CrossEncoder

OPSET = 14
QMIN_NUMEL = 4096


class _BertOut(torch.nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.bert(input_ids, attention_mask, token_type_ids)


def _per_channel(w: np.ndarray, axis: int):
    amax = np.abs(w).max(axis=1 - axis)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    shape = [1, 1]
    shape[axis] = -1
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def fake_quant_state_dict(sd: dict) -> dict:
    """Same rounding as quantize_onnx, on torch tensors (nn.Linear weight [out,in] -> per row; embeddings per row)."""
    out = {}
    for k, v in sd.items():
        if v.dim() == 2 and v.numel() >= QMIN_NUMEL and v.dtype == torch.float32:
            q, s = _per_channel(v.numpy(), 0)
            out[k] = torch.from_numpy(q.astype(np.float32) * s[:, None])
        else:
            out[k] = v
    return out


def quantize_onnx(path_in: str, path_out: str) -> int:
    m = onnx.load(path_in)
    g = m.graph
    consumers = {}
    for n in g.node:
        for i, name in enumerate(n.input):
            consumers.setdefault(name, []).append((n.op_type, i))
    new_inits, new_nodes, count = [], [], 0
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        ops = consumers.get(init.name, [])
        if w.dtype != np.float32 or w.ndim != 2 or w.size < QMIN_NUMEL or not ops:
            new_inits.append(init)
            continue
        if all(op == "Gather" and i == 0 for op, i in ops):
            axis = 0
        elif all(op in ("MatMul", "Gemm") and i == 1 for op, i in ops):
            axis = 1
        else:
            new_inits.append(init)
            continue
        q, s = _per_channel(w, axis)
        qn, sn, zn = init.name + "_int8", init.name + "_scale", init.name + "_zero"
        new_inits += [numpy_helper.from_array(q, qn), numpy_helper.from_array(s, sn),
                      numpy_helper.from_array(np.zeros_like(s, dtype=np.int8), zn)]
        new_nodes.append(helper.make_node("DequantizeLinear", [qn, sn, zn], [init.name], name=init.name + "_dq", axis=axis))
        count += 1
    del g.initializer[:]
    g.initializer.extend(new_inits)
    nodes = new_nodes + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, path_out)
    return count


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_model(ckpt: dict, kind: str):
    cfg = BertConfig(**ckpt["config"])
    m = BiEncoder(cfg, ckpt.get("pooling", "cls")) if kind == "bi" else CrossEncoder(cfg)
    m.load_state_dict(ckpt["model"])
    m.eval()
    return m, cfg


def export(model, kind: str, path: str) -> None:
    net = _BertOut(model.bert) if kind == "bi" else model
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 3, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    tt = torch.zeros_like(ids)
    out_name = "last_hidden_state" if kind == "bi" else "logits"
    dyn = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
           "token_type_ids": {0: "batch", 1: "sequence"}}
    dyn[out_name] = {0: "batch", 1: "sequence"} if kind == "bi" else {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(net, (ids, mask, tt), path, input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=[out_name], dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)


def write_dir(ckpt_path: str, kind: str, out: str, model_id: str, quant: str | None, max_length: int | None,
              pooling: str | None = None, tokenizer: str | None = None, interpolation: float | None = None) -> dict:
    ck = torch.load(ckpt_path, map_location="cpu")
    model, cfg = load_model(ck, kind)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "model.onnx")
    export(model, kind, path)
    if quant == "int8":
        n = quantize_onnx(path, path)
        print(f"quantized {n} weight tensors to int8")
    shutil.copyfile(tokenizer or ck["tokenizer"], os.path.join(out, "tokenizer.json"))
    conf = {
        "id": model_id,
        "kind": "bi-encoder" if kind == "bi" else "cross-encoder",
        "sha256": sha256(path),
        "pooling": pooling or ck.get("pooling", "cls"),
        "max_length": max_length or ck["args"]["max_len"],
        "normalize": kind == "bi",
        "dim": cfg.hidden if kind == "bi" else 1,
        "vocab_size": cfg.vocab_size,
        "quantized": quant or "none",
    }
    if kind == "cross" and (interpolation is not None or ck.get("interpolation") is not None):
        # reranked score = first-stage score + interpolation * logit (train_rerank.py picks it on held-out train data)
        conf["interpolation"] = interpolation if interpolation is not None else ck["interpolation"]
    json.dump(conf, open(os.path.join(out, "clinlink.json"), "w"), indent=1)
    print(json.dumps(conf), os.path.getsize(path), "bytes")
    return conf


REF_TEXTS = ["heart attack", "myocardial infarction", "", "Ménière's disease", "肺炎", "BRCA1-associated breast cancer",
             "chronic obstructive pulmonary disease " * 40]
REF_PAIRS = [["heart attack", "myocardial infarction"], ["heart attack", "asthma"], ["DMD", "Duchenne muscular dystrophy"]]


def write_reference(ckpt_path: str, kind: str, conf: dict, quant: str | None, path: str) -> None:
    """Torch outputs (int8-rounded weights when quantised) for a few texts, so the TS tests can check the shipped
    model.onnx in onnxruntime-node against torch."""
    from common import WordPieceTokenizer, pool

    ck = torch.load(ckpt_path, map_location="cpu")
    model, cfg = load_model(ck, kind)
    if quant == "int8":
        model.load_state_dict(fake_quant_state_dict(model.state_dict()))
    tok = WordPieceTokenizer.from_file(ck["tokenizer"])
    ml = conf["max_length"]
    ref = {"id": conf["id"], "sha256": conf["sha256"], "max_length": ml}
    with torch.no_grad():
        if kind == "bi":
            ids, mask, tt = tok.batch(REF_TEXTS, ml)
            h = model.bert(ids, mask, tt)
            ref["texts"] = REF_TEXTS
            ref["embeddings"] = torch.nn.functional.normalize(pool(h, mask, conf["pooling"]), dim=-1).tolist()
        else:
            ids, mask, tt = tok.batch_pairs([tuple(p) for p in REF_PAIRS], ml)
            ref["pairs"] = REF_PAIRS
            ref["logits"] = model(ids, mask, tt).squeeze(-1).tolist()
    json.dump(ref, open(path, "w"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--kind", choices=["bi", "cross"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", required=True)
    ap.add_argument("--quantize", choices=["int8"])
    ap.add_argument("--max-length", type=int)
    ap.add_argument("--reference", help="write torch reference outputs for the TS parity test here (json)")
    ap.add_argument("--interpolation", type=float, help="cross only: weight of the logit added to the first-stage score (default: the checkpoint's)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    conf = write_dir(a.ckpt, a.kind, a.out, a.id, a.quantize, a.max_length, interpolation=a.interpolation)
    if a.reference:
        write_reference(a.ckpt, a.kind, conf, a.quantize, a.reference)


if __name__ == "__main__":
    main()
