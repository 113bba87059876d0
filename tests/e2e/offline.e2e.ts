// The installed app without a network: after one visit, the network is cut, the page reloads,
// and a photo is still located with the tiny models (shell, ONNX Runtime, gallery and models all
// come from the service worker's caches, and the index from IndexedDB). Cross-origin isolation
// survives the offline reload. The HEIC decoder, fetched by a first HEIC photo, is kept too.
import { basename, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { AppBrowser, CANDIDATES, chooseFile, until, waitForResult } from './browser';
import { FIXTURES } from './fixtures';
import { RequestLog, waitForServiceWorker } from './requests';

const HEIC = resolve('../shared/data/photos-real/ianare__IMG_5195.HEIC');

describe('offline reload', () => {
  let app: AppBrowser;
  let page: Page;
  let log: RequestLog;

  beforeAll(async () => {
    app = await AppBrowser.launch('offline');
    log = new RequestLog(app.context, app.baseUrl);
    page = await app.open('wasm');
  });

  afterAll(async () => {
    await app?.context.setOffline(false);
    await app?.close();
  });

  test('the first visit installs the service worker and locates a photo', async () => {
    await waitForServiceWorker(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');
    expect(done.rows).toBe(CANDIDATES);
    // A HEIC photo fetches the HEIC decoder (not precached), which the service worker then keeps.
    await chooseFile(page, HEIC);
    await waitForResult(page, basename(HEIC));
    await page.waitForFunction(async () => {
      for (const name of await caches.keys()) {
        const paths = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
        if (paths.some((p) => /^\/assets\/libheif-[^/]+\.wasm$/.test(p))) return true;
      }
      return false;
    });
    // Every model file the run loaded is now kept by the service worker.
    await page.waitForFunction(async () => {
      const cache = await caches.open('whereabouts-models');
      const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return ['config.json', 'preprocessor_config.json', 'onnx/vision_model.onnx', 'onnx/location_model.onnx'].every((f) =>
        paths.includes(`/models/whereabouts/tiny-geoclip/${f}`),
      );
    });
  });

  test('with the network cut, a reload starts the app, isolated, and a photo is located', async () => {
    await app.context.setOffline(true);
    const before = log.requests.length;
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await until(page, 'the stored index list', (s) => !s.indexListBusy && s.indexRows === 1);

    await chooseFile(page, FIXTURES.plain);
    const done = await waitForResult(page, 'plain.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.stages.index!.detail).toBe('100,000 places');
    // The HEIC decoder, fetched once online, works offline.
    await chooseFile(page, HEIC);
    expect((await waitForResult(page, basename(HEIC))).rows).toBe(CANDIDATES);
    // The offline run did make requests (all answered by the service worker), and none failed.
    expect(log.requests.length).toBeGreaterThan(before);
    expect(app.pageErrors).toEqual([]);
    expect(log.violations).toEqual([]);
    log.expectNoneLeft();
  });
});
