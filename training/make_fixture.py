"""Writes the tiny test models under test/fixtures/runtime/ with the SAME export code as the shipped models, plus
reference outputs computed by torch (the TS tests check onnxruntime-node parity against them, max abs diff <= 1e-4).

  /usr/bin/python3 make_fixture.py          # -> ../test/fixtures/runtime/{tiny-bi,tiny-cross,reference.json}
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import collections
import json
import os

import torch

from build_vocab import train_wordpiece, write_tokenizer
from common import REPO, BertConfig, BiEncoder, CrossEncoder, WordPieceTokenizer, bert_normalize, bert_pretokenize, pool, seed_all
from export_onnx import write_dir

OUT = os.path.join(REPO, "test", "fixtures", "runtime")
TEXTS = [
    "heart attack",
    "myocardial infarction",
    "",
    "   ",
    "Ménière's disease",
    "Sjögren syndrome type II",
    "肺炎 pneumonia",
    "Болезнь Крона",
    "BRCA1-associated breast cancer (hereditary)",
    "x" * 150,
    ("chronic obstructive pulmonary disease with acute exacerbation " * 160)[:10000],
    "diabetes",
    "type 2 diabetes mellitus without complications and with a very long tail of extra words to truncate here",
]
PAIRS = [
    ["heart attack", "myocardial infarction"],
    ["heart attack", "asthma"],
    ["", "pneumonia"],
    ["Ménière's disease", ""],
    [("very long mention " * 100).strip(), ("very long candidate name " * 100).strip()],
]


def main():
    seed_all(7)
    torch.set_num_threads(1)
    corpus = ["heart attack myocardial infarction diabetes mellitus type pneumonia asthma chronic obstructive "
              "pulmonary disease breast cancer hereditary syndrome Crohn disease with without complications acute"]
    counts = collections.Counter()
    for line in corpus:
        counts.update(bert_pretokenize(bert_normalize(line)))
    counts = {w: c + 1 for w, c in counts.items()}
    vocab = train_wordpiece(counts, 120, min_freq=1)
    tokdir = os.path.join(OUT, "_tok")
    write_tokenizer(vocab, tokdir)
    tok_path = os.path.join(tokdir, "tokenizer.json")
    tok = WordPieceTokenizer.from_file(tok_path)
    cfg = BertConfig(vocab_size=len(vocab), hidden=32, layers=2, heads=2, intermediate=64, max_position=64)
    max_len = 16
    ref = {"max_length": max_len, "vocab_size": len(vocab), "dim": cfg.hidden, "texts": TEXTS, "pairs": PAIRS}

    bi = BiEncoder(cfg, "cls")
    for p in bi.parameters():  # livelier random weights than BERT's 0.02 init so texts differ clearly
        torch.nn.init.normal_(p, std=0.3) if p.dim() > 1 else None
    bi.eval()
    ckpt = os.path.join(OUT, "_bi.pt")
    torch.save({"model": bi.state_dict(), "config": cfg.to_json(), "pooling": "cls", "tokenizer": tok_path,
                "args": {"max_len": max_len}}, ckpt)
    write_dir(ckpt, "bi", os.path.join(OUT, "tiny-bi"), "tiny-bi", None, max_len)
    with torch.no_grad():
        ids, mask, tt = tok.batch(TEXTS, max_len)
        h = bi.bert(ids, mask, tt)
        ref["ids"] = [tok.encode(t, max_len) for t in TEXTS]
        ref["cls"] = torch.nn.functional.normalize(pool(h, mask, "cls"), dim=-1).tolist()
        ref["mean"] = torch.nn.functional.normalize(pool(h, mask, "mean"), dim=-1).tolist()
        ref["hidden0"] = h[0, : len(ref["ids"][0])].tolist()

    # int8 QDQ variant of the same weights (threshold lowered so the tiny tensors qualify), reference = fake-quant torch
    import export_onnx

    export_onnx.QMIN_NUMEL = 256
    write_dir(ckpt, "bi", os.path.join(OUT, "tiny-bi-int8"), "tiny-bi-int8", "int8", max_len)
    biq = BiEncoder(cfg, "cls")
    biq.load_state_dict(export_onnx.fake_quant_state_dict(bi.state_dict()))
    biq.eval()
    with torch.no_grad():
        ids, mask, tt = tok.batch(TEXTS, max_len)
        ref["cls_int8"] = biq(ids, mask, tt).tolist()
    export_onnx.QMIN_NUMEL = 4096

    cr = CrossEncoder(cfg)
    for p in cr.parameters():
        torch.nn.init.normal_(p, std=0.3) if p.dim() > 1 else None
    cr.eval()
    ckpt2 = os.path.join(OUT, "_cross.pt")
    torch.save({"model": cr.state_dict(), "config": cfg.to_json(), "tokenizer": tok_path, "args": {"max_len": max_len}},
               ckpt2)
    write_dir(ckpt2, "cross", os.path.join(OUT, "tiny-cross"), "tiny-cross", None, max_len)
    with torch.no_grad():
        ids, mask, tt = tok.batch_pairs([tuple(p) for p in PAIRS], max_len)
        ref["pair_ids"] = [tok.encode_pair(a, b, max_len)[0] for a, b in PAIRS]
        ref["pair_tt"] = [tok.encode_pair(a, b, max_len)[1] for a, b in PAIRS]
        ref["logits"] = cr(ids, mask, tt).squeeze(-1).tolist()
    for f in ("_bi.pt", "_cross.pt"):
        os.remove(os.path.join(OUT, f))
    import shutil

    shutil.rmtree(tokdir)
    json.dump(ref, open(os.path.join(OUT, "reference.json"), "w"))
    print("fixture written to", OUT)


if __name__ == "__main__":
    main()
