// The happy path on each backend: a photo in, candidates on the map; a reload reuses the stored index.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  AppBrowser,
  BACKENDS,
  CANDIDATES,
  GALLERY_ROWS,
  chooseFile,
  dropFile,
  record,
  recording,
  snapshot,
  until,
  waitForResult,
} from './browser';
import { FIXTURES } from './fixtures';

describe.each(BACKENDS)('locating a photo on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;
  const shownDevice = backend === 'webgpu' ? 'WEBGPU' : 'WASM';

  beforeAll(async () => {
    app = await AppBrowser.launch(`locate-${backend}`);
    page = await app.open(backend);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a photo with EXIF GPS: models load file by file, the index is built, 15 candidates on the map', async () => {
    const before = await until(page, 'the stored index list', (s) => !s.indexListBusy);
    expect(before.indexRows).toBe(0);

    await record(page);
    await chooseFile(page, FIXTURES.gps);
    const done = await waitForResult(page, 'gps.jpg');

    // Model files were loaded with byte counts (not just "loaded"), and the model reports its device.
    const seen = await recording(page);
    for (const file of ['preprocessor_config.json', 'config.json', 'vision_model.onnx', 'location_model.onnx']) {
      expect(Object.keys(seen.files), `progress for ${file}`).toContain(file);
      expect(seen.files[file]!.at(-1), `size of ${file}`).toMatch(/^\d[\d.,]* \/ [\d.,]+ (B|KB|MB|GB)$/);
    }
    expect(done.stages.models!.detail).toContain(`on ${shownDevice}`);
    expect(done.result).toContain(`whereabouts/tiny-geoclip on ${shownDevice}`);

    // The index was built here, with progress, and is now stored.
    expect(seen.sawIndexProgress).toBe(true);
    expect(seen.maxIndexDone).toBeGreaterThan(0);
    expect(done.stages.index!.detail).toMatch(/^Built an index of 100,000 places/);
    expect(done.result).toContain('index of 100,000 places');

    expect(done.rows).toBe(CANDIDATES);
    expect(done.markers).toBe(CANDIDATES);
    expect(done.warning).toBe(true);
    expect(done.exifPoint).toContain('48.8582, 2.2945');
    // Named offline from the place data the worker fetched from the app's own origin.
    expect(done.exifPoint).toContain('(Paris, Île-de-France, France)');
    expect(done.exifDistance).toMatch(/Distance from the top output: [\d,.]+ (km|m)/);

    const listed = await until(page, 'the new index in the stored list', (s) => s.indexRows === 1);
    expect(listed.indexRows).toBe(1);
  });

  test('a second photo dropped on the drop zone (no EXIF GPS) uses the index already open', async () => {
    await record(page);
    await dropFile(page, FIXTURES.plain, 'image/jpeg');
    const done = await waitForResult(page, 'plain.jpg');
    expect(done.rows).toBe(CANDIDATES);
    expect(done.markers).toBe(CANDIDATES);
    expect(done.warning).toBe(true);
    expect(done.exifPoint).toBe('');
    expect(done.stages.photo!.detail).toBe('800 × 600');
    expect(done.stages.index!.detail).toContain('already open');
    expect((await recording(page)).sawIndexProgress).toBe(false);
  });

  test('a refined point between gallery places is the answer, listed first and drawn on the map; Settings turns it off', async () => {
    const readRefined = () =>
      page.evaluate(() => ({
        rows: document.querySelectorAll('[data-testid="refined-row"]').length,
        rowText: (document.querySelector('[data-testid="refined-row"]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        note: (document.querySelector('[data-testid="refined-note"]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        answersOnMap: Number(document.querySelector<HTMLElement>('[data-testid="map"]')?.dataset.answers ?? 0),
        around: document.querySelector<HTMLElement>('[data-testid="confidence"]')?.dataset.around ?? '',
        sentence: (document.querySelector('[data-testid="confidence-sentence"]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      }));
    const on = await snapshot(page);
    expect(on.stages.refine!.detail).toMatch(/^\d+ points scored; [\d.]+ km from gallery place \d, similarity \+0\.\d+/);
    const shown = await readRefined();
    expect(shown.rows).toBe(1);
    expect(shown.rowText).toMatch(/^Refined\s*-?\d+\.\d+/);
    expect(shown.note).toMatch(/more similar to the photo \((-?[\d.]+) against the gallery's best (-?[\d.]+)\)/);
    const [, refined, gallery] = /\((-?[\d.]+) against the gallery's best (-?[\d.]+)\)/.exec(shown.note)!;
    expect(Number(refined)).toBeGreaterThanOrEqual(Number(gallery));
    expect(shown.answersOnMap).toBe(1);
    // How sure is measured around the answer shown, the refined point.
    expect(shown.around).toBe('refined');
    expect(shown.sentence).toContain('around the refined point');
    expect(on.rows).toBe(CANDIDATES);

    await page.locator('[data-testid="refine-toggle"]').uncheck();
    await chooseFile(page, FIXTURES.gps);
    const off = await waitForResult(page, 'gps.jpg');
    expect(off.stages.refine!.detail).toBe('Off (Settings)');
    expect(await readRefined()).toMatchObject({ rows: 0, note: '', answersOnMap: 0, around: 'top' });
    expect((await readRefined()).sentence).toContain('around the top gallery place');
    expect(off.rows).toBe(CANDIDATES);
    await page.locator('[data-testid="refine-toggle"]').check();
  });

  test('after a reload the index is opened from storage, not built again', async () => {
    await page.reload();
    await page.locator('[data-testid=file-input]').waitFor({ state: 'attached' });
    await until(page, 'the stored index list', (s) => !s.indexListBusy && s.indexRows === 1);

    await record(page);
    await chooseFile(page, FIXTURES.png);
    const done = await waitForResult(page, 'photo.png');
    const seen = await recording(page);
    expect(seen.sawIndexProgress).toBe(false);
    expect(done.stages.index!.detail).toBe(`${GALLERY_ROWS.toLocaleString('en')} places`);
    expect(done.rows).toBe(CANDIDATES);
    expect(done.markers).toBe(CANDIDATES);
    expect(done.result).toContain(`on ${shownDevice}`);
  });

  test('nothing was fetched from any other origin, and the page threw nothing', async () => {
    expect((await snapshot(page)).rows).toBe(CANDIDATES);
    expect(app.foreignRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
