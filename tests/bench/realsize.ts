// Real-size figures (issue 9): the small profile's four models generated at their real sizes with
// random weights (npm run models:real-size, about 4.5 GB under .cache/models-real, made here when
// missing), measured in Chromium workers beside onnxruntime-node on the same machine.
//   BENCH_ONLY=realsize runs only these.
//   BENCH_REALSIZE_RUNS (default 3): timed encoder runs per dtype in Node (2 in the browser), after a warm-up.
//   BENCH_REALSIZE_TOKENS (default 384, the app's default answer length): tokens per answer in full mode.
//   BENCH_REALSIZE_FULL_RUNS (default 1): full-mode runs (five questions each); 0 skips full mode.
//   BENCH_REALSIZE_WEBGPU (default 1): 0 skips the WebGPU encoder figures (SwiftShader here: slow).
//   BENCH_REALSIZE_SPLITTING (default 1): 0 measures the VLM without image splitting only (a split
//     1024 px photo is five 512 px tiles: five times the vision work).
//   BENCH_REALSIZE_VLM_TOKENS (default 32): tokens generated for the VLM decode rate.
//   BENCH_REALSIZE_APP_ONLY=1: only the app scenario (fast path, model load, memory, full mode).
//   BENCH_REALSIZE_VLM_ONLY=1: only the VLM figures. BENCH_REALSIZE_VLM_THREADS (default all-cores):
//     'default' (onnxruntime-web's choice, as the app runs), 'all-cores', or 'both'.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import * as ort from 'onnxruntime-node';
import { launchChromium } from './chromium';
import type { RealSizeRequest } from './browser/realsize.worker';
import type { AppScenarioResult } from './browser/realsize-page';

const ROOT = resolve(import.meta.dirname, '../..');
const REAL = join(ROOT, '.cache/models-real');
const PHOTOS = resolve(ROOT, '../shared/data/photos-real');
const PHOTO = 'exifr__IMG_20180725_163423-tiny.jpg'; // 1012 x 759, a phone photo at about the size the VLM figures name
const GEOCLIP = 'Xenova/geoclip-large-patch14';
const IDS = [GEOCLIP, 'HuggingFaceTB/SmolVLM-256M-Instruct', 'Xenova/clip-vit-base-patch32', 'Xenova/all-MiniLM-L6-v2'];
const runs = Number(process.env.BENCH_REALSIZE_RUNS ?? 3);
const tokens = Number(process.env.BENCH_REALSIZE_TOKENS ?? 384);
const fullRuns = Number(process.env.BENCH_REALSIZE_FULL_RUNS ?? 1);
const withWebgpu = process.env.BENCH_REALSIZE_WEBGPU !== '0';
const withSplitting = process.env.BENCH_REALSIZE_SPLITTING !== '0';
const vlmTokens = Number(process.env.BENCH_REALSIZE_VLM_TOKENS ?? 32);
const appOnly = process.env.BENCH_REALSIZE_APP_ONLY === '1';
const vlmOnly = process.env.BENCH_REALSIZE_VLM_ONLY === '1';
const vlmThreads = (process.env.BENCH_REALSIZE_VLM_THREADS ?? 'all-cores') as 'default' | 'all-cores' | 'both';
const log = (line: string) => process.stderr.write(`bench realsize: ${line}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ensureRealSizeModels(): void {
  const missing = IDS.filter((id) => !existsSync(join(REAL, id, 'whereabouts-files.json')));
  if (missing.length === 0) return;
  log(`generating real-size models (${missing.join(', ')}); a few minutes, about 4.5 GB`);
  const only = missing.map((id) => ({ [IDS[0]!]: 'geoclip', [IDS[1]!]: 'vlm', [IDS[2]!]: 'clip', [IDS[3]!]: 'minilm' })[id]).join(',');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'models/tiny/generate.ts', '--real-size', '--only', only], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The native reference: the same graph in onnxruntime-node (all cores, default optimisations). */
async function nodeEncode(dtype: 'fp32' | 'q8' | 'q4') {
  const suffix = { fp32: '', q8: '_quantized', q4: '_q4' }[dtype];
  const session = await ort.InferenceSession.create(join(REAL, GEOCLIP, `onnx/vision_model${suffix}.onnx`));
  const pixels = new Float32Array(3 * 224 * 224).map((_, i) => Math.sin(i) * 0.5);
  const run = async () => {
    const started = performance.now();
    await session.run({ pixel_values: new ort.Tensor('float32', pixels, [1, 3, 224, 224]) });
    return performance.now() - started;
  };
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run());
  await session.release();
  return round(median(times));
}

/** Peak resident memory of a Node process holding the small profile's four models (WASM dtypes) and a 100k index. */
function nodePeakMemory(): Promise<number> {
  return new Promise((resolvePeak, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tests/bench/realsize-node-memory.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePeak(Number(JSON.parse(out).peakMb)) : reject(new Error(`the Node memory probe exited with ${code}`))));
  });
}

/**
 * Memory (MB) of this process's Chromium descendants: the sum of their proportional set sizes
 * (shared pages split between the processes that map them, so shared libraries count once), and
 * the largest single process, the renderer that holds the page and its workers.
 */
function chromiumMemoryMb(): { totalMb: number; largestMb: number; largest: string } {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parents.set(Number(entry), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      names.set(Number(entry), /Name:\s+(\S+)/.exec(status)?.[1] ?? '');
    } catch {
      // the process ended while we looked
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  let totalKb = 0;
  let largestKb = 0;
  let largest = '';
  for (const [pid, name] of names) {
    if (!/chrom/i.test(name) || !descends(pid)) continue;
    let kb = 0;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kb = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      continue;
    }
    totalKb += kb;
    if (kb > largestKb) {
      largestKb = kb;
      largest = (() => {
        try {
          return /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))?.[1] ?? 'browser';
        } catch {
          return 'unknown';
        }
      })();
    }
  }
  return { totalMb: totalKb / 1024, largestMb: largestKb / 1024, largest };
}

function serveFolder(prefix: string, root: string, pick?: (path: string) => boolean): (server: ViteDevServer) => void {
  return (server) => {
    server.middlewares.use(prefix, (req, res, next) => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const file = join(root, path);
      if (path.includes('..') || (pick && !pick(path)) || !existsSync(file) || !statSync(file).isFile()) return next();
      res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
      res.setHeader('Content-Length', String(statSync(file).size));
      createReadStream(file).pipe(res);
    });
  };
}

/** The real-size bench page, with the generated folders served at /models-real/ and at /models/ under their hub ids. */
export async function withRealSizePage<T>(work: (page: Page) => Promise<T>): Promise<T> {
  const realModels: Plugin = {
    name: 'whereabouts-real-size-models',
    enforce: 'pre',
    configureServer(server) {
      serveFolder('/models-real/', REAL)(server);
      serveFolder('/models/', REAL, (path) => IDS.some((id) => path.startsWith(`/${id}/`)))(server);
      serveFolder('/photos/', PHOTOS)(server);
    },
  };
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'tests/bench/browser'),
    publicDir: join(ROOT, 'public'),
    logLevel: 'error',
    plugins: [realModels],
    // which-polygon (under country-coder, in the index worker) is CommonJS: it must be pre-bundled.
    optimizeDeps: { noDiscovery: true, include: ['which-polygon'] },
    server: { port: 0, host: '127.0.0.1', fs: { allow: [ROOT] }, hmr: false },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as { port: number };
  const browser = await launchChromium(['--js-flags=--max-old-space-size=8192']);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') log(`page ${message.type()}: ${message.text().slice(0, 300)}`);
    });
    await page.goto(`http://127.0.0.1:${port}/realsize.html`);
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready', undefined, { timeout: 120_000 });
    return await work(page);
  } finally {
    await browser.close();
    await server.close();
  }
}

type EncodeResult = { medianMs: number; firstMs: number; loadMs: number; numThreads: number; crossOriginIsolated: boolean; simd: boolean; hardwareConcurrency: number };
type VlmResult = { images: number; promptTokens: number; visionMs: number; prefillMs: number; decodeTokensPerS: number; numThreads: number };

async function inWorker<T>(page: Page, request: RealSizeRequest, limitMs: number): Promise<T | { error: string }> {
  const started = performance.now();
  try {
    const result = await Promise.race([
      page.evaluate((r) => window.runRealSize(r), request) as Promise<T>,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`over ${limitMs / 1000} s`)), limitMs)),
    ]);
    log(`${JSON.stringify(request)}: ${round((performance.now() - started) / 1000)} s`);
    return result;
  } catch (error) {
    log(`${JSON.stringify(request)} failed: ${(error as Error).message.split('\n')[0]}`);
    await page.reload();
    await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready', undefined, { timeout: 120_000 });
    return { error: (error as Error).message.split('\n')[0]! };
  }
}

const ok = <T extends object>(value: T | { error: string }): value is T => !('error' in value);

export async function realSizeFigures() {
  ensureRealSizeModels();
  const node: Record<string, number> = {};
  for (const dtype of appOnly || vlmOnly ? [] : (['fp32', 'q8', 'q4'] as const)) {
    log(`GeoCLIP ViT-L/14 ${dtype} in onnxruntime-node`);
    node[dtype] = await nodeEncode(dtype);
  }
  log('peak memory in Node with the four models and an index');
  const nodeMemoryMb = appOnly || vlmOnly ? NaN : await nodePeakMemory();

  return withRealSizePage(async (page) => {
    let facts: EncodeResult | { error: string } = { error: 'the q8 encoder did not run' };
    const wasm: Record<string, unknown> = {};
    // q8 is what the app runs on WASM: a warm-up, then timed runs. fp32 and q4 get one run each (WASM
    // has no shaders to compile, so a first run differs little), which keeps this part near 10 minutes.
    for (const dtype of appOnly || vlmOnly ? [] : (['q8', 'q4', 'fp32'] as const)) {
      const timed = dtype === 'q8' ? Math.max(1, runs - 1) : 0;
      const result = await inWorker<EncodeResult>(page, { kind: 'encode', device: 'wasm', dtype, runs: timed, threads: 'all-cores' }, 900_000);
      wasm[dtype] = ok(result) ? { median_ms: round(result.medianMs), load_ms: round(result.loadMs), threads: result.numThreads, timed_runs: Math.max(1, timed) } : result;
      if (dtype === 'q8' && ok(result)) facts = result;
    }
    const onDefault: EncodeResult | { error: string } = appOnly || vlmOnly ? { error: 'skipped' } : await inWorker<EncodeResult>(page, { kind: 'encode', device: 'wasm', dtype: 'q8', runs: Math.max(1, runs - 1), threads: 'default' }, 900_000);
    const webgpu: Record<string, unknown> = {};
    if (withWebgpu && !appOnly && !vlmOnly) {
      for (const dtype of ['q4', 'fp16', 'fp32'] as const) {
        const result = await inWorker<EncodeResult>(page, { kind: 'encode', device: 'webgpu', dtype, runs: 1, threads: 'all-cores' }, 420_000);
        webgpu[dtype] = ok(result) ? { median_ms: round(result.medianMs), first_ms: round(result.firstMs), load_ms: round(result.loadMs) } : result;
      }
    }

    const vlm: Record<string, unknown> = {};
    const threadChoices = vlmThreads === 'both' ? (['default', 'all-cores'] as const) : [vlmThreads];
    for (const [splitting, threads] of (appOnly ? [] : withSplitting ? [false, true] : [false]).flatMap((split) => threadChoices.map((t) => [split, t] as const))) {
      const result = await inWorker<VlmResult>(page, { kind: 'vlm', splitting, tokens: vlmTokens, runs: 1, threads }, 1_800_000);
      vlm[`${splitting ? 'with_splitting' : 'without_splitting'}${threadChoices.length > 1 ? `_${threads}_threads` : ''}`] = ok(result)
        ? { threads: result.numThreads, images: result.images, prompt_tokens: result.promptTokens, vlm_vision_ms: round(result.visionMs), vlm_prefill_ms: round(result.prefillMs), vlm_decode_tokens_per_s: round(result.decodeTokensPerS, 2) }
        : result;
    }

    if (vlmOnly) return { vlm_smolvlm_256m_wasm_q8_photo_1024x768: vlm };
    log(`the app at real size: load, index, fast path, four models, full mode (${fullRuns} x five questions of up to ${tokens} tokens)`);
    let peakMb = 0;
    let loadedPeakMb = 0;
    let largestPeak = { mb: 0, process: '' };
    const sampler = setInterval(() => {
      const { totalMb, largestMb, largest } = chromiumMemoryMb();
      peakMb = Math.max(peakMb, totalMb);
      if (largestMb > largestPeak.mb) largestPeak = { mb: largestMb, process: largest };
    }, 500);
    let app: AppScenarioResult | { error: string };
    try {
      const scenario = page.evaluate((r) => window.runAppScenario(r), { photoUrl: `/photos/${PHOTO}`, fastRuns: runs, fullRuns, maxNewTokens: tokens });
      void page.waitForFunction(() => window.appScenarioLoaded === true, undefined, { polling: 1000, timeout: 0 }).then(() => (loadedPeakMb = peakMb)).catch(() => undefined);
      app = await scenario;
    } catch (error) {
      app = { error: (error as Error).message.split('\n')[0]! };
    } finally {
      clearInterval(sampler);
    }
    log(`app scenario: ${JSON.stringify(app)}`);

    // The app leaves onnxruntime-web's thread count alone, so its figure is the default-threads one.
    const q8Wasm = ok(onDefault) ? { median_ms: onDefault.medianMs } : {};
    const fast = ok(app) ? app.fast : null;
    const fastMedian = fast ? median(fast.totalMs) : null;
    const encodeMedian = fast ? median(fast.encodeMs) : null;
    return {
      machine: { cores: (await import('node:os')).cpus().length, cpu: (await import('node:os')).cpus()[0]?.model ?? 'unknown' },
      runtime: ok(facts) ? { crossOriginIsolated: facts.crossOriginIsolated, hardwareConcurrency: facts.hardwareConcurrency, wasm_threads: facts.numThreads, simd: facts.simd } : facts,
      photo_encode_ms: {
        node: node,
        chromium_wasm: wasm,
        chromium_wasm_q8_onnxruntime_default_threads_as_the_app_runs: ok(onDefault) ? { median_ms: round(onDefault.medianMs), threads: onDefault.numThreads } : onDefault,
        chromium_webgpu_swiftshader: withWebgpu ? webgpu : 'skipped',
      },
      browser_over_native: q8Wasm.median_ms ? round(q8Wasm.median_ms / node.q8!, 2) : null,
      browser_over_native_dtype: 'q8, onnxruntime-web default threads (as the app runs)',
      browser_over_native_all_cores: (wasm.q8 as { median_ms?: number } | undefined)?.median_ms && node.q8 ? round((wasm.q8 as { median_ms: number }).median_ms / node.q8, 2) : null,
      fast_photo_ms: fastMedian === null ? app : round(fastMedian),
      fast_photo_parts_ms: fast
        ? { decode: round(median(fast.decodeMs)), encode: round(encodeMedian!), search: round(median(fast.searchMs)), names: round(median(fast.namesMs)), not_encoder_share: round((fastMedian! - encodeMedian!) / fastMedian!, 3) }
        : null,
      model_load_ms: ok(app) ? round(app.modelLoadMs) : null,
      model_load_note: 'GeoCLIP (vision q8 + location fp32) from the local server with checksums verified; the bench page has no service worker',
      index_build_s: ok(app) && app.indexBuildMs !== null ? round(app.indexBuildMs / 1000) : null,
      vlm_smolvlm_256m_wasm_q8_photo_1024x768: vlm,
      full_photo_s: ok(app) && app.fullMs.length ? round(median(app.fullMs) / 1000) : null,
      full_photo_asks: ok(app) ? app.fullAsks[0] ?? null : null,
      full_photo_tokens_per_answer: tokens,
      peak_memory_mb: {
        measure: 'proportional set size (PSS) summed over Chromium processes; largest: the biggest single process',
        chromium_page_and_workers_small_profile_loaded: loadedPeakMb ? round(loadedPeakMb) : null,
        chromium_app_scenario_peak: round(peakMb),
        chromium_largest_process_peak: round(largestPeak.mb),
        chromium_largest_process: largestPeak.process,
        node_small_profile_and_index: round(nodeMemoryMb),
        chromium_by_realm_small_profile_loaded: ok(app) ? app.memoryByRealm : null,
      },
    };
  });
}
