"""Writes models/<name>/MODEL_CARD.md from the checkpoint, its run summary, eval json and node benchmark json.

  /usr/bin/python3 make_card.py --dir ../models/clinlink-bi --ckpt runs/bi128/best.pt --eval runs/bi128/eval.json \
      [--bench runs/bi128/bench.json] [--notes "..."]
"""
import _env  # noqa: F401
import argparse
import json
import os

import torch

DATA_TEXT = """\
Training data (public domain / CC0 only; nothing from CTD MEDIC, BC5CDR, IU X-ray or NCBI dev/test was used for training):
- ICD-10-CM FY2026 order file (CDC/NCHS, US public domain): short <-> long titles of the same code (7th-character
  injury encounter variants dropped);
- ICD-10-CM FY2017 Tabular List inclusion terms and Alphabetic Index term paths ("Main term, sub-term, ...") -> code;
- Human Disease Ontology (CC0): doid.obo 2016-09-01 names + EXACT/RELATED synonyms, DOreports 2026 labels and xrefs;
  DO <-> ICD-10-CM joined only on 1:1 xrefs, DO <-> NCBI gold ids via MeSH/OMIM xrefs;
- NCBI disease corpus TRAIN split (NLM, public domain): mentions sharing one gold id are synonyms of each other.
Synonym groups: built by training/prepare_data.py (groups with >= 2 names are used; NCBI-train groups weighted x3).
Tokenizer: own WordPiece (training/build_vocab.py) on the same text, BERT uncased normalisation with accent stripping."""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--eval")
    ap.add_argument("--bench")
    ap.add_argument("--summary")
    ap.add_argument("--notes", default="")
    a = ap.parse_args()
    conf = json.load(open(os.path.join(a.dir, "clinlink.json")))
    ck = torch.load(a.ckpt, map_location="cpu")
    n_params = sum(v.numel() for v in ck["model"].values())
    size = os.path.getsize(os.path.join(a.dir, "model.onnx"))
    summ = json.load(open(a.summary)) if a.summary and os.path.exists(a.summary) else {}
    ev = json.load(open(a.eval)) if a.eval and os.path.exists(a.eval) else None
    bench = json.load(open(a.bench)) if a.bench and os.path.exists(a.bench) else None
    c = ck["config"]
    lines = [f"# {conf['id']} ({conf['kind']})", "",
             "Small BERT-architecture model trained from scratch on CPU for clinlink (SapBERT-style self-alignment"
             + (" bi-encoder" if conf["kind"] == "bi-encoder" else " cross-encoder reranker") + ").", "",
             "| | |", "|---|---|",
             f"| architecture | BERT, hidden {c['hidden']}, {c['layers']} layers, {c['heads']} heads, FFN {c['intermediate']}, vocab {c['vocab_size']}, max positions {c['max_position']} |",
             f"| parameters | {n_params:,} |",
             f"| model.onnx | {size / 1e6:.2f} MB, weights {'fp32' if conf.get('quantized', 'none') == 'none' else conf['quantized']}, opset 14, sha256 {conf['sha256'][:16]}… |",
             f"| inputs / output | input_ids, attention_mask, token_type_ids (int64 [batch, sequence]) -> {'last_hidden_state [batch, sequence, %d]' % c['hidden'] if conf['kind'] == 'bi-encoder' else 'logits [batch, 1]'} |",
             f"| pooling / max_length / normalize | {conf['pooling']} / {conf['max_length']} / {conf['normalize']} |",
             f"| training | {ck.get('step', '?')} steps, {summ.get('train_wall_minutes', round(ck.get('wall', 0) / 60, 1))} CPU-minutes (1 thread), seed {ck['args'].get('seed')} |",
             f"| training args | `{json.dumps({k: v for k, v in ck['args'].items() if k not in ('groups', 'tokenizer', 'bench', 'init')})}` |",
             "", DATA_TEXT, ""]
    if ev:
        lines += ["## NCBI disease DEV (787 mentions), dictionary = CTD MEDIC 2017 names + synonyms (eval only)", "",
                  "Correct at k when a top-k distinct concept's MEDIC id (or one of its MEDIC alt ids) is among the gold ids;",
                  "composite mentions: union of their ids. `+abbr` = in-document abbreviation expansion (Schwartz-Hearst);",
                  "`train` = NCBI train mentions added to the dictionary. Measured by training/eval_ncbi.py.", "",
                  "| protocol | char-3gram TF-IDF acc@1 / acc@5 | this model acc@1 / acc@5 |", "|---|---|---|"]
        for p, r in ev["dense"].items():
            base = p.replace("+rerank", "")
            t = ev["tfidf_char3"].get(base)
            tt = f"{t['acc@1']:.3f} / {t['acc@5']:.3f}" if t and "+rerank" not in p else ""
            lines.append(f"| {p} | {tt} | {r['acc@1']:.3f} / {r['acc@5']:.3f} |")
        lines.append("")
    if bench:
        lines += ["## Speed (onnxruntime-node, this machine, training/bench_embed.ts)", "", "```", json.dumps(bench), "```", ""]
    if a.notes:
        lines += ["## Notes", "", a.notes, ""]
    lines += ["Licence of the weights: trained only on public-domain (NCHS ICD-10-CM, NLM NCBI disease corpus) and CC0 (Disease",
              "Ontology) data. Reproduce: see training/README.md.", ""]
    open(os.path.join(a.dir, "MODEL_CARD.md"), "w").write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
