/// <reference lib="dom" />
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/io/html-viewer.js';
import { load } from '../../src/load.js';
import { tempDir } from '../helpers/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing; .ci/run installs Debian's chromium`);
  console.warn(`\n!!! ${CHROMIUM} not installed: SKIPPING the HTML rendering test (apt-get install chromium) !!!\n`);
}

describe.skipIf(!haveChromium)('annotate --html renders in headless Chromium', () => {
  const dir = tempDir();
  let browser: Browser;
  let page: Awaited<ReturnType<Browser['newPage']>>;
  beforeAll(async () => {
    const nlp = await load();
    const text = readFileSync(resolve(__dirname, '../../examples/discharge-summary.txt'), 'utf8');
    const doc = await nlp.annotate(text);
    const file = join(dir, 'note.html');
    writeFileSync(file, renderHtml(doc));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.goto(`file://${file}`);
  }, 60_000);
  afterAll(async () => browser?.close());

  it('highlights entities by type, strikes negated ones and shows the concept on hover', async () => {
    const marks = await page.$$eval('mark.ent', (els) => els.map((e) => ({ cls: e.className, title: e.getAttribute('title') ?? '', text: e.textContent ?? '' })));
    expect(marks.length).toBeGreaterThan(20);
    const negated = marks.find((m) => m.text === 'pneumothorax');
    expect(negated?.cls).toContain('a-negated');
    expect(await page.$eval('mark.a-negated', (e) => getComputedStyle(e).textDecorationLine)).toBe('line-through');
    const hf = marks.find((m) => /heart failure/i.test(m.text));
    expect(hf?.title).toMatch(/concept: CLINLINK:.*heart-failure/);
    expect(hf?.title).toMatch(/codes: .*ICD10CM:I50/);
    // Conditions and medications get different background colours.
    const colours = await page.$$eval('mark.t-condition, mark.t-medication', (els) => [...new Set(els.map((e) => getComputedStyle(e).backgroundColor))]);
    expect(colours.length).toBeGreaterThanOrEqual(2);
  });

  it('produces a non-blank screenshot', async () => {
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(join(dir, 'note.png'), png);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    // A blank page compresses to almost nothing; the highlighted note does not.
    const blank = await (await browser.newPage()).screenshot();
    expect(png.length).toBeGreaterThan(blank.length * 3);
  });
});
