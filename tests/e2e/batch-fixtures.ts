// Photos for the batch tests: small JPEGs with EXIF GPS written by the app's own geotag writer,
// a PNG, a file that is not an image, and a folder. Written under tests/.out/ (ignored by git).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { geotagJpeg } from '../../src/core/photo/geotag';
import { OUT_DIR } from './fixtures';

export interface BatchPhoto {
  readonly path: string;
  readonly name: string;
  readonly point: { readonly lat: number; readonly lon: number };
}

export interface BatchSet {
  readonly photos: BatchPhoto[];
  /** A PNG without GPS: located, but no geotagged copy. */
  readonly png: string;
  /** Text with a .jpg name: fails with a clear error. */
  readonly bad: string;
}

function pixels(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let state = seed >>> 0;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = ((i % (width * 3)) * 255) / (width * 3) * 0.5 + (state >>> 25) + (seed * 13) % 64;
  }
  return data;
}

/** Deterministic points spread over the inhabited latitudes. */
function pointFor(i: number): { lat: number; lon: number } {
  const lat = -55 + ((i * 37.77) % 125);
  const lon = -179 + ((i * 97.31) % 358);
  return { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) };
}

export async function jpegWithGps(path: string, seed: number, point: { lat: number; lon: number }, side = 160): Promise<void> {
  const plain = await sharp(pixels(side, (side * 3) / 4, seed), { raw: { width: side, height: (side * 3) / 4, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const tagged = geotagJpeg(new Uint8Array(plain), point, path);
  const back = await exifr.gps(tagged);
  if (!back || Math.abs(back.latitude - point.lat) > 1e-6 || Math.abs(back.longitude - point.lon) > 1e-6) {
    throw new Error(`Fixture ${path}: exifr read ${JSON.stringify(back)} instead of ${JSON.stringify(point)}.`);
  }
  writeFileSync(path, tagged);
}

export async function makeBatchSet(label: string, count: number): Promise<BatchSet> {
  const dir = join(OUT_DIR, `batch-${label}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const photos: BatchPhoto[] = [];
  for (let i = 0; i < count; i++) {
    const name = `photo-${String(i + 1).padStart(3, '0')}.jpg`;
    const path = join(dir, name);
    const point = pointFor(i);
    await jpegWithGps(path, i + 1, point);
    photos.push({ path, name, point });
  }
  const png = join(dir, 'screenshot.png');
  writeFileSync(png, await sharp(pixels(120, 90, 999), { raw: { width: 120, height: 90, channels: 3 } }).png().toBuffer());
  const bad = join(dir, 'notes.jpg');
  writeFileSync(bad, 'Not a photo: a shopping list.\n');
  return { photos, png, bad };
}

/** A folder with photos in a subfolder, plus files a folder import must skip. */
export async function makeBatchFolder(label: string, count: number): Promise<{ dir: string; photos: BatchPhoto[] }> {
  const dir = join(OUT_DIR, `batch-folder-${label}`, 'trip');
  rmSync(join(OUT_DIR, `batch-folder-${label}`), { recursive: true, force: true });
  mkdirSync(join(dir, 'day 2'), { recursive: true });
  const photos: BatchPhoto[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${i % 2 ? 'day 2/' : ''}img-${i + 1}.jpg`;
    const path = join(dir, name);
    const point = pointFor(100 + i);
    await jpegWithGps(path, 100 + i, point);
    photos.push({ path, name: `trip/${name}`, point });
  }
  writeFileSync(join(dir, 'readme.txt'), 'not a photo');
  writeFileSync(join(dir, '.hidden.jpg'), 'a hidden file');
  return { dir, photos };
}
