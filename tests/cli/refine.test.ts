// `--refine` on the command line with the generated test models: the refined point is scored by the
// real location model in Node, and it is never less similar to the photo than its gallery start.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_GALLERY, MODELS, TINY, cli, scratch } from './run-cli';

let dir = '';
let index = '';
const photos: string[] = [];
/** What `locate --refine` answered for each photo, for comparing with `eval --refine`. */
let refinedAnswers: Located['answer'][] = [];

interface Scored {
  lat: number;
  lon: number;
  similarity: number;
}
interface RefineJson {
  refined: (Scored & { place: string; start_rank: number; km_from_start: number }) | null;
  gallery_start: Scored & { rank: number };
  starts: (Scored & { rank: number })[];
  points: number;
  levels: number;
}
interface Located {
  top: { lat: number; lon: number; score: number };
  candidates: { lat: number; lon: number; score: number }[];
  refine?: RefineJson;
  answer: { lat: number; lon: number; source: string; place: string };
  confidence: Record<string, unknown> & { around: { source: string; lat: number; lon: number } };
}
/** Each photo's `locate --refine --json` line. */
let refinedLines: Located[] = [];

beforeAll(async () => {
  dir = scratch();
  // The first 5,000 gallery places keep the index build short.
  const coords = join(dir, 'coords.csv');
  writeFileSync(coords, readFileSync(LOCAL_GALLERY, 'utf8').split('\n').slice(0, 5001).join('\n'));
  index = join(dir, 'tiny.wbx');
  expect(cli('index', 'build', '--coords', coords, '--model', TINY, '--out', index).code).toBe(0);
  for (const [i, colour] of [[0, 20], [1, 140], [2, 230]] as const) {
    const path = join(dir, `photo-${i}.jpg`);
    await sharp({ create: { width: 200, height: 150, channels: 3, background: { r: colour, g: 255 - colour, b: (colour * 7) % 256 } } }).jpeg().toFile(path);
    photos.push(path);
  }
});

describe('whereabouts locate --refine', () => {
  it('reports the refined point with its score beside its gallery start, never less similar', () => {
    const run = cli('locate', ...photos, '--models', MODELS, '--index', index, '--refine', '--json');
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Located);
    expect(lines).toHaveLength(3);
    refinedAnswers = lines.map((line) => line.answer);
    refinedLines = lines;
    let refinedCount = 0;
    for (const line of lines) {
      const refine = line.refine!;
      expect(refine.starts).toHaveLength(5);
      expect(refine.levels).toBe(3);
      expect(refine.points).toBeGreaterThan(5);
      // The starts' similarities are the model's own, close to the int8 index's scores for the same places.
      refine.starts.forEach((start, i) => {
        expect(start).toMatchObject({ lat: line.candidates[i]!.lat, lon: line.candidates[i]!.lon });
        expect(Math.abs(start.similarity - line.candidates[i]!.score)).toBeLessThan(0.03);
      });
      const best = Math.max(...refine.starts.map((s) => s.similarity));
      expect(refine.gallery_start.similarity).toBe(best);
      if (refine.refined) {
        refinedCount++;
        expect(refine.refined.similarity).toBeGreaterThan(best);
        expect(refine.refined.place.length).toBeGreaterThan(0);
        expect(line.answer).toMatchObject({ source: 'refined', lat: refine.refined.lat, lon: refine.refined.lon });
      } else {
        expect(line.answer).toMatchObject({ source: 'retrieval', lat: line.top.lat, lon: line.top.lon });
      }
    }
    // The test model's score varies within tens of kilometres, so a finer point is (almost surely) found.
    expect(refinedCount).toBeGreaterThan(0);
  });

  it('measures the confidence around the answer: the refined point when there is one', () => {
    const run = cli('locate', ...photos, '--models', MODELS, '--index', index, '--json');
    expect(run.code, run.stderr).toBe(0);
    const plain = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Located);
    const fields = ['mass_within_1km', 'mass_within_25km', 'mass_within_200km', 'mass_within_750km', 'mass_within_2500km', 'radius_50_km', 'radius_90_km'];
    refinedLines.forEach((line, i) => {
      const without = plain[i]!;
      expect(without.confidence.around.source).toBe('top');
      expect(without.confidence.around.lat).toBeCloseTo(without.top.lat, 4);
      expect(without.confidence.around.lon).toBeCloseTo(without.top.lon, 4);
      // The country shares do not depend on the centre.
      expect(line.confidence.country_shares).toEqual(without.confidence.country_shares);
      if (line.answer.source === 'refined') {
        expect(line.confidence.around.source).toBe('refined');
        expect(line.confidence.around.lat).toBeCloseTo(line.answer.lat, 6);
        expect(line.confidence.around.lon).toBeCloseTo(line.answer.lon, 6);
        // Measured from another point, the masses and radii are not the top place's.
        expect(fields.map((f) => line.confidence[f])).not.toEqual(fields.map((f) => without.confidence[f]));
      } else {
        expect(line.confidence.around.source).toBe('top');
        expect(fields.map((f) => line.confidence[f])).toEqual(fields.map((f) => without.confidence[f]));
      }
    });
  });

  it('leaves the answer at the top gallery place without --refine', () => {
    const run = cli('locate', photos[0]!, '--models', MODELS, '--index', index, '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout) as Located;
    expect(line.refine).toBeUndefined();
    expect(line.answer).toMatchObject({ source: 'retrieval', lat: line.top.lat, lon: line.top.lon });
  });

  it('adds the refined point to the full method\'s final choice', () => {
    const run = cli('locate', photos[0]!, '--models', MODELS, '--index', index, '--mode', 'full', '--tokens', '24', '--refine', '--json');
    expect(run.code, run.stderr).toBe(0);
    const line = JSON.parse(run.stdout) as {
      final: { source: string; similarity: number; lat: number; lon: number };
      candidates: { source: string; similarity: number | null }[];
      refine: RefineJson;
      confidence: { around: { source: string; lat: number; lon: number }; radius_90_km: number };
    };
    const retrieval = line.candidates.find((c) => c.source === 'retrieval')!;
    const refined = line.candidates.find((c) => c.source === 'refined');
    expect(Boolean(refined)).toBe(line.refine.refined !== null);
    if (refined) {
      expect(refined.similarity!).toBeGreaterThan(retrieval.similarity!);
      expect(refined.similarity!).toBeCloseTo(line.refine.refined!.similarity, 4);
    }
    expect(line.final.similarity).toBeGreaterThanOrEqual(retrieval.similarity!);
    // How sure, around the final answer (named 'top' only when that is the top gallery place).
    expect(line.confidence.around.source).toBe(line.final.source === 'retrieval' ? 'top' : 'final');
    expect(line.confidence.around.lat).toBeCloseTo(line.final.lat, 5);
    expect(line.confidence.around.lon).toBeCloseTo(line.final.lon, 5);
    expect(line.confidence.radius_90_km).toBeGreaterThan(0);
  });

  it('evaluates with --refine: the predictions are the refined answers', () => {
    const manifest = join(dir, 'manifest.csv');
    writeFileSync(manifest, 'IMG_ID,LAT,LON\nphoto-0.jpg,48.8567,2.3522\nphoto-1.jpg,-33.9,18.4\n');
    const refined = cli('eval', manifest, '--images', dir, '--models', MODELS, '--index', index, '--out', join(dir, 'refined.csv'), '--refine', '--json');
    expect(refined.code, refined.stderr).toBe(0);
    expect(JSON.parse(refined.stdout)).toMatchObject({ refine: true, matched: 2 });
    const answers = refinedAnswers;
    expect(answers).toHaveLength(3);
    const written = readFileSync(join(dir, 'refined.csv'), 'utf8').trim().split('\n').slice(1);
    written.forEach((row, i) => {
      const [, lat, lon] = row.split(',').map(Number);
      expect([lat, lon]).toEqual([answers[i]!.lat, answers[i]!.lon]);
    });
  });
});
