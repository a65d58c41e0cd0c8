import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatHits, indexReportCsv, openSimilarIndex, searchSimilar, SIDECAR, type OpenedSimilarIndex } from '../../../src/cli/similar-command.js';
import { readReportCsv } from '../../../src/io/report-csv.js';
import { tempDir } from '../../helpers/tmp.js';
import { errorOf } from '../../helpers/errors.js';

const FIXTURES = resolve(__dirname, '../../fixtures/similarity');
const REPORTS = join(FIXTURES, 'reports.csv');
const cli = resolve(__dirname, '../../../dist/cli.js');

describe('clinlink similar index + search on handwritten chest X-ray reports (starter pack)', () => {
  const dir = tempDir('clinlink-similar-');
  const out = join(dir, 'index');
  let opened: OpenedSimilarIndex;

  beforeAll(async () => {
    const sidecar = await indexReportCsv({ csv: REPORTS, out });
    expect(sidecar.source.reports).toBe(12);
    opened = await openSimilarIndex(out);
  });

  it('records the pack and profile next to the index', () => {
    const sidecar = JSON.parse(readFileSync(join(out, SIDECAR), 'utf8'));
    expect(sidecar.pack).toMatchObject({ dir: null, name: 'starter', id: opened.nlp.pack.manifest.packId });
    expect(sidecar.profile.search.formula).toBe('symmetric');
    expect(sidecar.source).toMatchObject({ textColumns: ['findings', 'impression'], idColumn: 'uid', reports: 12, skippedEmpty: 0 });
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    // Polarity IDF table: "no pneumothorax" (r01, r02, r04, r07, r10) is far more common than a pneumothorax (r05, r06).
    expect(sidecar.polarityDf.reports).toBe(12);
    expect(sidecar.polarityDf.present['CLINLINK:pneumothorax']).toBe(2);
    expect(sidecar.polarityDf.negated['CLINLINK:pneumothorax']).toBe(5);
  });

  it('finds the cardiomegaly + effusion reports for a cardiomegaly + effusion query, and explains why', async () => {
    const hits = await searchSimilar(opened, 'The heart is enlarged. Small left pleural effusion. No pneumothorax.\nIMPRESSION: Cardiomegaly with left effusion.', 5);
    expect(hits.slice(0, 3).map((h) => h.id).sort()).toEqual(['r03', 'r04', 'r12']);
    const top = hits[0]!;
    const shared = top.shared.map((s) => s.query);
    expect(shared).toContain('CLINLINK:cardiomegaly');
    expect(shared).toContain('CLINLINK:pleural-effusion');
    expect(hits.every((h, i) => i === 0 || h.score <= hits[i - 1]!.score)).toBe(true);
    // The explanation is complete: every concept of the report is shared, partial or listed as only in the report.
    const reportSet = opened.index.conceptSet(top.id)!;
    const accounted = new Set([...top.shared.map((s) => s.report), ...top.partial.map((p) => p.b), ...top.onlyInReport.map((u) => u.id), ...top.contradictions.map((c) => c.report)]);
    for (const id of [...reportSet.present.keys(), ...reportSet.negated.keys()]) expect(accounted).toContain(id);
  });

  it('ranks the pneumothorax reports first for a pneumothorax query; negation separates them from normal studies', async () => {
    const hits = await searchSimilar(opened, 'Small right apical pneumothorax. No pleural effusion. Heart size is normal.', 3);
    expect(hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['r05', 'r06']);
    // r01/r02 say "no pneumothorax": a contradiction, never a shared concept.
    const normal = await searchSimilar(opened, 'Small right apical pneumothorax.', 12);
    for (const h of normal.filter((x) => x.id === 'r01' || x.id === 'r02')) {
      expect(h.shared.map((s) => s.query)).not.toContain('CLINLINK:pneumothorax');
      expect(h.contradictions.map((c) => c.query)).toContain('CLINLINK:pneumothorax');
    }
  });

  it('a normal study finds the normal studies', async () => {
    const hits = await searchSimilar(opened, 'Heart size is normal. The lungs are clear. No pleural effusion or pneumothorax. No acute cardiopulmonary process.', 2);
    expect(hits.map((h) => h.id).sort()).toEqual(['r01', 'r02']);
    expect(formatHits(hits, (id) => opened.nlp.pack.concept(id)?.preferred ?? id)).toMatch(/shared +.*no Pneumothorax/);
  });

  it('the same hits after reopening (ReportIndex and pack re-read from disk)', async () => {
    const again = await openSimilarIndex(out);
    try {
      const q = 'Hyperinflated lungs consistent with emphysema. No focal consolidation.';
      expect((await searchSimilar(again, q, 3)).map((h) => [h.id, h.score])).toEqual((await searchSimilar(opened, q, 3)).map((h) => [h.id, h.score]));
      expect((await searchSimilar(again, q, 1))[0]!.id).toBe('r08');
    } finally {
      again.close();
    }
  });

  it('refuses an index whose recorded pack id is not the pack it finds', async () => {
    const copy = join(dir, 'tampered');
    await indexReportCsv({ csv: REPORTS, out: copy });
    const file = join(copy, SIDECAR);
    const sidecar = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...sidecar, pack: { ...sidecar.pack, id: 'another-pack' } }));
    const err = await errorOf(openSimilarIndex(copy));
    expect(err.code).toBe('E_INDEX_MISMATCH');
    expect((await errorOf(openSimilarIndex(join(dir, 'nowhere')))).code).toBe('E_INDEX_CORRUPT');
  });

  it('reads gzip and other column names', async () => {
    const csv = readFileSync(REPORTS, 'utf8').replace('uid,findings,impression', 'report_id,body,conclusion');
    const gz = join(dir, 'renamed.csv.gz');
    writeFileSync(gz, gzipSync(csv));
    const rows = [];
    for await (const r of readReportCsv(gz, { idColumn: 'report_id', textColumns: ['body', 'conclusion'] })) rows.push(r);
    expect(rows).toHaveLength(12);
    expect(rows[10]).toMatchObject({ id: 'r11', line: 12 });
    expect(rows[11]).toMatchObject({ id: 'r12', line: 14 }); // r11's findings span two lines
    expect(rows[0]!.text).toMatch(/^BODY:\n.*\n\nCONCLUSION:\nNo acute cardiopulmonary disease\.$/);
  });
});

describe('typed errors on bad report CSVs (file, line and column; never report text)', () => {
  const out = join(tempDir('clinlink-similar-bad-'), 'index');

  it('a missing text column is E_PARSE at line 1 naming the column', async () => {
    const err = await errorOf(indexReportCsv({ csv: join(FIXTURES, 'missing-impression.csv'), out }));
    expect(err).toMatchObject({ code: 'E_PARSE', line: 1, field: 'impression', file: join(FIXTURES, 'missing-impression.csv') });
    const id = await errorOf(indexReportCsv({ csv: REPORTS, out, idColumn: 'accession' }));
    expect(id).toMatchObject({ code: 'E_PARSE', line: 1, field: 'accession' });
  });

  it('an empty report is E_PARSE at its line unless skipped', async () => {
    const file = join(FIXTURES, 'empty-row.csv');
    const err = await errorOf(indexReportCsv({ csv: file, out }));
    expect(err).toMatchObject({ code: 'E_PARSE', line: 3, field: 'findings,impression' });
    const sidecar = await indexReportCsv({ csv: file, out, skipEmpty: true });
    expect(sidecar.source).toMatchObject({ reports: 2, skippedEmpty: 1 });
  });

  it('a duplicate id is E_PARSE naming the id column; no error quotes report text', async () => {
    const err = await errorOf(indexReportCsv({ csv: join(FIXTURES, 'duplicate-id.csv'), out }));
    expect(err).toMatchObject({ code: 'E_PARSE', line: 3, field: 'uid' });
    expect(err.message).not.toMatch(/lungs are clear|Cardiomegaly\./i);
  });

  it('a malformed record (unclosed quote) is E_PARSE naming the file', async () => {
    const file = join(tempDir('clinlink-similar-bad-'), 'broken.csv');
    writeFileSync(file, 'uid,findings,impression\nr1,"Patient has a secret finding,No acute disease.\n');
    const err = await errorOf(indexReportCsv({ csv: file, out }));
    expect(err.code).toBe('E_PARSE');
    expect(err.file).toBe(file);
    expect(err.message).not.toContain('secret finding');
  });
});

describe('clinlink similar (the built CLI; npm test builds dist first)', () => {
  const out = join(tempDir('clinlink-similar-cli-'), 'index');

  it('index then search --json, and a typed error with exit code 1', () => {
    execFileSync(process.execPath, [cli, 'similar', 'index', '--out', out, REPORTS], { encoding: 'utf8' });
    const hits = JSON.parse(execFileSync(process.execPath, [cli, 'similar', 'search', '--index', out, '--k', '2', '--json', 'Large left pneumothorax.'], { encoding: 'utf8' }));
    expect(hits).toHaveLength(2);
    expect(hits.map((h: { id: string }) => h.id).sort()).toEqual(['r05', 'r06']);
    expect(Object.keys(hits[0]).sort()).toEqual(['contradictions', 'id', 'onlyInQuery', 'onlyInReport', 'partial', 'score', 'shared', 'terms']);
    const text = execFileSync(process.execPath, [cli, 'similar', 'search', '--index', out, '--k', '1', 'Large left pneumothorax.'], { encoding: 'utf8' });
    expect(text).toMatch(/^ 1\. r0[56] {2}score 0\.\d{3}\n {6}shared +Pneumothorax/);
    // Worker threads (annotateMany, results in input order) build the same index as annotating in this thread.
    const viaWorkers = join(out, '..', 'workers');
    execFileSync(process.execPath, [cli, 'similar', 'index', '--workers', '2', '--out', viaWorkers, REPORTS], { encoding: 'utf8' });
    for (const f of ['ids.json', 'sets.i32', 'offsets.i32', 'entries.i32', 'weights.f64']) expect(readFileSync(join(viaWorkers, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    const bad = spawnSync(process.execPath, [cli, 'similar', 'index', '--out', out, join(FIXTURES, 'missing-impression.csv')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/clinlink: E_PARSE: missing column "impression".*line 1, field impression/);
  });
});
