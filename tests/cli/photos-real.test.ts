// The CLI over the real photos (../shared/data/photos-real, ExifTool's readings in truth.json):
// HEIC and WebP run, GPS equals ExifTool's, 0, 0 is no fix, and the files that cannot be read are
// refused with one clear line each (the TIFF's still giving its GPS).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GALLERY, MODELS, TINY, cli, scratch } from './run-cli';

const REAL = join(import.meta.dirname, '../../../shared/data/photos-real');

interface TruthFile {
  file: string;
  lat: number | null;
  lon: number | null;
  orientation: number | null;
}

interface Line {
  image: string;
  error?: string;
  exif?: { lat: number; lon: number; source: string } | null;
  gps_unusable?: string | null;
  metadata?: { orientation: number | null };
}

const truth = (JSON.parse(readFileSync(join(REAL, 'truth.json'), 'utf8')) as { files: TruthFile[] }).files;
/** What Chromium and sharp cannot open: a TIFF, and a fuzzed CMYK JPEG with stray bytes before a marker. */
const REFUSED = new Set(['exifr__002.tiff', 'mei__ImageTestSuite_5482a54657765056f1a94116a8dbffe7.jpg']);

let dir = '';
let index = '';

beforeAll(() => {
  dir = scratch();
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', LOCAL_GALLERY, '--model', TINY, '--out', index).code).toBe(0);
});

describe('whereabouts locate over real photos', () => {
  it('locates every readable photo, HEIC included, with ExifTool\'s GPS and orientation, and refuses the rest clearly', () => {
    const photos = readdirSync(REAL).filter((name) => name !== 'truth.json' && name !== 'README.md');
    expect(photos.length).toBe(truth.length);
    const run = cli('locate', ...photos.map((name) => join(REAL, name)), '--models', MODELS, '--index', index, '-k', '1', '--json');
    const lines = new Map(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Line)
        .map((line) => [basename(line.image), line]),
    );
    expect(lines.size).toBe(truth.length);
    expect(run.code).toBe(1); // some files were refused
    for (const expected of truth) {
      const line = lines.get(expected.file)!;
      if (REFUSED.has(expected.file)) {
        expect(line.error, expected.file).toMatch(/cannot open|cannot be opened|could not be decoded/);
        continue;
      }
      expect(line.error, expected.file).toBeUndefined();
      if (expected.lat === 0 && expected.lon === 0) {
        expect(line.exif).toBeNull();
        expect(line.gps_unusable).toMatch(/0, 0/);
      } else if (expected.lat === null || expected.lon === null) {
        expect(line.exif, expected.file).toBeNull();
      } else {
        expect(Math.abs(line.exif!.lat - expected.lat), expected.file).toBeLessThan(1e-6);
        expect(Math.abs(line.exif!.lon - expected.lon), expected.file).toBeLessThan(1e-6);
      }
      expect(line.metadata!.orientation, expected.file).toBe(expected.orientation);
    }
    // The TIFF cannot be shown, but where it was taken can.
    expect(lines.get('exifr__002.tiff')!.error).toContain('its GPS says it was taken at 39.917000, -2.825024');
    const errors = run.stderr.trim().split('\n');
    expect(errors).toHaveLength(REFUSED.size);
    for (const error of errors) expect(error).toMatch(/^whereabouts: "[^"]+" /);
  });

  it('evaluates a folder of phone photos, HEIC and WebP included, with none missing', () => {
    const files = ['ianare__IMG_5195.HEIC', 'ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif', 'mei__HTC_Desire.webp'];
    const manifest = join(dir, 'phones.csv');
    const rows = files.map((file) => {
      const t = truth.find((f) => f.file === file)!;
      return `${file.replace(/\.[^.]+$/, '')},${t.lat},${t.lon}`;
    });
    writeFileSync(manifest, `IMG_ID,LAT,LON\n${rows.join('\n')}\n`);
    const out = join(dir, 'phones.predictions.csv');
    const run = cli('eval', manifest, '--images', REAL, '--models', MODELS, '--index', index, '--out', out, '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/missing/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(files.length + 1);
  });
});
