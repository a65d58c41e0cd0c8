import { describe, expect, it } from 'vitest';
import { evaluateSimilarity, LONG_TAIL_CLASSES, readLabelledReports } from '../../src/eval/similarity.js';
import { conceptSetFromDoc } from '../../src/similarity/concept-set.js';
import { load } from '../../src/load.js';
import { sharedDataPath } from '../helpers/shared-data.js';

const reports = sharedDataPath('iu-xray-openi/indiana_reports.dev.csv.gz');

describe.skipIf(!reports)('eval similarity on the IU X-ray dev half (real reports, embedded starter pack, no dense model)', () => {
  it('reproduces the independent baselines and ranks better with concept sets', async () => {
    const nlp = await load();
    const r = await evaluateSimilarity({ reports: reports!, nlp });
    nlp.pack.close();
    expect(r.reports).toBe(1927);
    expect(r.n).toBe(1306); // queries with another report of the same Problems set
    // Independent measurements (issue 6): BM25 P@1 0.561, P@10 0.445, mAP 0.309.
    expect(Math.abs(r.baselines['bm25']!.p1 - 0.561)).toBeLessThan(0.01);
    expect(Math.abs(r.baselines['bm25']!.p10 - 0.445)).toBeLessThan(0.01);
    expect(Math.abs(r.baselines['bm25']!.map - 0.309)).toBeLessThan(0.01);
    // Word TF-IDF (scikit-learn defaults) lands above the independent 0.585 / 0.481 / 0.378.
    expect(r.baselines['tfidf']!.p10).toBeGreaterThan(0.48);
    expect(r.baselines['dense']).toBeUndefined();
    const best = Math.max(r.baselines['bm25']!.p10, r.baselines['tfidf']!.p10);
    expect(r.tversky.p10).toBeGreaterThan(best + 0.05);
    expect(r.tversky.map).toBeGreaterThan(r.baselines['tfidf']!.map);
    for (const m of [r.tversky, r.baselines['bm25']!, r.baselines['tfidf']!]) {
      for (const v of [m.p1, m.p10, m.map, m.ndcg10, ...Object.values(m.per_class)]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
      expect(Object.keys(m.per_class)).toEqual(LONG_TAIL_CLASSES.filter((c) => r.class_counts[c]! >= 2));
    }
    const ahead = Object.keys(r.tversky.per_class).filter((c) => c !== 'normal' && r.tversky.per_class[c]! > r.baselines['bm25']!.per_class[c]!);
    expect(ahead.length).toBeGreaterThan((Object.keys(r.tversky.per_class).length - 1) / 2);
  }, 120_000);

  it('reads polarity right on real reports: "no pneumothorax or pleural effusion" negates both', async () => {
    const nlp = await load();
    const corpus = await readLabelledReports(reports!);
    // Sentences that deny both findings and reports that affirm an effusion without denying one anywhere.
    const denies = /\b(?:no|without) (?:evidence of )?(?:pneumothorax|pneumothoraces) or (?:large )?pleural effusions?\b/i;
    const affirms = /\b(?:small|moderate|large|left|right|bilateral) pleural effusions?\b/i;
    let denied = 0;
    let deniedOk = 0;
    let affirmed = 0;
    let affirmedOk = 0;
    for (const text of corpus.annotated) {
      const d = denies.test(text);
      const a = affirms.test(text) && !/\b(?:no|without|negative for)\b[^.]*effusion/i.test(text);
      if (!d && !a) continue;
      const set = conceptSetFromDoc(await nlp.annotate(text));
      if (d) {
        denied++;
        if (set.negated.has('CLINLINK:pneumothorax') && set.negated.has('CLINLINK:pleural-effusion')) deniedOk++;
      }
      if (a) {
        affirmed++;
        if (set.present.has('CLINLINK:pleural-effusion')) affirmedOk++;
      }
    }
    nlp.pack.close();
    expect(denied).toBeGreaterThan(150);
    expect(affirmed).toBeGreaterThan(10);
    expect(deniedOk / denied).toBeGreaterThan(0.99);
    expect(affirmedOk / affirmed).toBeGreaterThan(0.97);
  }, 60_000);
});
