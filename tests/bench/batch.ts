// Batch figures on the built app in Chromium, with the tiny test model on WASM:
//   batch_overhead_ms_per_photo: median per-photo wall time minus the model calls (image encoder,
//     index search, refinement and the confidence around the answer), i.e. reading and decoding the file, the thumbnail, place names and bookkeeping.
//   batch_memory_mb: memory after 20 photos and after 200, each after a forced garbage collection:
//     the page's JS heap (CDP), and the whole page with its workers (measureUserAgentSpecificMemory).
// The first photo loads the model and builds the index, so it is left out of the medians.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { jpegWithGps } from '../e2e/batch-fixtures';
import { launchChromium } from './chromium';

const PHOTOS = 200;
const FIRST = 20;
const SIDE = 1024;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function photos(root: string, log: (line: string) => void): Promise<string[]> {
  const dir = join(root, 'tests/.out/bench-batch', String(SIDE));
  mkdirSync(dir, { recursive: true });
  const paths = Array.from({ length: PHOTOS }, (_, i) => join(dir, `bench-${String(i + 1).padStart(3, '0')}.jpg`));
  const have = new Set(readdirSync(dir));
  const missing = paths.filter((p) => !have.has(p.split('/').pop()!));
  if (missing.length > 0) log(`writing ${missing.length} test photos (${SIDE} x ${(SIDE * 3) / 4}, EXIF GPS)`);
  for (const [i, path] of paths.entries()) {
    if (missing.includes(path)) await jpegWithGps(path, i + 1, { lat: -50 + (i % 100), lon: -170 + ((i * 7) % 340) }, SIDE);
  }
  return paths;
}

async function waitForIdle(page: Page, total: number): Promise<void> {
  await page.waitForFunction(
    (total) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="batch-row"]')];
      const queue = document.querySelector<HTMLElement>('[data-testid="batch-queue"]');
      return rows.length === total && queue?.dataset.running === 'false' && rows.every((r) => r.dataset.status === 'done' || r.dataset.status === 'failed');
    },
    total,
    { timeout: 600_000, polling: 500 },
  );
}

async function memory(page: Page): Promise<{ heap_mb: number; page_and_workers_mb: number | null }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  const total = await page.evaluate(async () => {
    const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
    if (!crossOriginIsolated || !measure) return null;
    return (await measure.call(performance)).bytes;
  });
  return { heap_mb: round(heap.usedSize / 2 ** 20), page_and_workers_mb: total === null ? null : round(total / 2 ** 20) };
}

export async function batchFigures(root: string, log: (line: string) => void) {
  const files = await photos(root, log);
  const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address() as { port: number };
  // Eager measurement: measureUserAgentSpecificMemory answers at once instead of at the next idle GC.
  const browser = await launchChromium(['--enable-blink-features=ForceEagerMeasureMemory']);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${address.port}/?device=wasm&model=tiny-geoclip`);
    await page.click('[data-testid="view-batch"]');
    log(`batch: ${FIRST} photos`);
    await page.setInputFiles('[data-testid="batch-input"]', files.slice(0, FIRST));
    await waitForIdle(page, FIRST);
    const after20 = await memory(page);
    log(`batch: ${PHOTOS - FIRST} more photos`);
    await page.setInputFiles('[data-testid="batch-input"]', files.slice(FIRST));
    await waitForIdle(page, PHOTOS);
    const after200 = await memory(page);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="batch-row"]')].map((r) => ({
        id: Number(r.dataset.id),
        status: r.dataset.status,
        ms: Number(r.dataset.ms),
        modelMs: Number(r.dataset.modelMs),
      })),
    );
    const timed = rows.filter((r) => r.status === 'done' && r.id !== 1);
    if (timed.length < PHOTOS - 2) throw new Error(`Only ${timed.length} of ${PHOTOS} photos were located in the batch benchmark.`);
    return {
      batch_overhead_ms_per_photo: {
        median_ms: round(median(timed.map((r) => r.ms - r.modelMs))),
        median_photo_ms: round(median(timed.map((r) => r.ms))),
        median_model_ms: round(median(timed.map((r) => r.modelMs))),
        photos: timed.length,
        photo: `${SIDE} x ${(SIDE * 3) / 4} JPEG with EXIF GPS`,
        model: 'tiny-geoclip on WASM (model calls are encoder + index search + refinement; the rest is overhead)',
      },
      batch_memory_mb: {
        after20: after20,
        after200: after200,
        heap_growth_mb: round(after200.heap_mb - after20.heap_mb),
        note: 'after a forced GC; heap = the page, page_and_workers = measureUserAgentSpecificMemory',
      },
    };
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
