// The region flags of `index query` and `locate`, and `index grid`, on the real 100K gallery with the tiny model.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../../src/core/geo/haversine';
import { LOCAL_GALLERY, MODELS, TINY, cli, isOneLineError, scratch } from './run-cli';

let dir = '';
let index = '';
let vector = '';

interface Query {
  most: { i: number; lat: number; lon: number; p: number }[];
  region?: { constraints: string[]; kept: number; total: number };
}

beforeAll(async () => {
  dir = scratch();
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', LOCAL_GALLERY, '--model', TINY, '--out', index).code).toBe(0);
  vector = join(dir, 'q.f32');
  writeFileSync(vector, new Uint8Array(Float32Array.from({ length: 32 }, (_, i) => Math.sin(i + 1)).buffer));
  await sharp({ create: { width: 128, height: 96, channels: 3, background: { r: 40, g: 120, b: 200 } } }).jpeg().toFile(join(dir, 'photo.jpg'));
});

function query(...flags: string[]): Query {
  const run = cli('index', 'query', '--index', index, '--vector', vector, '-k', '10', '--json', ...flags);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Query;
}

describe('index query with a region', () => {
  it('--country keeps only that country, and the softmax is over its places alone', () => {
    const all = query();
    const pt = query('--country', 'PT');
    expect(pt.region).toMatchObject({ constraints: ['In Portugal'], total: 100_000 });
    expect(pt.region!.kept).toBeGreaterThan(100);
    expect(pt.region!.kept).toBeLessThan(5_000);
    for (const m of pt.most) {
      expect(m.lat).toBeGreaterThan(29); // mainland, Madeira, the Azores
      expect(m.lat).toBeLessThan(42.2);
      expect(m.lon).toBeGreaterThan(-31.5);
      expect(m.lon).toBeLessThan(-6.1);
    }
    expect(pt.most[0]!.p).toBeGreaterThan(all.most[0]!.p);
    const two = query('--country', 'PT,ES');
    expect(two.region!.kept).toBeGreaterThan(pt.region!.kept);
  });

  it('--bbox across the antimeridian and --within', () => {
    const pacific = query('--bbox', '-25,170,-10,-170');
    expect(pacific.region!.kept).toBeGreaterThan(0);
    for (const m of pacific.most) {
      expect(m.lat).toBeGreaterThanOrEqual(-25);
      expect(m.lat).toBeLessThanOrEqual(-10);
      expect(m.lon >= 170 || m.lon <= -170).toBe(true);
    }
    const lisbon = query('--within', '38.72,-9.14,40');
    for (const m of lisbon.most) expect(haversineKm({ lat: 38.72, lon: -9.14 }, m)).toBeLessThanOrEqual(40);
  });

  it('a region with no gallery place is a clear error, never an empty answer', () => {
    const run = cli('index', 'query', '--index', index, '--vector', vector, '--within', '0,-140,30', '--json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(isOneLineError(run)).toBe(true);
    expect(run.stderr).toMatch(/No place in the index lies in this region \(Within 30 km of 0, -140\)/);
  });

  it('bad region flags are usage errors', () => {
    for (const flags of [['--bbox', '1,2,3'], ['--bbox', '50,0,40,10'], ['--within', '0,0,-5'], ['--country', 'XX'], ['--bbox', '0,0,1,1', '--within', '0,0,5']]) {
      const run = cli('index', 'query', '--index', index, '--vector', vector, ...flags);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(isOneLineError(run)).toBe(true);
    }
  });
});

describe('locate with a region', () => {
  it('--country restricts every candidate, and the JSON says so', () => {
    const run = cli('locate', join(dir, 'photo.jpg'), '--models', MODELS, '--index', index, '--country', 'FR', '--json');
    expect(run.code).toBe(0);
    const found = JSON.parse(run.stdout) as { top: { place: string }; candidates: { place: string }[]; region: { kept: number } };
    expect(found.region.kept).toBeGreaterThan(0);
    for (const c of found.candidates) expect(c.place).toMatch(/France/);
  });

  it('an empty region fails before any model loads', () => {
    const run = cli('locate', join(dir, 'photo.jpg'), '--models', MODELS, '--index', index, '--within', '0,-140,30');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No place in the index lies in this region/);
  });
});

describe('locate --mode full with a region', () => {
  interface FullLine {
    final: { lat: number; lon: number; source: string; place: string } | null;
    candidates: { source: string; ok: boolean; lat: number | null; lon: number | null; reason: string | null }[];
    region: { constraints: string[]; kept: number; total: number } | null;
  }

  it('--country restricts the retrieval, and no answer outside the country can be the final one', () => {
    const run = cli('locate', join(dir, 'photo.jpg'), '--models', MODELS, '--index', index, '--mode', 'full', '--tokens', '24', '--country', 'FR', '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout) as FullLine;
    expect(line.region).toMatchObject({ constraints: ['In France'], total: 100_000 });
    expect(line.region!.kept).toBeGreaterThan(0);
    expect(line.region!.kept).toBeLessThan(100_000);
    expect(line.final).not.toBeNull();
    expect(line.final!.place).toMatch(/France/);
    const retrieval = line.candidates.find((c) => c.source === 'retrieval')!;
    expect(retrieval.ok).toBe(true);
    // Whatever the tiny model wrote, a located candidate is in France or was turned down saying why.
    for (const c of line.candidates) if (!c.ok && c.reason?.startsWith('Outside')) expect(c.reason).toMatch(/In France/);
  });

  it('--bbox restricts the gallery places the answer comes from', () => {
    const run = cli('locate', join(dir, 'photo.jpg'), '--models', MODELS, '--index', index, '--mode', 'full', '--tokens', '16', '--bbox', '35,-10,44,4', '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout) as FullLine;
    expect(line.region!.constraints).toEqual(['In the box 35 to 44 N, -10 to 4 E']);
    for (const c of line.candidates.filter((c) => c.ok)) {
      expect(c.lat!).toBeGreaterThanOrEqual(35);
      expect(c.lat!).toBeLessThanOrEqual(44);
      expect(c.lon!).toBeGreaterThanOrEqual(-10);
      expect(c.lon!).toBeLessThanOrEqual(4);
    }
  });

  it('a region with no gallery place is a clear error before any model loads', () => {
    const run = cli('locate', join(dir, 'photo.jpg'), '--models', MODELS, '--index', index, '--mode', 'full', '--within', '0,-140,30', '--json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(isOneLineError(run)).toBe(true);
    expect(run.stderr).toMatch(/No place in the index lies in this region \(Within 30 km of 0, -140\)/);
  });
});

describe('index grid', () => {
  it('writes a grid that index build encodes, and the grid index answers inside the region', () => {
    const csv = join(dir, 'ocean.csv');
    const run = cli('index', 'grid', '--within', '0,-140,30', '--spacing-km', '10', '--out', csv);
    expect(run.code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('LAT,LON');
    expect(lines.length - 1).toBeGreaterThan(20);
    for (const line of lines.slice(1)) {
      const [lat, lon] = line.split(',').map(Number);
      expect(haversineKm({ lat: 0, lon: -140 }, { lat: lat!, lon: lon! })).toBeLessThanOrEqual(30.01); // 5 decimals in the CSV
    }
    const gridIndex = join(dir, 'ocean.wbx');
    expect(cli('index', 'build', '--coords', csv, '--model', TINY, '--out', gridIndex).code).toBe(0);
    const found = JSON.parse(cli('index', 'query', '--index', gridIndex, '--vector', vector, '--within', '0,-140,30.01', '--json').stdout) as Query; // the CSV's 5 decimals move edge points by metres
    expect(found.region!.kept).toBe(lines.length - 1);
  });

  it('--country keeps the points in that country; a box across the antimeridian wraps', () => {
    const pt = join(dir, 'pt.csv');
    expect(cli('index', 'grid', '--country', 'PT', '--spacing-km', '25', '--out', pt).code).toBe(0);
    const rows = readFileSync(pt, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBeGreaterThan(100);
    for (const [lat, lon] of rows) {
      expect(lat!).toBeGreaterThan(29);
      expect(lon!).toBeGreaterThan(-36.5); // the Azores' waters reach past 36 W in country-coder's borders
      expect(lon!).toBeLessThan(-6);
    }
    const am = join(dir, 'am.csv');
    expect(cli('index', 'grid', '--bbox', '-1,179,1,-179', '--spacing-km', '25', '--out', am).code).toBe(0);
    const lons = readFileSync(am, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(lons.every((lon) => lon >= 179 || lon <= -179)).toBe(true);
    expect(lons.some((lon) => lon < 0) && lons.some((lon) => lon > 0)).toBe(true);
  });

  it('refuses a spacing outside 1..25 km and two regions at once', () => {
    for (const flags of [['--bbox', '0,0,1,1', '--spacing-km', '0.5'], ['--bbox', '0,0,1,1', '--spacing-km', '30'], ['--bbox', '0,0,1,1', '--country', 'PT', '--spacing-km', '5']]) {
      const run = cli('index', 'grid', ...flags, '--out', join(dir, 'x.csv'));
      expect(run.code, flags.join(' ')).toBe(2);
      expect(isOneLineError(run)).toBe(true);
    }
  });
});
