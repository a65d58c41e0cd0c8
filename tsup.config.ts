import { defineConfig } from 'tsup';

// Native addons stay external: they are resolved from node_modules at run time, never bundled.
const external = ['better-sqlite3', 'onnxruntime-node', 'hnswlib-node', '@huggingface/tokenizers', 'piscina'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // import.meta.url in the CJS build (hnswlib-node is loaded through createRequire).
    shims: true,
    target: 'node20',
    external,
  },
  {
    entry: { cli: 'src/cli/main.ts', worker: 'src/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    external,
  },
]);
