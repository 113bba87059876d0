// Test photos for the browser tests, made with sharp in Node (run once, from the global setup).
// They are written under tests/.out/ (ignored by git) and read by the tests through FIXTURES.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import exifr from 'exifr';
import sharp from 'sharp';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = join(REPO_ROOT, 'tests/.out/e2e');
const FIXTURE_DIR = join(OUT_DIR, 'fixtures');

/** The point written into gps.jpg: the Eiffel Tower (48°51'29.52" N, 2°17'40.20" E). */
export const GPS_POINT = { lat: 48.8582, lon: 2.2945 } as const;

export const FIXTURES = {
  /** 800 x 600 JPEG with EXIF GPS (GPS_POINT). */
  gps: join(FIXTURE_DIR, 'gps.jpg'),
  /** 800 x 600 JPEG without EXIF. */
  plain: join(FIXTURE_DIR, 'plain.jpg'),
  /** 640 x 480 PNG. */
  png: join(FIXTURE_DIR, 'photo.png'),
  /** Zero bytes. */
  empty: join(FIXTURE_DIR, 'empty.jpg'),
  /** A text file with a .jpg name. */
  text: join(FIXTURE_DIR, 'notes.jpg'),
  /** plain.jpg cut off half way. */
  truncated: join(FIXTURE_DIR, 'truncated.jpg'),
  /** A real PNG wider than src/core/photo's MAX_PHOTO_SIDE (30,000 px). */
  huge: join(FIXTURE_DIR, 'huge.png'),
} as const;

/** Deterministic noise, so the JPEGs are photo-sized and compress like photos. */
function noise(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  let state = seed >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width + (state & 31);
      data[i + 1] = (y * 255) / height + ((state >>> 8) & 31);
      data[i + 2] = 128 + ((state >>> 16) & 63);
    }
  }
  return data;
}

function dms(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const centiSeconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 100);
  return `${degrees}/1 ${minutes}/1 ${centiSeconds}/100`;
}

export async function makeFixtures(): Promise<void> {
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const raw = { raw: { width: 800, height: 600, channels: 3 as const } };

  const gps = await sharp(noise(800, 600, 1), raw)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Whereabouts', Model: 'e2e fixture' },
      IFD3: {
        GPSLatitudeRef: GPS_POINT.lat >= 0 ? 'N' : 'S',
        GPSLatitude: dms(GPS_POINT.lat),
        GPSLongitudeRef: GPS_POINT.lon >= 0 ? 'E' : 'W',
        GPSLongitude: dms(GPS_POINT.lon),
      },
    })
    .toBuffer();
  const readBack = await exifr.gps(gps);
  if (!readBack || Math.abs(readBack.latitude - GPS_POINT.lat) > 1e-3 || Math.abs(readBack.longitude - GPS_POINT.lon) > 1e-3) {
    throw new Error(`The GPS fixture does not carry the expected EXIF GPS point: exifr read ${JSON.stringify(readBack)}.`);
  }
  writeFileSync(FIXTURES.gps, gps);

  const plain = await sharp(noise(800, 600, 2), raw).jpeg({ quality: 90 }).toBuffer();
  if (await exifr.gps(plain).catch(() => undefined)) throw new Error('The plain JPEG fixture unexpectedly has EXIF GPS.');
  writeFileSync(FIXTURES.plain, plain);

  writeFileSync(FIXTURES.png, await sharp(noise(640, 480, 3), { raw: { width: 640, height: 480, channels: 3 } }).png().toBuffer());
  writeFileSync(FIXTURES.empty, Buffer.alloc(0));
  writeFileSync(FIXTURES.text, 'Shopping list\n- bread\n- film for the camera\n');
  writeFileSync(FIXTURES.truncated, plain.subarray(0, Math.floor(plain.length / 2)));
  writeFileSync(
    FIXTURES.huge,
    await sharp({ create: { width: 40_000, height: 32, channels: 3, background: { r: 90, g: 140, b: 200 } } })
      .png({ compressionLevel: 9 })
      .toBuffer(),
  );
}

export function fixtureBytes(path: string): Buffer {
  return readFileSync(path);
}
