import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GALLERY, MODELS, TINY, cli, isOneLineError, scratch } from './run-cli';

let dir = '';
let index = '';

/** A JPEG with EXIF GPS at the given point (degrees, minutes, seconds as EXIF rationals). */
async function jpegWithGps(path: string, colour: number, gps?: { lat: string; latRef: string; lon: string; lonRef: string }) {
  let image = sharp({ create: { width: 256, height: 192, channels: 3, background: { r: colour, g: 255 - colour, b: 90 } } }).jpeg();
  if (gps) image = image.withExif({ IFD3: { GPSLatitudeRef: gps.latRef, GPSLatitude: gps.lat, GPSLongitudeRef: gps.lonRef, GPSLongitude: gps.lon } });
  await image.toFile(path);
}

beforeAll(async () => {
  dir = scratch();
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', LOCAL_GALLERY, '--model', TINY, '--out', index).code).toBe(0);
  mkdirSync(join(dir, 'images'));
  await jpegWithGps(join(dir, 'images', 'paris.jpg'), 30, { lat: '48/1 51/1 24/1', latRef: 'N', lon: '2/1 21/1 8/1', lonRef: 'E' });
  await jpegWithGps(join(dir, 'images', 'plain.jpg'), 200);
  await sharp({ create: { width: 64, height: 64, channels: 4, background: '#33669980' } }).png().toFile(join(dir, 'images', 'b.png'));
});

interface Located {
  image: string;
  testModel: boolean;
  top: { lat: number; lon: number; p: number; place: string };
  candidates: { i: number; lat: number; lon: number; score: number; p: number; place: string }[];
  least: unknown[];
  exif: { lat: number; lon: number; km_from_top: number } | null;
  confidence: Record<string, unknown>;
}

describe('whereabouts locate', () => {
  it('prints one JSON line per image with candidates, place names and the EXIF point', () => {
    const run = cli('locate', join(dir, 'images/paris.jpg'), join(dir, 'images/plain.jpg'), join(dir, 'images/b.png'), '--models', MODELS, '--index', index, '--json');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Located);
    expect(lines).toHaveLength(3);
    const [paris, plain] = lines as [Located, Located];
    expect(paris.testModel).toBe(true);
    expect(paris.candidates).toHaveLength(15);
    expect(paris.least).toHaveLength(15);
    expect(paris.top).toEqual(expect.objectContaining({ lat: paris.candidates[0]!.lat, lon: paris.candidates[0]!.lon }));
    expect(paris.top.place.length).toBeGreaterThan(0);
    expect(paris.exif?.lat).toBeCloseTo(48.8567, 3);
    expect(paris.exif?.lon).toBeCloseTo(2.3522, 3);
    expect(paris.exif!.km_from_top).toBeGreaterThanOrEqual(0);
    expect(plain.exif).toBeNull();
    // How sure: the masses grow with the radius, the 50 % radius is inside the 90 % one.
    const masses = [1, 25, 200, 750, 2500].map((km) => paris.confidence[`mass_within_${km}km`] as number);
    masses.forEach((m, t) => expect(m).toBeGreaterThanOrEqual(t === 0 ? 0 : masses[t - 1]!));
    expect(masses[4]).toBeLessThanOrEqual(1);
    expect(paris.confidence.radius_50_km as number).toBeLessThanOrEqual(paris.confidence.radius_90_km as number);
    const shares = paris.confidence.country_shares as { share: number }[];
    expect(shares.length).toBeGreaterThan(0);
    expect(shares.reduce((a, s) => a + s.share, 0)).toBeLessThanOrEqual(1 + 1e-6);
    // Different photos give different embeddings, so (almost surely) different rankings.
    expect(paris.candidates.map((c) => c.i)).not.toEqual(plain.candidates.map((c) => c.i));
  });

  it('is deterministic for the same photo', () => {
    const first = cli('locate', join(dir, 'images/paris.jpg'), '--models', MODELS, '--index', index, '--json');
    const second = cli('locate', join(dir, 'images/paris.jpg'), '--models', MODELS, '--index', index, '--json');
    const pick = (s: string) => (JSON.parse(s) as Located).candidates;
    expect(pick(first.stdout)).toEqual(pick(second.stdout));
  });

  it('reports bad images on one line, keeps going, and exits non-zero', () => {
    writeFileSync(join(dir, 'empty.jpg'), '');
    writeFileSync(join(dir, 'text.jpg'), 'this is not a photo\n');
    const jpeg = readFileSync(join(dir, 'images/paris.jpg'));
    writeFileSync(join(dir, 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    const run = cli('locate', join(dir, 'empty.jpg'), join(dir, 'text.jpg'), join(dir, 'cut.jpg'), join(dir, 'images/plain.jpg'), '--models', MODELS, '--index', index, '--json');
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { error?: string; top?: unknown });
    expect(lines[0]!.error).toMatch(/empty/i);
    expect(lines[1]!.error).toMatch(/text/i);
    expect(lines[2]!.error).toMatch(/truncated|incomplete|cut off/i);
    expect(lines[3]!.top).toBeDefined();
    expect(run.stderr.trim().split('\n')).toHaveLength(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an index made by another encoder', () => {
    const coords = join(dir, 'two.csv');
    writeFileSync(coords, 'LAT,LON\n1,2\n3,4\n');
    writeFileSync(join(dir, 'e.f32'), new Uint8Array(new Float32Array(64).fill(0.5).buffer));
    expect(cli('index', 'build', '--coords', coords, '--embeddings', join(dir, 'e.f32'), '--encoder', 'someone/else@v1', '--out', join(dir, 'other.wbx')).code).toBe(0);
    const run = cli('locate', join(dir, 'images/plain.jpg'), '--models', TINY, '--index', join(dir, 'other.wbx'));
    expect(isOneLineError(run)).toBe(true);
    expect(run.stderr).toMatch(/someone\/else/);
  });

  it('names a broken model file', () => {
    const broken = join(dir, 'models/whereabouts/tiny-geoclip');
    mkdirSync(join(broken, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'preprocessor_config.json', 'onnx/location_model.onnx']) {
      writeFileSync(join(broken, file), readFileSync(join(TINY, file)));
    }
    const vision = readFileSync(join(TINY, 'onnx/vision_model.onnx'));
    writeFileSync(join(broken, 'onnx/vision_model.onnx'), vision.subarray(0, vision.length >> 1));
    const run = cli('locate', join(dir, 'images/plain.jpg'), '--models', join(dir, 'models'), '--index', index);
    expect(isOneLineError(run)).toBe(true);
    expect(run.stderr).toContain('onnx/vision_model.onnx');
  });
});

describe('whereabouts metrics and eval', () => {
  it('scores predictions against ground truth', () => {
    writeFileSync(join(dir, 'truth.csv'), 'IMG_ID,LAT,LON\na,0,0\nb,0,0\nc,0,0\nd,10,10\n');
    // a: exact; b: 1 degree of longitude at the equator (111.19 km); c: missing; e: extra
    writeFileSync(join(dir, 'pred.csv'), 'IMG_ID,LAT,LON\na,0,0\nb,0,1\nd,10,10\ne,5,5\n');
    const run = cli('metrics', '--pred', join(dir, 'pred.csv'), '--truth', join(dir, 'truth.csv'), '--json');
    expect(run.code).toBe(0);
    const figures = JSON.parse(run.stdout) as Record<string, unknown> & { accuracy_percent: Record<string, number> };
    expect(figures).toMatchObject({ matched: 3, missing: 1, extra: 1 });
    expect(Object.values(figures.accuracy_percent)).toHaveLength(5);
    const [street, city, region] = Object.values(figures.accuracy_percent);
    expect(street).toBeCloseTo(200 / 3, 6);
    expect(city).toBeCloseTo(200 / 3, 6);
    expect(region).toBeCloseTo(100, 6);
    expect(figures.median_km).toBe(0);
    expect(figures.geoscore_median).toBe(5000);
    expect(figures.geoscore_mean as number).toBeCloseTo((5000 * 2 + 5000 * Math.exp(-111.195 / 1492.7)) / 3, 0);
  });

  it('evaluates a manifest, writes predictions, and resumes', () => {
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(manifest, 'IMG_ID,LAT,LON\nparis.jpg,48.8567,2.3522\nplain,10,10\nghost.jpg,0,0\n');
    const out = join(dir, 'preds.csv');
    const first = cli('eval', manifest, '--images', join(dir, 'images'), '--models', MODELS, '--index', index, '--out', out, '--json');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/ghost\.jpg/);
    type Level = { percent: number | null; correct: number; counted: number };
    const figures = JSON.parse(first.stdout) as { mode: string; matched: number; missing: number; admin_accuracy: Record<'country' | 'region' | 'city', Level> };
    expect(figures).toMatchObject({ mode: 'fast', matched: 2, missing: 1 });
    // Both truth points (Paris; 10 N 10 E in Nigeria) lie in a country; the test model's guesses are noise.
    const { country, region, city } = figures.admin_accuracy;
    expect(country.counted).toBe(2);
    expect(country.correct).toBeLessThanOrEqual(2);
    expect(region.counted).toBeLessThanOrEqual(2);
    expect(city.counted).toBe(2);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written).toHaveLength(3);
    const second = cli('eval', manifest, '--images', join(dir, 'images'), '--models', MODELS, '--index', index, '--out', out, '--json');
    expect(second.stderr).toMatch(/resuming: 2 of 3/);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(JSON.parse(second.stdout)).toEqual(figures);
  });

  it('evaluates the whole method with --mode full, and refuses an unknown mode', () => {
    const manifest = join(dir, 'manifest-full.csv');
    writeFileSync(manifest, 'IMG_ID,LAT,LON\nparis.jpg,48.8567,2.3522\n');
    const full = cli('eval', manifest, '--images', join(dir, 'images'), '--models', MODELS, '--index', index, '--out', join(dir, 'full.csv'), '--mode', 'full', '--json');
    expect(full.code, full.stderr).toBe(0);
    const report = JSON.parse(full.stdout) as { mode: string; admin_accuracy: unknown };
    expect(report.mode).toBe('full');
    expect(report.admin_accuracy).toBeDefined();
    expect(readFileSync(join(dir, 'full.csv'), 'utf8').trim().split('\n')).toHaveLength(2);
    const odd = cli('eval', manifest, '--images', join(dir, 'images'), '--models', MODELS, '--index', index, '--mode', 'slow');
    expect(odd.code).toBe(2);
    expect(odd.stderr).toMatch(/--mode is fast or full/);
  });

  it('rejects bad arguments on one line', () => {
    for (const run of [cli('metrics', '--pred', join(dir, 'nope.csv'), '--truth', join(dir, 'truth.csv')), cli('metrics'), cli('eval'), cli('locate', '--models', MODELS)]) {
      expect(isOneLineError(run), run.stderr).toBe(true);
    }
  });

  it('an index built by a location encoder that is not among --models names the encoder and revision it needs', () => {
    // The bench's random full-width location model: its embeddings, written as an index with its id.
    const coords = join(dir, 'two.csv');
    writeFileSync(coords, 'LAT,LON\n10,20\n-33.9,151.2\n');
    writeFileSync(join(dir, 'two.f32'), new Uint8Array(Float32Array.from([1, 0, 0, 1]).buffer));
    const other = join(dir, 'other.wbx');
    const built = cli('index', 'build', '--coords', coords, '--embeddings', join(dir, 'two.f32'), '--encoder', 'whereabouts/geoclip-location-random@generated', '--out', other);
    expect(built.code, built.stderr).toBe(0);
    const run = cli('locate', join(dir, 'images/paris.jpg'), '--models', MODELS, '--index', other, '--json');
    expect(isOneLineError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('"whereabouts/geoclip-location-random" (revision generated)');
    expect(run.stderr).toContain('--models');
    expect(run.stderr).not.toContain('holds no config.json');
  });
});
