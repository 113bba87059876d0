// Photo figures (BENCH_ONLY=photo), on the built app in Chromium:
//   heic_decode_ms: the 16-megapixel HEIF of ../shared/data/photos-real read by the app's own photo
//     worker (sniff, libheif decode, downscale to the model's 2048 px, preview, metadata), called
//     through Comlink's wire format as the app does. The first call also fetches and compiles
//     libheif (reported apart); the median is over the calls after it.
//   heic_decoder_bytes: what a first HEIC photo downloads (libheif's WASM and its loader), raw and gzip.
//   initial_js: the entry chunk and what it preloads, raw and gzip, and whether the decoder is in it.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';
import { launchChromium } from './chromium';

const HEIF = 'ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif';
const RUNS = 7;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function sizes(dist: string, files: string[]) {
  const raw = files.reduce((sum, f) => sum + readFileSync(join(dist, f)).byteLength, 0);
  const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f)), { level: 9 }).byteLength, 0);
  return { files, bytes: raw, gzip_bytes: gzip };
}

function bundleFigures(root: string) {
  const dist = join(root, 'dist');
  const assets = readdirSync(join(dist, 'assets'));
  const decoder = assets.filter((f) => /^(libheif|heif-browser|heif-decode)-.*\.(js|wasm)$/.test(f)).map((f) => `assets/${f}`);
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const photoWorker = assets.filter((f) => /^photo\.worker-.*\.js$/.test(f)).map((f) => `assets/${f}`);
  const mentionsDecoder = (f: string) => /libheif|heif_context_alloc/.test(readFileSync(join(dist, f), 'utf8'));
  return {
    decoder,
    decoderSizes: sizes(dist, decoder),
    initial: { ...sizes(dist, initial), contains_decoder: initial.some(mentionsDecoder) },
    photoWorker: { ...sizes(dist, photoWorker), contains_decoder_code: photoWorker.some((f) => /heif_context_alloc/.test(readFileSync(join(dist, f), 'utf8'))) },
  };
}

export async function photoFigures(root: string, log: (line: string) => void) {
  const bundle = bundleFigures(root);
  const photoWorkerUrl = `/${bundle.photoWorker.files[0]}`;
  const bytes = readFileSync(join(root, '../shared/data/photos-real', HEIF));
  const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address() as { port: number };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // tsx compiles named inner functions with esbuild's __name helper, which the page lacks.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(`http://127.0.0.1:${address.port}/?device=wasm&model=tiny-geoclip`);
    log(`photo: ${HEIF} through the photo worker, ${RUNS + 1} reads`);
    const result = await page.evaluate(
      async ({ url, base64, name, runs }) => {
        const raw = atob(base64);
        const data = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
        const blob = new Blob([data], { type: 'image/heic' });
        const worker = new Worker(url, { type: 'module' });
        let next = 0;
        // Comlink's wire format: APPLY a path with RAW arguments; the answer carries the same id.
        const call = (path: string[], args: unknown[]) =>
          new Promise<{ type: string; value: unknown }>((resolve) => {
            const id = `bench-${next++}`;
            const listen = (event: MessageEvent) => {
              if (event.data?.id !== id) return;
              worker.removeEventListener('message', listen);
              resolve(event.data);
            };
            worker.addEventListener('message', listen);
            worker.postMessage({ id, type: 'APPLY', path, argumentList: args.map((value) => ({ type: 'RAW', value })) });
          });
        const times: number[] = [];
        let size = '';
        for (let run = 0; run <= runs; run++) {
          const started = performance.now();
          const answer = await call(['readPhoto'], [run + 1, blob, name]);
          times.push(performance.now() - started);
          if (answer.type !== 'RAW' || (answer.value as { isError?: boolean })?.isError) throw new Error(`the photo worker failed: ${JSON.stringify(answer.value)}`);
          const photo = answer.value as { pixels: { width: number; height: number }; width: number; height: number; exifGps: unknown; preview: ImageBitmap };
          size = `${photo.width} x ${photo.height} decoded, ${photo.pixels.width} x ${photo.pixels.height} for the model`;
          photo.preview.close();
        }
        worker.terminate();
        return { times, size };
      },
      { url: photoWorkerUrl, base64: bytes.toString('base64'), name: HEIF, runs: RUNS },
    );
    const [first, ...rest] = result.times;
    return {
      heic_decode_ms: {
        median_ms: round(median(rest)),
        first_ms_with_decoder_load: round(first!),
        runs: rest.length,
        photo: `${HEIF} (${result.size}, ${bytes.byteLength} bytes)`,
        path: 'workers/photo.worker.ts readPhoto in headless Chromium: sniff, libheif (WASM) decode, downscale, preview, metadata',
        // The machines this runs on are shared: the one-minute load says how busy the cores were.
        load_average: round(loadavg()[0]!, 2),
      },
      heic_decoder_download: {
        bytes: bundle.decoderSizes.bytes,
        gzip_bytes: bundle.decoderSizes.gzip_bytes,
        files: bundle.decoder,
        fetched: 'only when the first HEIC/HEIF photo arrives; kept by the service worker from then on',
      },
      initial_js: {
        bytes: bundle.initial.bytes,
        gzip_bytes: bundle.initial.gzip_bytes,
        files: bundle.initial.files,
        contains_decoder: bundle.initial.contains_decoder,
      },
      photo_worker_js: { bytes: bundle.photoWorker.bytes, gzip_bytes: bundle.photoWorker.gzip_bytes, contains_decoder_code: bundle.photoWorker.contains_decoder_code },
    };
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
