"""Writes data/tok_cases.jsonl: token ids from the Python tokenizer twin (common.WordPieceTokenizer) for 3,000 corpus
lines, NCBI dev mentions and hand-made edge cases, plus 200 pairs. check_tokenizer.mjs compares them with
@huggingface/tokenizers (npm) loading the same tokenizer.json.

  /usr/bin/python3 write_tok_cases.py [data/tokenizer/tokenizer.json]
"""
import _env  # noqa: F401
import json
import random
import sys

from common import WordPieceTokenizer, read_pubtator, shared

tok = WordPieceTokenizer.from_file(sys.argv[1] if len(sys.argv) > 1 else "data/tokenizer/tokenizer.json")
lines = [l.strip() for l in open("data/corpus.txt", encoding="utf-8") if l.strip()]
random.seed(0)
sample = random.sample(lines, 3000)
d = read_pubtator(shared("ncbi-disease", "NCBIdevelopset_corpus.txt.gz"))
sample += [m["text"] for x in d for m in x["mentions"]][:300]
sample += ["", "Café au lait spots", "Ménière's disease", "Sjögren syndrome", "肺炎 pneumonia", "Болезнь Крона", "a" * 150,
           "x\u0000y\ufffdz", "tab\there\nnew", "naïve T-cells (CD4+)", "\u00a0nbsp", "İstanbul ǅ ﬁbrosis",
           "β-thalassemia α1-antitrypsin", "emoji 😀 pain", "Ⅳ stage", "can't/won't", "x" * 101]
with open("data/tok_cases.jsonl", "w") as f:
    for s in sample:
        f.write(json.dumps({"text": s, "ids": tok.encode(s, 10**6)}) + "\n")
    for a, b in zip(sample[:200], sample[200:400]):
        ids, tt = tok.encode_pair(a, b, 10**6)
        f.write(json.dumps({"text": a, "pair": b, "ids": ids, "tt": tt}) + "\n")
print(len(sample) + 200, "cases")
