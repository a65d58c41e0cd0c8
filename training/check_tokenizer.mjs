// Checks that a tokenizer.json written by build_vocab.py loads in @huggingface/tokenizers (npm) and gives the same ids
// as the Python twin (common.WordPieceTokenizer). Usage: node check_tokenizer.mjs <tokenizer.json> <cases.jsonl>
import { readFileSync } from 'node:fs';


import { Tokenizer } from '@huggingface/tokenizers';
const [tokPath, casesPath] = process.argv.slice(2);
const tok = new Tokenizer(JSON.parse(readFileSync(tokPath, 'utf8')), {});
let bad = 0, n = 0;
for (const line of readFileSync(casesPath, 'utf8').split('\n')) {
  if (!line) continue;
  const c = JSON.parse(line);
  const got = c.pair ? tok.encode(c.text, { text_pair: c.pair, return_token_type_ids: true }) : tok.encode(c.text);
  n++;
  if (JSON.stringify(got.ids) !== JSON.stringify(c.ids)) {
    bad++;
    if (bad < 10) console.log('MISMATCH', JSON.stringify(c.text), c.pair ?? '', '\n py', c.ids.join(','), '\n js', got.ids.join(','));
  }
  if (c.pair && JSON.stringify(got.token_type_ids) !== JSON.stringify(c.tt)) { bad++; console.log('TT MISMATCH', c.text); }
}
console.log(`${n} cases, ${bad} mismatches`);
process.exit(bad ? 1 : 0);
