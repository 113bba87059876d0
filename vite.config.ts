import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serviceWorker } from './src/build/service-worker.ts';

// Cross-origin isolation gives the workers SharedArrayBuffer, which multi-threaded WASM needs.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// transformers.js pins its own onnxruntime-web build; its WASM files are served from our origin under /ort/.
// That build (onnxruntime-web/webgpu) only ever loads the asyncify variant, for WebGPU and WASM alike;
// the jsep, jspi and plain variants (about 60 MB) would never be fetched.
const ortDist = resolve('node_modules/@huggingface/transformers/node_modules/onnxruntime-web/dist');
const ortFiles = existsSync(ortDist)
  ? readdirSync(ortDist).filter((f) => /^ort-wasm-simd-threaded\.asyncify\.(wasm|mjs)$/.test(f))
  : [];

function serveOrtRuntime(): Plugin {
  return {
    name: 'whereabouts-ort-runtime',
    configureServer(server) {
      server.middlewares.use('/ort/', (req, res, next) => {
        const file = (req.url ?? '').split('?')[0]!.replace(/^\//, '');
        if (!ortFiles.includes(file)) return next();
        // The runtime also starts its WASM threads from this file: a worker script in an isolated page needs these headers too.
        for (const [name, value] of Object.entries(isolation)) res.setHeader(name, value);
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
// so that the loader can say which file is missing. Files that exist are sent here too, with their
// Content-Length and never compressed: vite preview gzips anything it does not know the type of
// (.onnx), which drops the length, and transformers.js then cannot report per-file progress.
function modelsNotFound(): Plugin {
  const handler =
    (root: string) =>
    (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
      let path: string;
      try {
        path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      } catch {
        path = '..';
      }
      // In development the registry's own source (models/*.ts) shares the /models/ prefix.
      if (/\.ts$/.test(path) && !path.includes('..') && existsSync(join(resolve('models'), path))) return next();
      const file = join(root, 'models', path);
      const found = !path.includes('..') && existsSync(file) && statSync(file).isFile();
      if (!found) {
        res.statusCode = 404;
        res.end('Not found');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      for (const [name, value] of Object.entries(isolation)) res.setHeader(name, value);
      res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
      res.setHeader('Content-Length', String(statSync(file).size));
      res.setHeader('Cache-Control', 'no-cache');
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      createReadStream(file).pipe(res);
    };
  return {
    name: 'whereabouts-models-404',
    configureServer(server) {
      server.middlewares.use('/models/', handler(resolve('public')));
    },
    configurePreviewServer(server) {
      server.middlewares.use('/models/', handler(resolve(server.config.root, server.config.build.outDir)));
    },
  };
}

export default defineConfig({
  plugins: [svelte(), serveOrtRuntime(), modelsNotFound(), serviceWorker()],
  server: { headers: isolation, host: '127.0.0.1' },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  // No module-preload polyfill: it would be the only script Vite could inline, and browsers with
  // WebGPU or module workers all preload modules natively.
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, modulePreload: { polyfill: false } },
  optimizeDeps: { exclude: ['@huggingface/transformers'] },
});
