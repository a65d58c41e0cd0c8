"""Build synonym groups (concept -> names) from PUBLIC-DOMAIN / CC0 sources only:
  * ICD-10-CM FY2026 order file (short <-> long titles), 2017 tabular inclusion terms, 2017 alphabetic index paths
  * Disease Ontology (CC0): doid.obo names + synonyms; DOreports xrefs (MESH / MIM / ICD10CM) to join groups
  * NCBI disease TRAIN set (public domain): mentions sharing a gold id are positives of each other
NEVER reads CTD MEDIC, BC5CDR, IU X-ray or NCBI dev.
Writes training/data/groups.jsonl and training/data/corpus.txt (text for the WordPiece vocabulary).
"""
import _env  # noqa: F401  (thread pinning, must precede torch)
import collections
import csv
import gzip
import io
import json
import os
import re
import xml.etree.ElementTree as ET

from common import DATA, shared, read_pubtator, gold_set, norm_xref

os.makedirs(DATA, exist_ok=True)


class UF:
    def __init__(self):
        self.p = {}

    def find(self, x):
        self.p.setdefault(x, x)
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.p[b] = a


names = collections.defaultdict(list)  # key -> names


def add(key, name):
    name = re.sub(r"\s+", " ", name).strip()
    if name and len(name) <= 200:
        names[key].append(name)


# ---- ICD-10-CM order file --------------------------------------------------------------------------------------
icd_codes = set()
with gzip.open(shared("icd10cm", "icd10cm-order-2026.txt.gz"), "rt", encoding="latin-1") as f:
    for line in f:
        line = line.rstrip("\r\n")
        code = line[6:13].strip()
        short = line[16:76].strip()
        long = line[77:].strip()
        # 7th-character injury extensions (initial/subsequent encounter, sequela) are near-duplicates: skip them
        if len(code) == 7 and re.search(r"encounter|sequela", long, re.I):
            continue
        icd_codes.add(code)
        add("ICD:" + code, long)
        if short.lower() != long.lower():
            add("ICD:" + code, short)

# ---- ICD-10-CM 2017 tabular inclusion terms ------------------------------------------------------------------------
n_incl = 0
with gzip.open(shared("icd10cm", "icd10cm_tabular_2017.xml.gz"), "rb") as f:
    root = ET.parse(f).getroot()
for diag in root.iter("diag"):
    code = diag.findtext("name", "").replace(".", "")
    if code not in icd_codes:
        continue
    inc = diag.find("inclusionTerm")
    if inc is None:
        continue
    for note in inc.findall("note"):
        t = (note.text or "").strip()
        if t:
            add("ICD:" + code, re.sub(r"\s+(NOS|NEC)$", "", t))
            n_incl += 1

# ---- ICD-10-CM 2017 alphabetic index: term paths "Main, sub, subsub" -> code ---------------------------------------
n_idx = 0


def title_text(el):
    t = el.find("title")
    if t is None:
        return ""
    s = (t.text or "").strip()
    return re.sub(r"\s+", " ", s)


def walk(el, path):
    global n_idx
    title = title_text(el)
    if not title:
        return
    p = path + [title]
    code = (el.findtext("code") or "").replace(".", "").replace("-", "").strip()
    if code and code in icd_codes and len(p) <= 4:
        add("ICD:" + code, ", ".join(p))
        n_idx += 1
    for sub in el.findall("term"):
        walk(sub, p)


with gzip.open(shared("icd10cm", "icd10cm_index_2017.xml.gz"), "rb") as f:
    root = ET.parse(f).getroot()
for mt in root.iter("mainTerm"):
    walk(mt, [])

# ---- Disease Ontology (CC0) --------------------------------------------------------------------------------------
uf = UF()
do_xrefs = collections.defaultdict(set)
with gzip.open(shared("disease-ontology", "doid-2016-09-01.obo.gz"), "rt", encoding="utf-8") as f:
    term = None
    for line in f.read().split("\n") + [""]:
        if line.startswith("[") or not line.strip():
            if term and not term.get("obsolete") and term.get("id", "").startswith("DOID:"):
                k = "DO:" + term["id"]
                add(k, term["name"])
                for s in term["syn"]:
                    add(k, s)
                for x in term["xref"]:
                    do_xrefs[k].add(x)
            term = {"syn": [], "xref": []} if line.startswith("[Term]") else None
            continue
        if term is None:
            continue
        if line.startswith("id: "):
            term["id"] = line[4:].strip()
        elif line.startswith("name: "):
            term["name"] = line[6:].strip()
        elif line.startswith("synonym: "):
            m = re.match(r'synonym: "(.*)" (EXACT|RELATED|NARROW|BROAD)', line)
            if m and m.group(2) in ("EXACT", "RELATED"):
                term["syn"].append(m.group(1).replace('\\"', '"'))
        elif line.startswith("xref: "):
            term["xref"].append(line[6:].split()[0])
        elif line.startswith("is_obsolete: true"):
            term["obsolete"] = True


def read_report(name):
    with gzip.open(shared("disease-ontology", name), "rt", encoding="utf-8") as f:
        r = csv.reader(f, delimiter="\t")
        next(r)
        for row in r:
            if len(row) >= 3:
                yield row


for doid, label, x in read_report("DOreports-allXREFinDO.tsv.gz"):
    k = "DO:" + doid
    add(k, label)
    do_xrefs[k].add(x)


by_target = collections.defaultdict(set)
for k, xs in do_xrefs.items():
    for x in xs:
        t = norm_xref(x)
        if t:
            by_target[t].add(k)

# ---- NCBI train mentions -----------------------------------------------------------------------------------------
train_docs = read_pubtator(shared("ncbi-disease", "NCBItrainset_corpus.txt.gz"))
ncbi_ids = set()
for d in train_docs:
    for m in d["mentions"]:
        g = gold_set(m["ids"])
        if len(g) != 1:
            continue  # composite mentions are not synonyms of a single concept
        gid = next(iter(g))
        key = "NCBI:" + gid
        add(key, m["text"])
        ncbi_ids.add(gid)

# ---- join groups -------------------------------------------------------------------------------------------------
n_join = collections.Counter()
for t, dos in sorted(by_target.items()):  # sorted: union order (and so group keys) must not depend on PYTHONHASHSEED
    if t.startswith("ICD:"):
        if t in names and len(dos) == 1:  # only 1:1 DO <-> ICD code links
            d = next(iter(dos))
            if sum(1 for x in do_xrefs[d] if x.startswith("ICD10CM:")) == 1:
                uf.union(d, t)
                n_join["do-icd"] += 1
    else:
        gid = t[5:] if t.startswith("MESH:") else t
        if gid in ncbi_ids:
            for d in sorted(dos):
                if sum(1 for x in do_xrefs[d] if x.startswith("MESH:") or x.startswith("MIM:")) <= 2:
                    uf.union("NCBI:" + gid, d)
                    n_join["do-ncbi"] += 1

groups = collections.defaultdict(list)
for k in names:
    groups[uf.find(k)].append(k)

n_groups = 0
n_names = 0
with open(os.path.join(DATA, "groups.jsonl"), "w", encoding="utf-8") as out:
    for root_key, keys in sorted(groups.items()):
        seen = {}
        for k in sorted(keys):
            for n in names[k]:
                seen.setdefault(n.lower(), n)
        ns = sorted(seen.values())
        if len(ns) > 80:
            ns = ns[:80]
        src = sorted({k.split(":")[0] for k in keys})
        out.write(json.dumps({"key": root_key, "keys": sorted(keys), "src": src, "names": ns}) + "\n")
        n_groups += 1
        n_names += len(ns)

with open(os.path.join(DATA, "corpus.txt"), "w", encoding="utf-8") as out:
    for k, ns in names.items():
        for n in ns:
            out.write(n + "\n")
    for d in train_docs:
        out.write(d["title"] + "\n" + d["abstract"] + "\n")

print(json.dumps({"groups": n_groups, "names": n_names, "icd_codes": len(icd_codes), "inclusion_terms": n_incl,
                  "index_paths": n_idx, "ncbi_train_ids": len(ncbi_ids), "joins": n_join}, indent=1))
