// Vite plugin (build only): puts the strict content security policy and the manifest link into
// index.html, and, once the bundle is written, builds the service worker (src/sw/) into dist/sw.js
// with the list of files to precache and a version derived from their contents, so that any
// change to the app gives a new worker and the page its "update available" prompt.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { contentSecurityPolicy } from '../core/privacy/csp.ts';

const SW_ENTRY = resolve('src/sw/service-worker.ts');
const SW_FILE = 'sw.js';

/** Built files that are not part of the shell: models are cached on first use, not up front. */
// Vite also emits a hashed copy of ONNX Runtime's WASM under assets/ (transformers.js names it
// with new URL()); the app loads only the /ort/ copy (wasmPaths), so only that one is kept.
function precached(path: string): boolean {
  if (path.startsWith('models/') || path === SW_FILE || path.endsWith('.map') || onDemand(path)) return false;
  return !/^assets\/ort-wasm[^/]*\.wasm$/.test(path);
}

/**
 * Files fetched only when needed and kept once fetched: the HEIC decoder (libheif's WebAssembly
 * and its loader, about 1.5 MB) is downloaded the first time a HEIC photo arrives, not by everyone.
 */
export function onDemand(path: string): boolean {
  return /^assets\/(libheif|heif-browser|heif-decode)-[^/]+\.(js|wasm)$/.test(path);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Precache URLs and a version: a hash over every precached file's path and bytes. */
export function precacheList(outDir: string): { urls: string[]; onDemand: string[]; version: string } {
  const all = walk(outDir).map((full) => relative(outDir, full).split('\\').join('/'));
  const files = all.filter(precached).sort();
  const version = createHash('sha256');
  for (const path of files) version.update(path).update('\0').update(createHash('sha256').update(readFileSync(join(outDir, path))).digest());
  return {
    urls: files.map((path) => `/${path}`),
    onDemand: all.filter(onDemand).sort().map((path) => `/${path}`),
    version: version.digest('hex').slice(0, 16),
  };
}

export function serviceWorker(): Plugin {
  let outDir = 'dist';
  return {
    name: 'whereabouts-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        // First in <head>, so it covers everything after it. The service worker rewrites it with
        // the hosts the user allowed; without the worker, this strict policy is the one in force.
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy() },
          injectTo: 'head-prepend',
        },
        { tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' }, injectTo: 'head' },
      ],
    },
    async closeBundle() {
      const { urls, onDemand: lazy, version } = precacheList(outDir);
      await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        define: {
          __WHEREABOUTS_PRECACHE__: JSON.stringify(urls),
          __WHEREABOUTS_ON_DEMAND__: JSON.stringify(lazy),
          __WHEREABOUTS_VERSION__: JSON.stringify(version),
        },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          lib: { entry: SW_ENTRY, formats: ['iife'], name: 'whereaboutsServiceWorker', fileName: () => SW_FILE },
        },
      });
    },
  };
}
