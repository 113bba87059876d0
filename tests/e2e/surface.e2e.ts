// The probability surface on the answer screen, on each backend: the heatmap and the 50 %/90 %
// rings on the map, the confidence in words, "where else" zooming the map; and at 1366 x 768 the
// photo, the answer with its confidence and the map fit on the first screen without scrolling.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { AppBrowser, BACKENDS, chooseFile, waitForResult } from './browser';
import { FIXTURES, OUT_DIR } from './fixtures';

interface SurfaceView {
  heatPoints: number;
  rings: number;
  heatCanvas: boolean;
  sentence: string;
  thresholds: string[];
  countries: string[];
  regions: string[];
  radius90: string;
  legend: boolean;
  /** Which answer the confidence is measured from, and whether the refined point is the answer shown. */
  around: string;
  refined: boolean;
}

function readSurface(page: Page): Promise<SurfaceView> {
  return page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const map = document.querySelector<HTMLElement>('[data-testid="map"]');
    return {
      heatPoints: Number(map?.dataset.heatPoints ?? 0),
      rings: Number(map?.dataset.rings ?? 0),
      heatCanvas: map?.querySelector('canvas.leaflet-heatmap-layer') !== null,
      sentence: text(document.querySelector('[data-testid="confidence-sentence"]')),
      thresholds: [...document.querySelectorAll('[data-testid="confidence-thresholds"] li')].map(text),
      countries: [...document.querySelectorAll('[data-testid="where-else-country"]')].map(text),
      regions: [...document.querySelectorAll('[data-testid="where-else-region"]')].map(text),
      radius90: text(document.querySelector('[data-testid="radius-90"]')),
      legend: document.querySelector('[data-testid="heat-legend"]') !== null,
      around: document.querySelector<HTMLElement>('[data-testid="confidence"]')?.dataset.around ?? '',
      refined: document.querySelector('[data-testid="refined-note"]') !== null,
    };
  });
}

async function mapCentre(page: Page): Promise<string> {
  // Leaflet moves its map pane with a CSS transform; a zoom or pan changes it.
  return page.evaluate(() => {
    const panes = document.querySelectorAll<HTMLElement>('[data-testid="map"] .leaflet-map-pane, [data-testid="map"] .leaflet-proxy');
    return [...panes].map((p) => p.style.transform).join(' | ');
  });
}

describe.each(BACKENDS)('the probability surface on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch(`surface-${backend}`);
    page = await app.open(backend);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a heatmap, two rings, the confidence in words and "where else" that zooms the map', async () => {
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.rings ?? 0) === 2);
    const view = await readSurface(page);
    expect(view.heatPoints).toBeGreaterThan(15);
    expect(view.heatCanvas).toBe(true);
    expect(view.rings).toBe(2);
    expect(view.legend).toBe(true);
    // A test model: the numbers are computed all the same and labelled as noise.
    expect(view.sentence).toMatch(/^Test model, so this is noise: 90 % of the model's belief lies within [\d,.]+ km around the (top gallery place|refined point); half of it within [\d,.]+ km\.$/);
    // The confidence is measured around the answer shown: the refined point when refinement found one.
    expect(view.around).toBe(view.refined ? 'refined' : 'top');
    expect(view.sentence).toContain(view.refined ? 'around the refined point' : 'around the top gallery place');
    expect(view.radius90).toMatch(/^[\d,.]+ km$/);
    expect(view.thresholds).toHaveLength(5);
    expect(view.thresholds[0]).toMatch(/^(< 1|> 99|\d+) % within 1 km street$/);
    expect(view.thresholds[4]).toMatch(/within 2,500 km continent$/);
    expect(view.countries.length).toBeGreaterThan(0);
    expect(view.countries[0]).toMatch(/^.+ ((< 1|> 99|\d+) %)$/);

    const before = await mapCentre(page);
    await page.locator('[data-testid="where-else-country"]').first().click();
    await page.waitForFunction((old) => {
      const panes = document.querySelectorAll<HTMLElement>('[data-testid="map"] .leaflet-map-pane, [data-testid="map"] .leaflet-proxy');
      return [...panes].map((p) => p.style.transform).join(' | ') !== old;
    }, before);

    await page.locator('[data-testid="heat-toggle"]').uncheck();
    const off = await readSurface(page);
    expect(off.heatPoints).toBe(0);
    expect(off.rings).toBe(0);
    expect(off.heatCanvas).toBe(false);
    await page.locator('[data-testid="heat-toggle"]').check();
    expect((await readSurface(page)).rings).toBe(2);
    expect(app.pageErrors).toEqual([]);
  });

  test.runIf(backend === 'wasm')('at 1366 x 768 the photo, the answer with its confidence and the map are on the first screen', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await chooseFile(page, FIXTURES.gps);
    await waitForResult(page, 'gps.jpg');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.rings ?? 0) === 2);
    await page.evaluate(() => window.scrollTo(0, 0));
    const boxes = await page.evaluate(() => {
      const box = (selector: string) => {
        const el = document.querySelector(selector);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
      };
      return {
        photo: box('[data-testid="photo-preview"] img, [data-testid="photo-preview"] canvas'),
        title: box('#result-title'),
        sentence: box('[data-testid="confidence-sentence"]'),
        whereElse: box('[data-testid="where-else"]'),
        map: box('[data-testid="map"]'),
        scrollY: window.scrollY,
      };
    });
    mkdirSync(join(OUT_DIR, 'screens'), { recursive: true });
    await page.screenshot({ path: join(OUT_DIR, 'screens', 'answer-1366x768.png') });
    expect(boxes.scrollY).toBe(0);
    for (const [name, b] of Object.entries(boxes)) {
      if (name === 'scrollY') continue;
      const r = b as { top: number; bottom: number; left: number; right: number; height: number } | null;
      expect(r, name).not.toBeNull();
      expect(r!.top, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(r!.bottom, `${name} bottom`).toBeLessThanOrEqual(768);
      expect(r!.right, `${name} right`).toBeLessThanOrEqual(1366);
    }
    expect(boxes.map!.height).toBeGreaterThanOrEqual(240);
  });

  test.runIf(backend === 'wasm')('the history shows the latest five photos, a filter and "show all"', async () => {
    const dir = join(OUT_DIR, 'history-photos');
    mkdirSync(dir, { recursive: true });
    for (let n = 1; n <= 6; n++) {
      const path = join(dir, `trip-${n}.jpg`);
      const pixels = Buffer.alloc(64 * 48 * 3, n * 40);
      await sharp(pixels, { raw: { width: 64, height: 48, channels: 3 } }).jpeg().toFile(path);
      await chooseFile(page, path);
      await waitForResult(page, `trip-${n}.jpg`);
      // Kept before the next photo starts (the newest entry is always among the five shown).
      await page.locator('[data-testid="history-row"]', { hasText: `trip-${n}.jpg` }).waitFor({ timeout: 30_000 });
    }
    const rows = page.locator('[data-testid="history-row"]');
    // gps.jpg from the tests above (when they ran) and six trips: five shown.
    await expect.poll(() => page.locator('[data-testid="history-show-all"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await rows.count()).toBe(5);
    await page.locator('[data-testid="history-show-all"]').click();
    expect(await rows.count()).toBeGreaterThanOrEqual(6);
    await page.locator('[data-testid="history-filter"]').fill('trip-3');
    await expect.poll(() => rows.count()).toBe(1);
    await page.locator('[data-testid="history-filter"]').fill('no such photo');
    await expect.poll(() => page.locator('[data-testid="history-no-match"]').count()).toBe(1);
  });
});
