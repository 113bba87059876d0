// npm run bench: every performance figure the issues name, printed as one JSON object.
// Timings on shared 2-core machines are noisy: each figure is a median, and the comparisons
// that matter are ratios measured in the same run.
//   BENCH_BUILD_ROWS (default 100000): gallery rows encoded with the full-width location model on WASM.
//   BENCH_ONLY=batch: build the app and measure only the batch figures.
//   BENCH_WEBGPU_ROWS (default 4096): the same on WebGPU. Headless Chromium here runs WebGPU on
//     SwiftShader (the CPU), about 40 rows/s, so the full gallery would take most of an hour;
//     the figure is extrapolated from these rows and says so. BENCH_WEBGPU_ROWS=0 skips it.
//   BENCH_ONLY=photo: build the app and measure only the photo figures (HEIC decode, decoder size).
//   BENCH_ONLY=surface: only surface_ms and heatmap_draw_ms (the probability surface, Chromium).
//   BENCH_ONLY=firstanswer: first_answer_s on a fresh profile, downloaded index against on-device build.
//   BENCH_ONLY=region: only region_query_ms (a query restricted to one country vs unrestricted).
//   BENCH_ONLY=vlm: only the VLM figures (tiny VLM through the real worker, WebGPU and WASM).
//   BENCH_ONLY=refine: only refine_ms and refine_points (BENCH_REFINE_RUNS, default 7).
//   BENCH_ONLY=realsize: only the real-size figures (tests/bench/realsize.ts); BENCH_REALSIZE=0 leaves them out of a full run.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { preview } from 'vite';
import { benchQuery, randomIndex } from '../../src/core/retrieve/bench';
import { parseCoordinateCsv } from '../../src/core/retrieve/coords';
import { batchFigures } from './batch';
import { photoFigures } from './photo';
import { firstAnswerFigures } from './first-answer';
import { regionFigures } from './region';
import { launchChromium } from './chromium';
import { withBenchPage } from './bench-server';
import { cluemapFigures } from './cluemap';
import { refineFigures } from './refine';
import { surfaceFigures } from './surface';
import { realSizeFigures } from './realsize';
import { PLACES_FILE, loadPlacesNode } from '../../workers/node/places';

const ROOT = resolve(import.meta.dirname, '../..');
const rowsFor = {
  wasm: Number(process.env.BENCH_BUILD_ROWS ?? 100_000),
  webgpu: Number(process.env.BENCH_WEBGPU_ROWS ?? 4096),
};
const vlmBench = { tokens: Number(process.env.BENCH_VLM_TOKENS ?? 64), runs: Number(process.env.BENCH_VLM_RUNS ?? 5) };
const onlyVlm = process.env.BENCH_ONLY === 'vlm';
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ensureModels(): void {
  if (!existsSync(join(ROOT, 'public/models/whereabouts/geoclip-location-random/onnx/location_model.onnx'))) {
    log('generating the full-width random location model');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'models/tiny/generate.ts', '--full-width'], { cwd: ROOT, stdio: 'inherit' });
  }
}

function nodeQuery() {
  const index = randomIndex({ count: 100_000, dim: 512, seed: 42, element: 'int8' });
  const result = benchQuery(index, { runs: 30, now: () => performance.now() });
  return { median_ms: round(result.medianMs), runs: result.runs, kernel: result.kernel };
}

type VlmFigures = Partial<Record<'webgpu' | 'wasm', { first_token_ms: number; decode_tokens_per_s: number; tokens: number; runs: number; dtype: string }>>;

async function vlmFigures(page: import('playwright-core').Page): Promise<VlmFigures> {
  const figures: VlmFigures = {};
  for (const device of ['webgpu', 'wasm'] as const) {
    log(`tiny VLM through the worker on ${device}: ${vlmBench.runs} answers of ${vlmBench.tokens} tokens`);
    const result = await page.evaluate((request) => window.runVlmBench(request), { device, runs: vlmBench.runs, maxNewTokens: vlmBench.tokens });
    if (result.device !== device) throw new Error(`the VLM worker ran on ${result.device}, not ${device}`);
    const { cancelled } = result;
    if (!cancelled.stopped || cancelled.tokens >= cancelled.of || !cancelled.textMatchesPieces) {
      throw new Error(`cancel did not stop the VLM worker on ${device}: ${JSON.stringify(cancelled)}`);
    }
    log(`cancel on ${device}: stopped after ${cancelled.tokens} of ${cancelled.of} tokens`);
    figures[device] = {
      first_token_ms: round(median(result.firstTokenMs), 1),
      decode_tokens_per_s: round(median(result.tokensPerSecond), 1),
      tokens: result.tokens,
      runs: result.runs,
      dtype: result.dtype,
    };
  }
  return figures;
}

/** Reverse geocoding in Node: the first 10,000 gallery coordinates (mostly on land, like real answers), 7 runs. */
async function reverseGeocode() {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/build/build-geodata.ts'], { cwd: ROOT, stdio: 'inherit' });
  const loadStarted = performance.now();
  const { geocoder } = await loadPlacesNode();
  const loadMs = performance.now() - loadStarted;
  const gallery = parseCoordinateCsv(readFileSync(join(ROOT, 'public/gallery/coordinates_100K.csv'), 'utf8'));
  const points = Array.from({ length: 10_000 }, (_, i) => ({ lat: gallery.lat[i]!, lon: gallery.lon[i]! }));
  const perPoint: number[] = [];
  for (let run = 0; run < 7; run++) {
    const started = performance.now();
    for (const point of points) geocoder.placeAt(point);
    perPoint.push(((performance.now() - started) * 1000) / points.length);
  }
  return { us: round(median(perPoint), 2), points: points.length, runs: perPoint.length, loadMs: round(loadMs, 0), fileKib: round(readFileSync(PLACES_FILE).byteLength / 1024, 1), places: geocoder.places.count };
}

async function browserFigures() {
  return withBenchPage(async (page) => {
    if (onlyVlm) return { query: null, encode: {} as Record<string, { seconds: number; rows: number; rowsPerSecond: number }>, vlm: await vlmFigures(page) };
    log('query in a Chromium worker (100K x 512 int8)');
    const query = (await page.evaluate(() => window.runBench({ kind: 'query', count: 100_000, dim: 512, runs: 30 }))) as { medianMs: number; runs: number; kernel: string };
    const encode: Record<string, { seconds: number; rows: number; rowsPerSecond: number }> = {};
    for (const device of ['wasm', 'webgpu'] as const) {
      const rows = rowsFor[device];
      if (rows <= 0) continue;
      log(`encoding ${rows} gallery rows with the full-width location model on ${device}`);
      encode[device] = (await page.evaluate(
        (request) => window.runBench(request),
        { kind: 'encode-gallery' as const, device, rows, batchRows: 1024 },
      )) as { seconds: number; rows: number; rowsPerSecond: number };
    }
    const vlm = await vlmFigures(page);
    return { query, encode, vlm };
  });
}

function initialJavaScript() {
  const html = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const gzipped = scripts.map((file) => gzipSync(readFileSync(join(ROOT, 'dist', file)), { level: 9 }).byteLength);
  const workers = readdirSync(join(ROOT, 'dist/assets')).filter((f) => /worker/i.test(f));
  return { files: scripts, gzip_kb: round(gzipped.reduce((a, b) => a + b, 0) / 1024, 1), lazy_worker_files: workers.length };
}

async function firstPaint(): Promise<{ median_ms: number; runs: number }> {
  const server = await preview({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address() as { port: number };
  const browser = await launchChromium();
  const paints: number[] = [];
  try {
    for (let run = 0; run < 7; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${address.port}/`, { waitUntil: 'load' });
      const fcp = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            new PerformanceObserver((list) => {
              const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
              if (entry) resolve(entry.startTime);
            }).observe({ type: 'paint', buffered: true });
          }),
      );
      paints.push(fcp);
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return { median_ms: round(median(paints), 1), runs: paints.length };
}

function vlmSummary(vlm: VlmFigures) {
  return {
    vlm_decode_tokens_per_s: { webgpu: vlm.webgpu?.decode_tokens_per_s ?? null, wasm: vlm.wasm?.decode_tokens_per_s ?? null },
    vlm_first_token_ms: { webgpu: vlm.webgpu?.first_token_ms ?? null, wasm: vlm.wasm?.first_token_ms ?? null },
    vlm_model: `tiny-vlm (random weights, fp32) through workers/vlm.worker.ts; medians of ${vlmBench.runs} answers of ${vlmBench.tokens} tokens, photo 64x48, after one warm-up answer`,
  };
}

function buildApp(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
}

async function main() {
  if (process.env.BENCH_ONLY === 'photo') {
    buildApp();
    process.stdout.write(`${JSON.stringify(await photoFigures(ROOT, log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'region') {
    process.stdout.write(`${JSON.stringify(await regionFigures(ROOT, log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'batch') {
    buildApp();
    process.stdout.write(`${JSON.stringify(await batchFigures(ROOT, log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'refine') {
    ensureModels();
    process.stdout.write(`${JSON.stringify(await refineFigures(log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'surface') {
    process.stdout.write(`${JSON.stringify(await surfaceFigures(log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'firstanswer') {
    process.stdout.write(`${JSON.stringify(await firstAnswerFigures(ROOT, log), null, 2)}\n`);
    return;
  }
  if (process.env.BENCH_ONLY === 'realsize') {
    process.stdout.write(`${JSON.stringify(await realSizeFigures(), null, 2)}\n`);
    return;
  }
  if (onlyVlm) {
    const browser = await browserFigures();
    process.stdout.write(`${JSON.stringify(vlmSummary(browser.vlm), null, 2)}\n`);
    return;
  }
  ensureModels();
  log('query in Node (100K x 512 int8)');
  const node = nodeQuery();
  log('reverse geocoding in Node (10000 gallery points)');
  const places = await reverseGeocode();
  const browser = await browserFigures();
  log('building the app for bundle size and first paint');
  buildApp();
  const bundle = initialJavaScript();
  const paint = await firstPaint();
  const cluemap = await cluemapFigures();
  const refine = await refineFigures(log);
  const surface = await surfaceFigures(log);
  log('batch of 200 photos in the app');
  const batch = await batchFigures(ROOT, log);
  const photo = await photoFigures(ROOT, log);
  const region = await regionFigures(ROOT, log);

  const query = browser.query!;
  const perRowSeconds = (device: string) => (browser.encode[device] ? browser.encode[device].seconds / browser.encode[device].rows : null);
  // The naive alternative re-encodes the whole 100K gallery for every query; its cost is the
  // gallery encoding time measured above, scaled to 100K rows when fewer were measured.
  const naiveMs = (device: string) => {
    const perRow = perRowSeconds(device);
    return perRow === null ? null : round(perRow * 100_000 * 1000, 0);
  };
  const figures = {
    index_query_ms: {
      chromium_worker: round(query.medianMs),
      node: node.median_ms,
      runs: query.runs,
      kernel: query.kernel,
      gallery: '100000 x 512 int8, most-15 + least-15 + softmax',
    },
    naive_requery_ms: {
      wasm: naiveMs('wasm'),
      webgpu: naiveMs('webgpu'),
      measured_rows: rowsFor,
      note: 'a device measured on fewer than 100000 rows is extrapolated linearly',
    },
    speedup_vs_naive: {
      wasm: naiveMs('wasm') === null ? null : round(naiveMs('wasm')! / query.medianMs, 0),
      webgpu: naiveMs('webgpu') === null ? null : round(naiveMs('webgpu')! / query.medianMs, 0),
    },
    index_build_s: {
      wasm: browser.encode.wasm ? round((perRowSeconds('wasm') ?? 0) * 100_000, 1) : null,
      webgpu: browser.encode.webgpu ? round((perRowSeconds('webgpu') ?? 0) * 100_000, 1) : null,
      rows_per_s: Object.fromEntries(Object.entries(browser.encode).map(([d, e]) => [d, round(e.rowsPerSecond, 0)])),
      model: 'full-width random GeoCLIP location model (9.45M parameters, fp32)',
    },
    reverse_geocode_us_per_point: places.us,
    place_data: {
      file_kib: places.fileKib,
      places: places.places,
      load_ms: places.loadMs,
      measured: `${places.points} gallery points x ${places.runs} runs, median; country-coder borders + nearest settlement`,
    },
    initial_js_gzip_kb: bundle.gzip_kb,
    initial_js_files: bundle.files,
    first_paint_ms: paint,
    ...cluemap,
    ...refine,
    ...surface,
    ...vlmSummary(browser.vlm),
    ...batch,
    ...photo,
    real_size: process.env.BENCH_REALSIZE === '0' ? 'skipped' : await realSizeFigures(),
    region_query_ms: region,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

// Exit once the JSON is out: a runtime can keep a handle open (seen after the real-size figures).
main().then(() => process.stdout.write('', () => process.exit(0))).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
