"""NCBI DEV exact-span P/R/F1 of one tagger checkpoint or of an ensemble of several (mean probabilities), the same
windows and Viterbi decoding as the runtime.

  /usr/bin/python3 eval_ner.py --ckpt runs/a/best.pt [--ckpt runs/b/best.pt …] [--int8] [--out dev.json]
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import json

import torch

from common import WordPieceTokenizer, read_pubtator, shared
from export_ner import load
from export_onnx import fake_quant_state_dict
from ner_common import Ensemble
from train_ner import evaluate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True, action="append")
    ap.add_argument("--out")
    ap.add_argument("--int8", action="store_true", help="with the int8 rounding export_ner.py --quantize int8 applies")
    a = ap.parse_args()
    torch.set_num_threads(1)
    ck, _, model = load(a.ckpt)
    if a.int8:
        for m in (model.members if isinstance(model, Ensemble) else [model]):
            m.load_state_dict(fake_quant_state_dict(m.state_dict()))
    tok = WordPieceTokenizer.from_file(ck["tokenizer"])
    dev = evaluate(model, tok, read_pubtator(shared("ncbi-disease", "NCBIdevelopset_corpus.txt.gz")), ck["budget"], ck.get("case_types", False))
    print(json.dumps(dev))
    if a.out:
        json.dump(dev, open(a.out, "w"))


if __name__ == "__main__":
    main()
