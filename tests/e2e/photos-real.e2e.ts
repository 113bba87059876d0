// Real photos from phones and cameras (../shared/data/photos-real, read by ExifTool in truth.json):
// HEIC decoded in the photo worker, WebP GPS, a 0,0 "fix", a file whose pixels cannot be read but
// whose GPS can, and a folder of HEIC, JPEG and WebP through the batch. On WebGPU and WASM.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppBrowser, BACKENDS, CANDIDATES, chooseFile, until, waitForAlert, waitForResult } from './browser';

const REAL = resolve('../shared/data/photos-real');
const HEIC = 'ianare__IMG_5195.HEIC';
const WEBP = 'mei__HTC_Desire.webp';
const NULL_ISLAND = 'mei__Samsung_GT-I9000_Galaxy_S.jpg';
const TIFF = 'exifr__002.tiff';
const JPEG = 'ianare__gps_DSCN0010.jpg';

interface TruthFile {
  file: string;
  lat: number | null;
  lon: number | null;
}
const truth = new Map(
  (JSON.parse(readFileSync(join(REAL, 'truth.json'), 'utf8')) as { files: TruthFile[] }).files.map((f) => [f.file, f]),
);
const shownPoint = (file: string) => `${truth.get(file)!.lat!.toFixed(4)}, ${truth.get(file)!.lon!.toFixed(4)}`;

function readPhotoFacts(page: Page) {
  return page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const map = document.querySelector<HTMLElement>('[data-testid="map"]');
    return {
      gps: text(document.querySelector('[data-testid="photo-preview"] [data-testid="photo-gps"]')),
      altitude: text(document.querySelector('[data-testid="photo-altitude"]')),
      direction: text(document.querySelector('[data-testid="photo-direction"]')),
      mapExif: map?.dataset.exif ?? '',
      mapDirection: map?.dataset.direction ?? '',
      unreadable: text(document.querySelector('[data-testid="unreadable-photo"]')),
      previewRatio: (() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="photo-preview"] canvas');
        return canvas ? canvas.width / canvas.height : 0;
      })(),
    };
  });
}

describe.each(BACKENDS)('real photos on %s', (backend) => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch(`photos-real-${backend}`);
    page = await app.open(backend);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('an iPhone HEIC is decoded on the device, located, and its GPS, altitude and direction shown', async () => {
    await chooseFile(page, join(REAL, HEIC));
    const done = await waitForResult(page, HEIC);
    expect(done.rows).toBe(CANDIDATES);
    expect(done.exifPoint).toContain(shownPoint(HEIC));
    const facts = await readPhotoFacts(page);
    expect(facts.gps).toBe(shownPoint(HEIC));
    expect(facts.mapExif).toBe(shownPoint(HEIC));
    expect(facts.altitude).toBe('261 m');
    expect(facts.direction).toBe('348° from magnetic north');
    expect(facts.mapDirection).toBe('348');
    // Stored 2566 x 3313 with no rotation: the preview is portrait like the photo.
    expect(facts.previewRatio).toBeCloseTo(2566 / 3313, 2);
  });

  test('a WebP with GPS in its EXIF chunk shows that GPS', async () => {
    await chooseFile(page, join(REAL, WEBP));
    const done = await waitForResult(page, WEBP);
    expect(done.exifPoint).toContain(shownPoint(WEBP));
    expect((await readPhotoFacts(page)).mapExif).toBe(shownPoint(WEBP));
  });

  test('GPS of exactly 0, 0 is "no usable GPS fix", never a point on the map', async () => {
    await chooseFile(page, join(REAL, NULL_ISLAND));
    const done = await waitForResult(page, NULL_ISLAND);
    expect(done.exifPoint).toBe('');
    expect(done.markers).toBe(CANDIDATES);
    const facts = await readPhotoFacts(page);
    expect(facts.gps).toBe('no usable GPS fix');
    expect(facts.mapExif).toBe('');
  });

  test('a photo whose pixels cannot be read still shows its GPS, with a clear alert', async () => {
    await chooseFile(page, join(REAL, TIFF));
    const shown = await waitForAlert(page, 'unsupported');
    expect(shown.alert!.text).toContain(`"${TIFF}"`);
    const facts = await until(page, 'the GPS of the unreadable photo', (s) => s.alert !== null).then(() =>
      page.waitForSelector('[data-testid="unreadable-photo"]').then(() => readPhotoFacts(page)),
    );
    expect(facts.unreadable).toContain('The image itself could not be read');
    expect(facts.unreadable).toContain(shownPoint(TIFF));
    expect(facts.mapExif).toBe(shownPoint(TIFF));
    expect(app.pageErrors).toEqual([]);
    expect(app.foreignRequests).toEqual([]);
  });
});

describe('a folder of real HEIC, JPEG and WebP photos through the batch (wasm)', () => {
  let app: AppBrowser;
  let folder = '';

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'whereabouts-real-folder-'));
    // A folder as a phone's export would be, in the system's temporary folder (not the project).
    const inside = join(folder, 'iphone');
    mkdirSync(inside);
    for (const name of [HEIC, 'ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif', JPEG, WEBP, NULL_ISLAND]) copyFileSync(join(REAL, name), join(inside, name));
    app = await AppBrowser.launch('photos-real-batch');
  });

  afterAll(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('every photo runs; the ones with a usable GPS fix are the truth, the 0, 0 one is not', async () => {
    const page = await app.open('wasm');
    await page.click('[data-testid="view-batch"]');
    await page.setInputFiles('[data-testid="batch-folder-input"]', join(folder, 'iphone'));
    const read = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-testid="batch-row"]')].map((row) => ({
          name: row.dataset.name ?? '',
          status: row.dataset.status ?? '',
          errorKm: (row.querySelector('[data-testid="batch-row-error-km"]')?.textContent ?? '').trim(),
          error: (row.querySelector('[data-testid="batch-row-error"]')?.textContent ?? '').trim(),
        })),
      );
    const deadline = Date.now() + 280_000;
    let rows = await read();
    while (!(rows.length === 5 && rows.every((r) => r.status === 'done' || r.status === 'failed'))) {
      if (Date.now() > deadline) throw new Error(`The batch did not finish: ${JSON.stringify(rows)}`);
      await page.waitForTimeout(500);
      rows = await read();
    }
    for (const row of rows) expect(row.status, `${row.name}: ${row.error}`).toBe('done');
    const byName = new Map(rows.map((r) => [r.name.split('/').pop()!, r]));
    for (const name of [HEIC, 'ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif', JPEG, WEBP]) expect(byName.get(name)?.errorKm, name).toMatch(/km|m/);
    expect(byName.get(NULL_ISLAND)?.errorKm).toBe('');
    expect(app.pageErrors).toEqual([]);
  });
});
