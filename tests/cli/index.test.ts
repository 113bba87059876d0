import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeIndex, readIndexHeader } from '../../src/core/retrieve/format';
import { TINY, cli, isOneLineError, scratch } from './run-cli';

const gallery = existsSync('/work/shared/data/geoclip-gallery/coordinates_100K.csv')
  ? '/work/shared/data/geoclip-gallery/coordinates_100K.csv'
  : join(import.meta.dirname, '../../public/gallery/coordinates_100K.csv');

let dir = '';
let indexPath = '';

beforeAll(() => {
  dir = scratch();
  indexPath = join(dir, 'tiny.wbx');
  const run = cli('index', 'build', '--coords', gallery, '--model', TINY, '--out', indexPath);
  expect(run.stderr).toContain('wrote');
  expect(run.code).toBe(0);
});

function rowsCsv(rows: [number, number][]): string {
  return `LAT,LON\n${rows.map(([lat, lon]) => `${lat},${lon}`).join('\n')}\n`;
}

function npy(matrix: Float32Array, rows: number, cols: number): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + matrix.byteLength);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  bytes.set(new TextEncoder().encode(header), 10);
  bytes.set(new Uint8Array(matrix.buffer), 10 + header.length);
  return bytes;
}

describe('whereabouts index build', () => {
  it('encodes the real 100K gallery with the tiny location model', () => {
    const header = readIndexHeader(new Uint8Array(readFileSync(indexPath)));
    expect(header.count).toBe(100_000);
    expect(header.dim).toBe(32);
    expect(header.element).toBe('int8');
    expect(header.meta.encoderId).toBe('whereabouts/tiny-geoclip');
    expect(header.meta.gallerySource).toBe('coordinates_100K.csv');
    const index = decodeIndex(new Uint8Array(readFileSync(indexPath)));
    expect(index.latLon[0]).toBeCloseTo(-50.943392, 4);
    expect(index.latLon[1]).toBeCloseTo(-72.935664, 4);
  });

  it('builds the same index from raw float32 and from .npy embeddings', () => {
    const coords = join(dir, 'three.csv');
    writeFileSync(coords, rowsCsv([[10, 20], [-33.9, 151.2], [64.1, -21.9]]));
    const embeddings = Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0.6, 0.8, 0, 0]);
    writeFileSync(join(dir, 'e.f32'), new Uint8Array(embeddings.buffer));
    writeFileSync(join(dir, 'e.npy'), npy(embeddings, 3, 4));
    const fromRaw = cli('index', 'build', '--coords', coords, '--embeddings', join(dir, 'e.f32'), '--out', join(dir, 'raw.wbx'), '--element', 'fp16');
    const fromNpy = cli('index', 'build', '--coords', coords, '--embeddings', join(dir, 'e.npy'), '--out', join(dir, 'npy.wbx'), '--element', 'fp16');
    expect([fromRaw.code, fromNpy.code]).toEqual([0, 0]);
    const raw = decodeIndex(new Uint8Array(readFileSync(join(dir, 'raw.wbx'))));
    const fromNumpy = decodeIndex(new Uint8Array(readFileSync(join(dir, 'npy.wbx'))));
    expect(raw.count).toBe(3);
    expect(raw.dim).toBe(4);
    expect(Array.from(raw.embeddings.rows)).toEqual(Array.from(fromNumpy.embeddings.rows));

    writeFileSync(join(dir, 'q.f32'), new Uint8Array(Float32Array.from([0, 1, 0, 0]).buffer));
    const query = cli('index', 'query', '--index', join(dir, 'raw.wbx'), '--vector', join(dir, 'q.f32'), '-k', '2', '--json');
    expect(query.code).toBe(0);
    const result = JSON.parse(query.stdout) as { most: { i: number; lat: number; lon: number; score: number; p: number }[]; least: { i: number }[] };
    expect(result.most.map((m) => m.i)).toEqual([1, 2]);
    expect(result.most[0]).toMatchObject({ lat: -33.9, lon: 151.2 });
    expect(result.most[0]!.score).toBeCloseTo(1, 3);
    expect(result.most[1]!.score).toBeCloseTo(0.8, 3);
    expect(result.least.map((m) => m.i)).toEqual([0, 2]);
    // softmax of 39.69 x cosine over the three rows
    const logits = [0, 1, 0.8].map((c) => Math.exp(3.681034803390503) * c);
    const top = Math.exp(logits[1]!) / logits.reduce((sum, l) => sum + Math.exp(l), 0);
    expect(result.most[0]!.p).toBeCloseTo(top, 3);
  });

  it('writes the confidence of the answer: mass within each radius, credible radii, country shares', () => {
    // The three rows of raw.wbx: (10, 20) in Chad, Sydney, Reykjavik; the query's cosines are 0, 1 and 0.8.
    writeFileSync(join(dir, 'q.f32'), new Uint8Array(Float32Array.from([0, 1, 0, 0]).buffer));
    const run = cli('index', 'query', '--index', join(dir, 'raw.wbx'), '--vector', join(dir, 'q.f32'), '-k', '1', '--json');
    expect(run.code).toBe(0);
    const { confidence } = JSON.parse(run.stdout) as { confidence: Record<string, unknown> };
    const scale = Math.exp(3.681034803390503);
    const weights = [0, 1, 0.8].map((c) => Math.exp(scale * (c - 1)));
    const [chad, sydney, reykjavik] = weights.map((w) => w / weights.reduce((a, b) => a + b, 0)) as [number, number, number];
    // Sydney is the answer; the other two rows are more than 10,000 km away.
    for (const km of [1, 25, 200, 750, 2500]) expect(confidence[`mass_within_${km}km`]).toBeCloseTo(sydney, 5);
    expect(confidence.radius_50_km).toBe(0);
    expect(confidence.radius_90_km).toBe(0);
    expect(confidence.allowed_rows).toBe(3);
    const shares = confidence.country_shares as { country_code: string; country: string; share: number }[];
    expect(shares.map((s) => s.country_code)).toEqual(['AU', 'IS', 'TD']);
    expect(shares[0]!.country).toBe('Australia');
    expect(shares[0]!.share).toBeCloseTo(sydney, 5);
    expect(shares[1]!.share).toBeCloseTo(reykjavik, 5);
    expect(shares[2]!.share).toBeCloseTo(chad, 5);
    expect((confidence.region_shares as { region: string }[])[0]!.region).toBe('New South Wales');
  });

  it('queries the 100K index with most-k and least-k', () => {
    const vector = new Float32Array(32).map((_, i) => Math.sin(i + 1));
    writeFileSync(join(dir, 'v.f32'), new Uint8Array(vector.buffer));
    const run = cli('index', 'query', '--index', indexPath, '--vector', join(dir, 'v.f32'), '-k', '15', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { most: { score: number; p: number }[]; least: { score: number }[] };
    expect(result.most).toHaveLength(15);
    expect(result.least).toHaveLength(15);
    for (let i = 1; i < 15; i++) {
      expect(result.most[i]!.score).toBeLessThanOrEqual(result.most[i - 1]!.score);
      expect(result.least[i]!.score).toBeGreaterThanOrEqual(result.least[i - 1]!.score);
    }
    expect(result.most[14]!.score).toBeGreaterThan(result.least[14]!.score);
  });

  it('answers bad arguments and files with one line and a non-zero exit', () => {
    const cases = [
      cli('index', 'build', '--coords', gallery, '--out', join(dir, 'x.wbx')),
      cli('index', 'build', '--coords', join(dir, 'missing.csv'), '--model', TINY, '--out', join(dir, 'x.wbx')),
      cli('index', 'build', '--coords', gallery, '--model', join(dir), '--out', join(dir, 'x.wbx')),
      cli('index', 'query', '--index', join(dir, 'three.csv'), '--vector', join(dir, 'q.f32')),
      cli('index', 'query', '--index', join(dir, 'raw.wbx'), '--vector', join(dir, 'v.f32')),
      cli('index', 'query', '--index', join(dir, 'raw.wbx'), '--vector', join(dir, 'q.f32'), '-k', 'many'),
      cli('index', 'frobnicate'),
      cli('index', 'build', '--nonsense'),
    ];
    for (const run of cases) expect(isOneLineError(run), run.stderr).toBe(true);
    const truncated = readFileSync(indexPath).subarray(0, 1000);
    writeFileSync(join(dir, 'cut.wbx'), truncated);
    expect(isOneLineError(cli('index', 'query', '--index', join(dir, 'cut.wbx'), '--vector', join(dir, 'v.f32')))).toBe(true);
  });
});
