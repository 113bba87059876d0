import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

// Cross-origin isolation gives the workers SharedArrayBuffer, which multi-threaded WASM needs.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// transformers.js pins its own onnxruntime-web build; its WASM files are served from our origin under /ort/.
const ortDist = resolve('node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist');
const ortFiles = existsSync(ortDist)
  ? readdirSync(ortDist).filter((f) => /^ort-wasm-simd-threaded.*\.(wasm|mjs)$/.test(f))
  : [];

function serveOrtRuntime(): Plugin {
  return {
    name: 'whereabouts-ort-runtime',
    configureServer(server) {
      server.middlewares.use('/ort/', (req, res, next) => {
        const file = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        if (!ortFiles.includes(file)) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        res.setHeader('Content-Length', String(statSync(join(ortDist, file)).size));
        createReadStream(join(ortDist, file)).pipe(res);
      });
    },
    async generateBundle() {
      for (const file of ortFiles) {
        this.emitFile({ type: 'asset', fileName: `ort/${file}`, source: await readFile(join(ortDist, file)) });
      }
    },
  };
}

// Self-hosted models live in public/models/. A missing file must be a 404, not the SPA's index.html,
// so that the loader can say which file is missing.
function modelsNotFound(): Plugin {
  const handler = (root: string) => (req: { url?: string }, res: { statusCode: number; end: (s: string) => void }, next: () => void) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    if (path.includes('..') || !existsSync(join(root, 'models', path))) {
      res.statusCode = 404;
      res.end('Not found');
      return;
    }
    next();
  };
  return {
    name: 'whereabouts-models-404',
    configureServer(server) {
      server.middlewares.use('/models/', handler(resolve('public')));
    },
    configurePreviewServer(server) {
      server.middlewares.use('/models/', handler(resolve('dist')));
    },
  };
}

export default defineConfig({
  plugins: [svelte(), serveOrtRuntime(), modelsNotFound()],
  server: { headers: isolation, host: '127.0.0.1' },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  optimizeDeps: { exclude: ['@huggingface/transformers'] },
});
