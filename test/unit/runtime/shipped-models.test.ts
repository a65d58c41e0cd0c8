import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BiEncoder } from '../../../src/runtime/bi-encoder.js';
import { CrossEncoder } from '../../../src/runtime/cross-encoder.js';
import { DEFAULT_MODEL_NAMES, modelsRoot } from '../../../src/runtime/models.js';

/**
 * The models shipped in models/ (written by training/export_onnx.py --reference): onnxruntime-node must reproduce the
 * torch outputs (int8-rounded weights when quantised) stored in test/fixtures/runtime/shipped-<name>.json.
 */
const FIX = fileURLToPath(new URL('../../fixtures/runtime/', import.meta.url));

// The bi-encoder is part of the package; a cross-encoder is shipped only when it beats dense ranking on dev
// (training/RESULTS.md), so its check exists only when its directory does.
it('the package ships the default bi-encoder with a torch reference', () => {
  const name = DEFAULT_MODEL_NAMES['bi-encoder'];
  expect(existsSync(join(modelsRoot(), name, 'model.onnx'))).toBe(true);
  expect(existsSync(join(FIX, `shipped-${name}.json`))).toBe(true);
});

const shippedKinds = (['bi-encoder', 'cross-encoder'] as const).filter((kind) =>
  existsSync(join(modelsRoot(), DEFAULT_MODEL_NAMES[kind], 'model.onnx')),
);

for (const kind of shippedKinds) {
  const name = DEFAULT_MODEL_NAMES[kind];
  const dir = join(modelsRoot(), name);
  const refFile = join(FIX, `shipped-${name}.json`);
  describe(`shipped ${kind} models/${name}`, () => {
    it('opens through the default location and matches its torch reference (max abs diff <= 1e-4)', async () => {
      const ref = JSON.parse(readFileSync(refFile, 'utf8')) as { id: string; texts?: string[]; embeddings?: number[][]; pairs?: [string, string][]; logits?: number[] };
      const conf = JSON.parse(readFileSync(join(dir, 'clinlink.json'), 'utf8')) as { id: string; dim: number };
      expect(conf.id).toBe(ref.id);
      if (kind === 'bi-encoder') {
        const enc = await BiEncoder.open(dir, { threads: 1 });
        expect(enc.dim).toBe(conf.dim);
        const e = await enc.embed(ref.texts!);
        let m = 0;
        ref.embeddings!.forEach((row, i) => row.forEach((x, j) => (m = Math.max(m, Math.abs(x - e[i * enc.dim + j]!)))));
        expect(m).toBeLessThanOrEqual(1e-4);
        await enc.close();
      } else {
        const ce = await CrossEncoder.open(dir, { threads: 1 });
        const s = await ce.score(ref.pairs!);
        ref.logits!.forEach((l, i) => expect(Math.abs(l - s[i]!)).toBeLessThanOrEqual(1e-4));
        await ce.close();
      }
    });
  });
}
