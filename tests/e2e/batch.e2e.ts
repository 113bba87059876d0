// The batch on the built app: 50+ photos with EXIF GPS through the queue (pause, resume, cancel),
// exports downloaded and read back in all three formats, a geotagged copy checked byte for byte,
// the accuracy panel checked against distances recomputed here, refined answers exported with the
// point their confidence is around, and a real photo whose pixels cannot be read showing its GPS.
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import exifr from 'exifr';
import type { Download, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readExport, type ExportFormat, type ExportRow } from '../../src/core/export';
import { haversineKm } from '../../src/core/geo/haversine';
import { ACCURACY_THRESHOLDS, summariseErrors } from '../../src/core/geo/metrics';
import { jpegSegments } from '../../src/core/photo/geotag';
import { AppBrowser, waitForResult, type Backend } from './browser';
import { makeBatchFolder, makeBatchSet, type BatchSet } from './batch-fixtures';

const PHOTOS = 52;
const MODEL = 'whereabouts/tiny-geoclip@generated';
// A real TIFF (from exifr's tests) that no browser decodes, whose EXIF carries a GPS fix.
const REAL = resolve('../shared/data/photos-real');
const TIFF = 'exifr__002.tiff';
const tiffGps = (JSON.parse(readFileSync(join(REAL, 'truth.json'), 'utf8')) as { files: { file: string; lat: number; lon: number }[] }).files.find((f) => f.file === TIFF)!;

interface RowView {
  id: string;
  name: string;
  status: string;
  error: string;
  /** What a row whose photo could not be read says of the GPS in its file. */
  fileGps: { text: string; lat: string; lon: string } | null;
  errorKm: string;
  geotag: boolean;
  geotagUnavailable: string;
}

interface BatchView {
  rows: RowView[];
  running: boolean;
  paused: boolean;
  status: string;
  alert: { code: string; text: string } | null;
  noiseWarning: boolean;
  accuracy: Record<string, string> | null;
  plotBars: number;
  progress: { value: number; max: number } | null;
}

function readBatch(page: Page): Promise<BatchView> {
  return page.evaluate(() => {
    const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const queue = document.querySelector<HTMLElement>('[data-testid="batch-queue"]');
    const alert = document.querySelector<HTMLElement>('[role="alert"]');
    const panel = document.querySelector('[data-testid="accuracy-panel"]');
    const progress = document.querySelector<HTMLProgressElement>('[data-testid="batch-progress"]');
    return {
      rows: [...document.querySelectorAll<HTMLElement>('[data-testid="batch-row"]')].map((row) => ({
        id: row.dataset.id ?? '',
        name: row.dataset.name ?? '',
        status: row.dataset.status ?? '',
        error: text(row.querySelector('[data-testid="batch-row-error"]')),
        fileGps: ((el) => (el ? { text: text(el), lat: el.dataset.lat ?? '', lon: el.dataset.lon ?? '' } : null))(
          row.querySelector<HTMLElement>('[data-testid="batch-row-file-gps"]'),
        ),
        errorKm: text(row.querySelector('[data-testid="batch-row-error-km"]')),
        geotag: row.querySelector('[data-testid="batch-geotag"]') !== null,
        geotagUnavailable: text(row.querySelector('[data-testid="batch-geotag-unavailable"]')),
      })),
      running: queue?.dataset.running === 'true',
      paused: queue?.dataset.paused === 'true',
      status: text(document.querySelector('[data-testid="batch-status"]')),
      alert: alert ? { code: alert.dataset.code ?? '', text: text(alert) } : null,
      noiseWarning: document.querySelector('[data-testid="batch-noise-warning"]') !== null,
      accuracy: panel
        ? Object.fromEntries(
            [...panel.querySelectorAll<HTMLElement>('[data-testid^="accuracy-"], [data-testid="geoscore"]')].map((el) => [el.dataset.testid!, text(el)]),
          )
        : null,
      plotBars: Number(document.querySelector<HTMLElement>('[data-testid="error-plot"]')?.dataset.bars ?? 0),
      progress: progress && progress.hasAttribute('value') ? { value: progress.value, max: progress.max } : null,
    };
  });
}

/** Polls the page until `condition` holds; the test's own timeout bounds the wait. */
async function untilBatch(page: Page, what: string, condition: (v: BatchView) => boolean, limitMs = 280_000): Promise<BatchView> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const view = await readBatch(page);
    if (condition(view)) return view;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}. The batch shows:\n${JSON.stringify({ ...view, rows: view.rows.slice(0, 5) }, null, 2)}`);
    await page.waitForTimeout(200);
  }
}

const idle = (v: BatchView) => v.rows.length > 0 && !v.running && v.rows.every((r) => r.status !== 'running');

async function downloadOf(page: Page, testid: string): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  return download;
}

async function textOf(download: Download): Promise<string> {
  return readFileSync(await download.path()).toString('utf8');
}

function scanOf(bytes: Uint8Array): Buffer {
  const sos = jpegSegments(bytes).find((s) => s.marker === 0xda)!;
  return Buffer.from(bytes.subarray(sos.start));
}

async function openBatch(app: AppBrowser, backend: Backend): Promise<Page> {
  const page = await app.open(backend);
  await page.click('[data-testid="view-batch"]');
  await page.locator('[data-testid="batch-input"]').waitFor({ state: 'attached' });
  return page;
}

describe('a batch of 50+ photos on wasm', () => {
  let app: AppBrowser;
  let page: Page;
  let set: BatchSet;
  const exported: Partial<Record<ExportFormat, ExportRow[]>> = {};

  beforeAll(async () => {
    set = await makeBatchSet('wasm', PHOTOS);
    app = await AppBrowser.launch('batch-wasm');
    page = await openBatch(app, 'wasm');
  });

  afterAll(async () => {
    await app?.close();
  });

  test('the queue runs, pauses after the photo in progress, and resumes to the end', async () => {
    const files = [...set.photos.map((p) => p.path), set.png, set.bad, join(REAL, TIFF)];
    await page.setInputFiles('[data-testid="batch-input"]', files);
    await page.click('[data-testid="batch-pause"]');

    const paused = await untilBatch(page, 'the queue to stop at the pause', (v) => idle(v) && v.paused);
    expect(paused.rows).toHaveLength(files.length);
    expect(paused.rows.filter((r) => r.status === 'done')).toHaveLength(1);
    expect(paused.rows.filter((r) => r.status === 'pending')).toHaveLength(files.length - 1);
    expect(paused.status).toContain('Paused');
    expect(paused.progress).toEqual({ value: 1, max: files.length });

    await page.click('[data-testid="batch-resume"]');
    const done = await untilBatch(page, 'every photo to finish', (v) => idle(v) && v.rows.every((r) => r.status !== 'pending'), 290_000);
    const byName = new Map(done.rows.map((r) => [r.name, r]));
    for (const photo of set.photos) expect(byName.get(photo.name)?.status, photo.name).toBe('done');
    expect(byName.get('screenshot.png')?.status).toBe('done');
    expect(byName.get('screenshot.png')?.geotagUnavailable).toMatch(/JPEG only/);
    expect(byName.get('photo-001.jpg')?.geotag).toBe(true);

    // The bad file fails with its own reason, and an alert sums up; nothing else is lost.
    const bad = byName.get('notes.jpg')!;
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/not an image|not a photo|image/i);
    expect(done.alert?.code).toBe('batch-failures');
    expect(done.alert?.text).toContain('notes.jpg');
    expect(bad.fileGps).toBeNull();

    // The TIFF's pixels cannot be read, but its row shows the GPS in its file (and says it is no answer).
    const tiff = byName.get(TIFF)!;
    expect(tiff.status).toBe('failed');
    expect(tiff.fileGps?.text).toContain(`The image itself could not be read; its GPS: ${tiffGps.lat.toFixed(5)}, ${tiffGps.lon.toFixed(5)}`);
    expect(Number(tiff.fileGps?.lat)).toBeCloseTo(tiffGps.lat, 6);
    expect(Number(tiff.fileGps?.lon)).toBeCloseTo(tiffGps.lon, 6);
    expect(done.alert?.text).toContain(TIFF);
    expect(done.progress).toEqual({ value: files.length, max: files.length });
    expect(done.noiseWarning).toBe(true);
  });

  test('exports in CSV, GeoJSON and KML read back to the same answers, with the EXIF truth and true distances', async () => {
    for (const format of ['csv', 'geojson', 'kml'] as const) {
      const download = await downloadOf(page, `export-${format}`);
      expect(download.suggestedFilename()).toBe(`whereabouts-batch.${format}`);
      exported[format] = readExport(format, await textOf(download));
    }
    const csv = exported.csv!;
    expect(csv).toHaveLength(PHOTOS + 1); // the PNG is located too; the bad file and the unreadable TIFF are not exported
    expect(exported.geojson).toEqual(csv);
    expect(exported.kml).toEqual(csv);

    const truth = new Map(set.photos.map((p) => [p.name, p.point]));
    for (const row of csv) {
      expect(row.models).toEqual([MODEL]);
      // Refinement is on by default, as for a single photo: the answer is the refined point when one
      // was more similar than the gallery's best, and the confidence is measured around that point.
      expect(['retrieval', 'retrieval+refine']).toContain(row.mode);
      expect(row.confidence?.around).toBe(row.mode === 'retrieval+refine' ? 'refined' : 'top');
      expect(row.noise).toBe(true);
      expect(row.probability).toBeGreaterThan(0);
      // The confidence columns: masses growing with the radius, the 50 % radius inside the 90 % one.
      const confidence = row.confidence!;
      expect(confidence.massWithin).toHaveLength(5);
      confidence.massWithin.forEach((mass, t) => expect(mass).toBeGreaterThanOrEqual(t === 0 ? 0 : confidence.massWithin[t - 1]!));
      expect(confidence.radius50Km).toBeLessThanOrEqual(confidence.radius90Km);
      expect(confidence.countries.length).toBeGreaterThan(0);
      const point = truth.get(row.file);
      if (!point) {
        expect(row.file).toBe('screenshot.png');
        expect(row.truth).toBeNull();
        continue;
      }
      expect(row.truth!.lat).toBeCloseTo(point.lat, 5);
      expect(row.truth!.lon).toBeCloseTo(point.lon, 5);
      expect(row.errorKm!).toBeCloseTo(haversineKm(row, point), 1);
    }

    // The KML is well-formed XML for the browser's own parser too.
    const kml = await textOf(await downloadOf(page, 'export-kml'));
    const placemarks = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      return doc.querySelector('parsererror') ? -1 : doc.getElementsByTagName('Placemark').length;
    }, kml);
    expect(placemarks).toBe(PHOTOS + 1);
    expect(kml).toContain('<Data name="confidence_around">');

    // With the tiny model's noise a refined point nearly always beats the gallery; at least one did.
    const refined = csv.filter((row) => row.mode === 'retrieval+refine');
    expect(refined.length).toBeGreaterThan(0);
    // The TIFF's own GPS is no prediction: not in the exports.
    expect(csv.some((row) => row.file.endsWith(TIFF))).toBe(false);
  });

  test('the accuracy panel shows the thresholds, GeoScore and a plot computed from the photos', async () => {
    const distances = exported.csv!.flatMap((r) => (r.errorKm === null ? [] : [r.errorKm]));
    expect(distances).toHaveLength(PHOTOS);
    const expected = summariseErrors(distances);
    const view = await readBatch(page);
    for (const t of ACCURACY_THRESHOLDS) {
      expect(view.accuracy?.[`accuracy-${t.km}`]).toBe(`${expected.accuracyPercent[t.name].toFixed(1)} %`);
    }
    expect(view.accuracy?.geoscore).toBe(Math.round(expected.geoScoreMean!).toLocaleString('en'));
    expect(view.plotBars).toBe(PHOTOS);
  });

  test('sorting by error puts the nearest first, then the farthest first; rows without a truth stay last', async () => {
    const kms = (v: BatchView) => v.rows.map((r) => (r.errorKm === '' ? null : Number(r.errorKm.replace(/[^\d.]/g, ''))));
    await page.click('[data-testid="batch-sort-error"]');
    const up = kms(await readBatch(page));
    const known = up.filter((k): k is number => k !== null);
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(up.slice(known.length).every((k) => k === null)).toBe(true);
    await page.click('[data-testid="batch-sort-error"]');
    const down = kms(await readBatch(page)).filter((k): k is number => k !== null);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    // Exports follow the order on screen.
    const sortedCsv = readExport('csv', await textOf(await downloadOf(page, 'export-csv')));
    const csvKm = sortedCsv.flatMap((r) => (r.errorKm === null ? [] : [r.errorKm]));
    expect(csvKm).toEqual([...csvKm].sort((a, b) => b - a));
  });

  test('a geotagged copy keeps the scan bytes and pixels, and its EXIF GPS reads back as the answer', async () => {
    const photo = set.photos[7]!;
    const answer = exported.csv!.find((r) => r.file === photo.name)!;
    const row = page.locator(`[data-testid="batch-row"][data-name="${photo.name}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid="batch-geotag"]').click()]);
    expect(download.suggestedFilename()).toBe('photo-008-geotagged.jpg');
    const copy = new Uint8Array(readFileSync(await download.path()));
    const original = new Uint8Array(readFileSync(photo.path));
    expect(scanOf(copy).equals(scanOf(original))).toBe(true);
    expect((await sharp(copy).raw().toBuffer()).equals(await sharp(original).raw().toBuffer())).toBe(true);
    const gps = await exifr.gps(copy);
    expect(gps.latitude).toBeCloseTo(answer.lat, 5);
    expect(gps.longitude).toBeCloseTo(answer.lon, 5);
  });

  test('a row opens the photo in the single-photo view', async () => {
    const photo = set.photos[3]!;
    await page.locator(`[data-testid="batch-row"][data-name="${photo.name}"] [data-testid="batch-open"]`).click();
    const shown = await waitForResultIgnoringBatchAlert(page, basename(photo.path));
    expect(shown.warning).toBe(true);
    expect(shown.exifPoint).toContain(`${photo.point.lat.toFixed(4)}, ${photo.point.lon.toFixed(4)}`);
    await page.click('[data-testid="view-batch"]');
  });

  test('cancel stops the queue and keeps every earlier result; retry runs the rest', async () => {
    const before = (await readBatch(page)).rows.filter((r) => r.status === 'done').length;
    await page.setInputFiles('[data-testid="batch-input"]', set.photos.slice(0, 6).map((p) => p.path));
    await page.click('[data-testid="batch-cancel"]');
    const cancelled = await untilBatch(page, 'the queue to stop after Cancel', (v) => idle(v) && v.rows.every((r) => r.status !== 'pending'));
    const counts = (v: BatchView, status: string) => v.rows.filter((r) => r.status === status).length;
    // How many photos finish before Cancel lands depends on the machine; every one is either done or cancelled.
    expect(counts(cancelled, 'cancelled')).toBeGreaterThanOrEqual(1);
    expect(counts(cancelled, 'done')).toBeGreaterThanOrEqual(before);
    expect(counts(cancelled, 'done') + counts(cancelled, 'cancelled')).toBe(before + 6);
    await page.click('[data-testid="batch-retry"]');
    const again = await untilBatch(page, 'the retried photos', (v) => idle(v) && v.rows.every((r) => r.status !== 'pending' && r.status !== 'cancelled'));
    expect(counts(again, 'done')).toBe(before + 6);
  });

  test('nothing was fetched from any other origin, and the page threw nothing', () => {
    expect(app.foreignRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});

describe('a folder on webgpu', () => {
  let app: AppBrowser;
  let page: Page;

  beforeAll(async () => {
    app = await AppBrowser.launch('batch-webgpu');
    page = await openBatch(app, 'webgpu');
  });

  afterAll(async () => {
    await app?.close();
  });

  test('a chosen folder runs its photos (skipping other files) and exports them', async () => {
    const folder = await makeBatchFolder('webgpu', 6);
    await page.setInputFiles('[data-testid="batch-folder-input"]', folder.dir);
    const done = await untilBatch(page, 'the folder to finish', (v) => idle(v) && v.rows.every((r) => r.status === 'done'));
    expect(done.rows.map((r) => r.name).sort()).toEqual(folder.photos.map((p) => p.name).sort());
    const rows = readExport('geojson', await textOf(await downloadOf(page, 'export-geojson')));
    expect(rows).toHaveLength(folder.photos.length);
    for (const photo of folder.photos) {
      const row = rows.find((r) => r.file === photo.name)!;
      expect(row.truth!.lat).toBeCloseTo(photo.point.lat, 5);
      expect(row.errorKm!).toBeCloseTo(haversineKm(row, photo.point), 1);
    }
    expect(done.accuracy?.['accuracy-2500']).toMatch(/%$/);
  });

  test('several photos dropped on the single-photo view go to the batch', async () => {
    const before = (await readBatch(page)).rows.length;
    await page.click('[data-testid="view-single"]');
    const set = await makeBatchSet('webgpu-drop', 3);
    const files = set.photos.map((p) => ({ name: p.name, base64: readFileSync(p.path).toString('base64') }));
    await page.evaluate((files) => {
      const transfer = new DataTransfer();
      for (const f of files) {
        const raw = atob(f.base64);
        const bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        transfer.items.add(new File([bytes], f.name, { type: 'image/jpeg' }));
      }
      const zone = document.querySelector('[data-testid="drop-zone"]')!;
      const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
      zone.dispatchEvent(new DragEvent('dragenter', init));
      zone.dispatchEvent(new DragEvent('dragover', init));
      zone.dispatchEvent(new DragEvent('drop', init));
    }, files);
    const done = await untilBatch(page, 'the dropped photos', (v) => idle(v) && v.rows.length === before + 3 && v.rows.every((r) => r.status === 'done'));
    expect(done.rows.map((r) => r.name)).toEqual(expect.arrayContaining(set.photos.map((p) => p.name)));
    expect(await page.locator('[data-testid="view-batch"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-testid="batch-panel"]').isVisible()).toBe(true);
    expect(app.foreignRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});

/** The single-photo view's result; the batch's own summary alert may still be on screen. */
async function waitForResultIgnoringBatchAlert(page: Page, name: string) {
  const alert = await readBatch(page).then((v) => v.alert);
  if (alert?.code === 'batch-failures') await page.click('button[aria-label="Dismiss this message"]');
  return waitForResult(page, name);
}
