#!/bin/sh
# Production-linker numbers with and without a reranker, same build, same packs:
#   sh training/eval_rerank_ts.sh <cross-encoder dir | none> <out prefix>     (run from the repo root, after npx tsup)
#   BI=<bi-encoder dir> sh training/eval_rerank_ts.sh ...                    (another bi-encoder than the shipped one)
# NCBI-disease dev: plain, +abbreviations, +abbreviations+train mentions; BC5CDR dev Disease mentions: plain.
set -e
D=${CLINLINK_SHARED_DATA:-../shared/data}
CROSS=$1
OUT=$2
NCBI="--corpus $D/ncbi-disease/NCBIdevelopset_corpus.txt.gz --dictionary $D/ctd-medic/CTD_diseases-2017.tsv.gz --linker"
CDR="--corpus $D/bc5cdr/CDR_DevelopmentSet.PubTator.txt.gz --dictionary $D/ctd-medic/CTD_diseases-2017.tsv.gz --types Disease --linker"
if [ "$CROSS" = none ]; then R="--no-rerank"; else R="--cross-encoder $CROSS"; fi
run() { name=$1; shift; node bin/clinlink.js eval link "$@" $R ${BI:+--model $BI} > "$OUT.$name.json"; node -e "const r=require(process.argv[1]);console.log(process.argv[2].padEnd(12), 'rerank', r.rerank, 'acc@1', r.acc1, 'acc@5', r.acc5, r.mentions_per_second+'/s')" "$(pwd)/$OUT.$name.json" "$name"; }
run ncbi_plain $NCBI
run ncbi_abbr $NCBI --resolve-abbreviations
run ncbi_full $NCBI --resolve-abbreviations --add-mentions $D/ncbi-disease/NCBItrainset_corpus.txt.gz
run cdr_plain $CDR
