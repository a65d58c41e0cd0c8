"""Export a train_ner.py checkpoint to the Hugging Face ONNX token-classification layout clinlink runs
(src/runtime/token-classifier.ts):

  <out>/model.onnx      inputs input_ids, attention_mask, token_type_ids (int64 [batch, sequence], dynamic axes),
                        output logits [batch, sequence, labels]
  <out>/tokenizer.json  the encoder's WordPiece tokenizer
  <out>/clinlink.json   {id, kind: "token-classifier", labels, max_length, sha256, vocab_size, ...}

--reference writes torch's per-word probabilities (whole-text windows, the same rule as the TS runtime) and decoded
spans for a few texts, offsets in UTF-16 code units, for test/unit/runtime/token-classifier.test.ts.

  /usr/bin/python3 export_ner.py --ckpt runs/ner/best.pt --out ../models/clinlink-ner --id clinlink-ner-128x2-v1 \
      --reference ../test/fixtures/runtime/shipped-clinlink-ner.json
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import argparse
import json
import os
import shutil

import onnx
import torch

from common import BertConfig, WordPieceTokenizer, count_params
from export_onnx import OPSET, fake_quant_state_dict, quantize_onnx, sha256
from ner_common import LABELS, Ensemble, Tagger, decode, predict_doc, viterbi

REF_TEXTS = [
    "Hereditary breast and ovarian cancer syndrome is caused by germline mutations in BRCA1.",
    "Patients with Duchenne muscular dystrophy (DMD) develop cardiomyopathy.",
    "No evidence of pneumonia.\r\nHistory of type 2 diabetes mellitus and chronic kidney disease 😷 stage 3.",
    "Ménière's disease — 肺炎 and Болезнь Крона; also G6PD deficiency.",
    "",
    "   \t\r\n",
    ("The patient has familial adenomatous polyposis and colorectal cancer; " * 12).strip(),
]


def load_one(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu")
    cfg = BertConfig(**ck["config"])
    m = Tagger(cfg, len(ck["labels"]), 0.0, ck.get("conv", 0), ck.get("kernel", 3))
    m.load_state_dict(ck["model"])
    m.eval()
    return ck, cfg, m


def load(ckpt_paths):
    """One checkpoint, or several (same tokenizer, labels, window budget and token types) averaged as an Ensemble."""
    loaded = [load_one(p) for p in ckpt_paths]
    ck, cfg, m = loaded[0]
    if len(loaded) == 1:
        return ck, cfg, m
    for c, _, _ in loaded[1:]:
        for k in ("tokenizer", "labels", "budget", "case_types"):
            assert c.get(k) == ck.get(k), f"ensemble members differ in {k}"
    members = [x[2] for x in loaded]
    # --freeze-emb members all carry the bi-encoder's word table: share one module so the ONNX file holds it once
    for m in members[1:]:
        if torch.equal(m.bert.word.weight, members[0].bert.word.weight):
            m.bert.word = members[0].bert.word
    return ck, cfg, Ensemble(members).eval()


def export(model, path):
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 3, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    dyn = {n: {0: "batch", 1: "sequence"} for n in ("input_ids", "attention_mask", "token_type_ids", "logits")}
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, torch.zeros_like(ids)), path,
                          input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                          dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def utf16_offsets(text):
    """code point index -> UTF-16 offset"""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def write_reference(ck, model, tok, conf, path):
    budget = conf["max_length"] - 2
    ref = {"id": conf["id"], "sha256": conf["sha256"], "max_length": conf["max_length"], "labels": conf["labels"], "texts": []}
    for t in REF_TEXTS:
        labels, words, P = predict_doc(model, tok, t, budget, return_probs=True, case_types=ck.get("case_types", False))
        u = utf16_offsets(t)
        spans = decode(viterbi(P.clamp_min(1e-9).log()), words) if words else []
        ref["texts"].append({
            "text": t,
            "starts": [u[s] for s, _ in words],
            "ends": [u[e] for _, e in words],
            "probs": [[round(x, 6) for x in row] for row in P.tolist()] if words else [],
            "spans": [[u[s], u[e]] for s, e in spans],
        })
    json.dump(ref, open(path, "w"), ensure_ascii=False)


CARD = """# {id}

Disease mention tagger (BIO token classification, labels {labels}) for clinlink's pipeline
(`src/ner/learned-tagger.ts`, `src/runtime/token-classifier.ts`). Produced by `training/train_ner.py` +
`training/export_ner.py`; numbers and trade-offs in `training/RESULTS.md`.

| | |
|---|---|
| architecture | BERT encoder {hidden} hidden x {layers} layers ({heads} heads) + {conv} residual Conv1d blocks (kernel {kernel}) + linear head; {params:,} parameters, fp32 |
| initialisation | encoder of the clinlink-bi bi-encoder (`runs/bi128c/best.pt`), tokenizer shared with it (own WordPiece, {vocab} tokens, uncased) |
| input | windows of at most {max_length} pieces ([CLS] + {budget} + [SEP]) cut at word boundaries, half overlap; each word labelled by its first piece |
| decoding | BIO-constrained Viterbi over per-word probabilities; span confidence = mean probability of the decoded labels |
| training data | NCBI disease corpus TRAIN (593 PubMed abstracts, 5,145 mentions; US public domain, NLM) - nothing else |
| training | {epochs} epochs (best dev epoch {best_epoch}), AdamW lr {lr} (head {head_lr}), batch {batch}, warmup {warmup}, linear decay, dropout {dropout}, 1 CPU thread, {minutes} min |
| dev (NCBI DEV, 100 abstracts, 787 mentions), exact char spans | P {p} / R {r} / F1 **{f1}** (argmax decoding F1 {argmax_f1}) |
| test | NCBI TEST was never used |
| size | model.onnx {size_mb:.1f} MB |

## Intended use and limits

Finds disease/disorder mentions (NCBI annotation guidelines: specific diseases, disease classes, composite mentions,
modifiers such as "DMD" in "DMD patients") in English biomedical text. It was trained on PubMed abstracts only:
on clinical notes (abbreviations, telegraphic style, section headers, lists) expect lower recall and precision. In
clinlink it proposes candidate spans; a span becomes an entity only when the linker links it to a condition/finding
concept (NIL answers are dropped), and spans the dictionary already covers are left to the dictionary. It says nothing
about negation, uncertainty or who has the condition (ConText does that downstream).

Licence of the weights: trained only on public-domain data (NCBI disease TRAIN) on top of clinlink-bi (ICD-10-CM,
Disease Ontology CC0, NCBI TRAIN); CTD MEDIC was used for evaluation only.
"""


def write_card(out, conf, ck, cfg, model, summary):
    args = ck["args"]
    dev = ck["dev"]
    text = CARD.format(
        id=conf["id"], labels=", ".join(conf["labels"]), hidden=cfg.hidden, layers=cfg.layers, heads=cfg.heads,
        conv=ck.get("conv", 0), kernel=ck.get("kernel", 3), params=count_params(model), vocab=cfg.vocab_size,
        max_length=conf["max_length"], budget=conf["max_length"] - 2, epochs=args["epochs"], best_epoch=ck["epoch"],
        lr=args["lr"], head_lr=args["head_lr"], batch=args["batch"], warmup=args["warmup"], dropout=args["dropout"],
        minutes=summary.get("train_minutes", "?") if summary else "?", p=dev["p"], r=dev["r"], f1=dev["f1"],
        argmax_f1=dev.get("argmax_f1", "?"), size_mb=os.path.getsize(os.path.join(out, "model.onnx")) / 1e6)
    open(os.path.join(out, "MODEL_CARD.md"), "w").write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True, action="append", help="repeat to export an ensemble (mean probabilities)")
    ap.add_argument("--dev", help="dev metrics JSON of the ensemble (eval_ner_ensemble.py); default: the checkpoint's")
    ap.add_argument("--out", required=True)
    ap.add_argument("--id", required=True)
    ap.add_argument("--reference")
    ap.add_argument("--quantize", choices=["int8"], help="int8 QDQ weights for the embedding table and MatMuls (convs stay fp32)")
    a = ap.parse_args()
    torch.set_num_threads(1)
    ck, cfg, model = load(a.ckpt)
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "model.onnx")
    export(model, path)
    if a.quantize == "int8":
        print(f"quantized {quantize_onnx(path, path)} weight tensors to int8")
        # the torch reference and card numbers use the identical rounding (export_onnx.fake_quant_state_dict)
        for m in (model.members if isinstance(model, Ensemble) else [model]):
            m.load_state_dict(fake_quant_state_dict(m.state_dict()))
    shutil.copyfile(ck["tokenizer"], os.path.join(a.out, "tokenizer.json"))
    if a.dev:
        ck["dev"] = json.load(open(a.dev))
    ck["members"] = len(a.ckpt)
    conf = {"id": a.id, "kind": "token-classifier", "labels": ck["labels"], "max_length": ck["budget"] + 2,
            "sha256": sha256(path), "vocab_size": cfg.vocab_size, "word_labelling": "first-piece",
            "decoding": "bio-viterbi", "quantized": a.quantize or "none", "ensemble": len(a.ckpt), "token_type_ids": "inner-uppercase" if ck.get("case_types") else "zeros",
            "dev_f1": ck["dev"]["f1"]}
    json.dump(conf, open(os.path.join(a.out, "clinlink.json"), "w"), indent=1)
    sums = [os.path.join(os.path.dirname(p), "summary.json") for p in a.ckpt]
    minutes = sum(json.load(open(p)).get("train_minutes", 0) for p in sums if os.path.exists(p))
    write_card(a.out, conf, ck, cfg, model, {"train_minutes": round(minutes, 1)})
    print(json.dumps(conf), os.path.getsize(path), "bytes")
    if a.reference:
        write_reference(ck, model, WordPieceTokenizer.from_file(ck["tokenizer"]), conf, a.reference)


if __name__ == "__main__":
    main()
