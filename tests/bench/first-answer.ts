// first_answer_s: a fresh browser profile (no cache, no IndexedDB) opens the built app, drops one
// photo and waits for the answer, with GeoCLIP's location encoder at its real width (random weights,
// models/tiny/generate.ts --full-width). Measured twice on WASM: with the coordinate index offered
// beside the model (written with `index build`, as models:fetch does) and downloaded, and with
// none offered, so the 100,000 places are encoded on the device first.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { preview } from 'vite';
import { jpegWithGps } from '../e2e/batch-fixtures';
import { launchChromium } from './chromium';
import { writeOfferedIndex } from '../../src/cli/offer-index';
import { OFFERED_INDEX_FILE, OFFERED_INDEX_MANIFEST, downloadMismatch, parseOfferedIndex } from '../../src/core/retrieve/offered-index';

const MODEL_KEY = 'geoclip-location-random';
const MODEL_ID = 'whereabouts/geoclip-location-random';
const RUNS_DOWNLOADED = Number(process.env.BENCH_FIRST_ANSWER_RUNS ?? 3);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function offeredIsCurrent(folder: string): boolean {
  const manifest = join(folder, OFFERED_INDEX_MANIFEST);
  const offer = existsSync(manifest) ? parseOfferedIndex(readFileSync(manifest, 'utf8')) : null;
  if (!offer || !existsSync(join(folder, offer.file))) return false;
  const bytes = readFileSync(join(folder, offer.file));
  return downloadMismatch(offer, bytes.byteLength, createHash('sha256').update(bytes).digest('hex')) === null;
}

/** One photo on a fresh profile: seconds from choosing it to the answer on screen, and what the index stage said. */
async function firstAnswer(browser: Browser, url: string, photo: string): Promise<{ seconds: number; index: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    const started = performance.now();
    await page.setInputFiles('[data-testid=file-input]', photo);
    await page.waitForFunction(
      () => {
        if (document.querySelector('[role="alert"]')) return true;
        return document.querySelectorAll('[data-testid="candidate-row"]').length > 0;
      },
      undefined,
      { timeout: 900_000, polling: 200 },
    );
    const seconds = (performance.now() - started) / 1000;
    const alert = await page.locator('[role="alert"]').textContent().catch(() => null);
    if (alert) throw new Error(`first answer failed: ${alert}`);
    const index = ((await page.locator('[data-testid="stage-index"] .detail').allTextContents()) ?? []).join(' ');
    return { seconds, index };
  } finally {
    await context.close();
  }
}

export async function firstAnswerFigures(root: string, log: (line: string) => void) {
  const folder = join(root, 'public/models', MODEL_ID);
  if (!existsSync(join(folder, 'onnx/vision_model.onnx'))) {
    log('generating the full-width random location model (with a tiny vision model)');
    execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'models/tiny/generate.ts', '--full-width'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  }
  if (!offeredIsCurrent(folder)) {
    log('building the offered index for the full-width model with index build (100,000 places, Node)');
    await writeOfferedIndex(folder, { coords: join(root, 'public/gallery/coordinates_100K.csv') });
  }
  const offer = parseOfferedIndex(readFileSync(join(folder, OFFERED_INDEX_MANIFEST), 'utf8'))!;
  log('building the app');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  const photoDir = join(root, 'tests/.out/bench-first-answer');
  mkdirSync(photoDir, { recursive: true });
  const photo = join(photoDir, 'first.jpg');
  if (!existsSync(photo)) await jpegWithGps(photo, 7, { lat: 48.85, lon: 2.29 }, 1024);

  const server = await preview({ configFile: join(root, 'vite.config.ts'), logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/?device=wasm&model=${MODEL_KEY}`;
  const browser = await launchChromium();
  const served = join(root, 'dist/models', MODEL_ID);
  const hidden = (name: string) => join(served, `${name}.hidden`);
  try {
    const downloaded: number[] = [];
    for (let run = 0; run < RUNS_DOWNLOADED; run++) {
      log(`first answer with the offered index, run ${run + 1} of ${RUNS_DOWNLOADED}`);
      const result = await firstAnswer(browser, url, photo);
      if (!/Downloaded and checked/.test(result.index)) throw new Error(`the offered index was not used: ${result.index}`);
      downloaded.push(result.seconds);
    }
    // The same app with no index offered: the first photo waits for the build on the device.
    for (const name of [OFFERED_INDEX_MANIFEST, OFFERED_INDEX_FILE]) renameSync(join(served, name), hidden(name));
    log('first answer with no index offered (built on the device; about two minutes on WASM)');
    const built = await firstAnswer(browser, url, photo);
    if (!/No index is offered/.test(built.index) && !/Built an index of .* on this device/.test(built.index)) throw new Error(`expected an on-device build: ${built.index}`);
    return {
      first_answer_s: {
        downloaded_index: round(median(downloaded)),
        on_device_build: round(built.seconds),
        ratio: round(built.seconds / median(downloaded)),
        runs: { downloaded_index: downloaded.length, on_device_build: 1 },
        index_mb: round(offer.size / 1e6),
        model: `${MODEL_ID}: GeoCLIP location encoder at real width (512-d, random weights, fp32) + tiny vision model, WASM`,
        measured: 'fresh browser context each run: from choosing a 1024 x 768 JPEG to the first candidates on screen (model download, index, encode, search, names)',
      },
    };
  } finally {
    for (const name of [OFFERED_INDEX_MANIFEST, OFFERED_INDEX_FILE]) if (existsSync(hidden(name))) renameSync(hidden(name), join(served, name));
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
