// The cluemap's encoders end to end in Node, with the real transformers.js on the tiny models:
// the same code the browser worker runs (workers/lib/encoders.ts), through workers/node/encoders.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_CLIP_ID, TINY_EMBEDDER_ID, tinyClipFiles, tinyEmbedderFiles } from '../../../models/tiny/encoder-files';
import { writeModelFiles } from '../../../models/tiny/write-files';
import { buildCluemap } from '../../../src/core/cluemap/build';
import { cropRgb, type Pixels } from '../../../src/core/cluemap/crop';
import { clipTextOf } from '../../../src/core/cluemap/cue-text';
import { PATCH_COUNT } from '../../../src/core/cluemap/patch-grid';
import { limitForClip } from '../../../src/core/cluemap/text-limit';
import { entry } from '../../../src/core/cluemap/types';
import { findEncoder, loadEncoders, type NodeEncoders } from '../../../workers/node/encoders';
import { createRng } from '../../../models/tiny/rng';

let root = '';
let encoders: NodeEncoders;

/** A photo-like image: smooth gradients plus seeded noise, so every patch differs. */
function scene(width: number, height: number, channels: 3 | 4 = 3): Pixels {
  const rng = createRng(11);
  const data = new Uint8ClampedArray(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data[i] = (255 * x) / width + 40 * rng.next();
      data[i + 1] = (255 * y) / height + 40 * rng.next();
      data[i + 2] = 128 + 100 * Math.sin(x / 9) * Math.cos(y / 7);
      if (channels === 4) data[i + 3] = 255;
    }
  }
  return { width, height, channels, data };
}

function rows(data: Float32Array, dim: number): number[][] {
  return Array.from({ length: data.length / dim }, (_, r) => Array.from(data.subarray(r * dim, (r + 1) * dim)));
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const CUES = [
  { text: 'Clock tower', description: 'tall stone tower with a round clock face' },
  { text: 'Street sign', description: 'blue enamel plate with white letters' },
  { text: 'Palm trees', description: 'a row of palms along the sea front' },
  { text: 'Yellow taxi', description: '' },
  { text: 'Overcast sky', description: 'grey clouds, soft light' },
  { text: 'Tram lines', description: 'rails set into the cobbles' },
];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whereabouts-enc-'));
  writeModelFiles(root, [...tinyClipFiles(), ...tinyEmbedderFiles()]);
  encoders = await loadEncoders(findEncoder('clip', root), findEncoder('embedder', root));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('loading', () => {
  it('finds the tiny models in a models folder and says they are test models', () => {
    expect(encoders.info.clip).toMatchObject({ key: 'tiny-clip', id: TINY_CLIP_ID, dim: 16, contextTokens: 77, tiny: true });
    expect(encoders.info.embedder).toMatchObject({ key: 'tiny-embedder', id: TINY_EMBEDDER_ID, dim: 24, tiny: true });
  });

  it('names a broken file in the error', async () => {
    const broken = (name: string, file: string, bytes: (original: Buffer) => Uint8Array | string) => {
      const dir = join(root, 'broken', name);
      writeModelFiles(dir, [...tinyClipFiles(), ...tinyEmbedderFiles()]);
      const path = join(dir, file);
      writeFileSync(path, bytes(readFileSync(path)));
      return dir;
    };
    const cut = (b: Buffer) => b.subarray(0, b.length >> 1);
    const cases: [string, string, (b: Buffer) => Uint8Array | string][] = [
      ['text', `${TINY_CLIP_ID}/onnx/text_model.onnx`, cut],
      ['vision', `${TINY_CLIP_ID}/onnx/vision_model.onnx`, () => new Uint8Array()],
      ['tokenizer', `${TINY_CLIP_ID}/tokenizer.json`, cut],
      ['tokenizer-config', `${TINY_CLIP_ID}/tokenizer_config.json`, cut],
      ['config', `${TINY_EMBEDDER_ID}/config.json`, () => 'not json'],
      ['embedder', `${TINY_EMBEDDER_ID}/onnx/model.onnx`, cut],
    ];
    for (const [name, file, damage] of cases) {
      const dir = broken(name, file, damage);
      const attempt = loadEncoders(findEncoder('clip', dir), findEncoder('embedder', dir));
      await expect(attempt, file).rejects.toThrow(file.slice(file.indexOf('/', 'whereabouts/'.length) + 1));
    }
  });

  it('says which model is missing from a models folder', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    expect(() => findEncoder('clip', empty)).toThrow(/No CLIP model was found/);
    expect(() => findEncoder('embedder', root, 'minilm')).toThrow(/Xenova\/all-MiniLM-L6-v2/);
  });
});

describe('patches', () => {
  it('encodes all patches in one batch, equal to encoding them one by one', async () => {
    const image = scene(160, 120, 4);
    const batch = await encoders.encodePatches(image);
    expect(batch.patches).toHaveLength(PATCH_COUNT);
    expect(batch.dim).toBe(16);
    expect(batch.embeddings).toHaveLength(PATCH_COUNT * 16);
    for (const patch of batch.patches) {
      const alone = await encoders.encodeImages([cropRgb(image, patch)]);
      expect(maxDifference(alone.embeddings, batch.embeddings.subarray(patch.index * 16, (patch.index + 1) * 16))).toBeLessThan(1e-5);
    }
  });

  it('gives unit rows that differ from patch to patch', async () => {
    const { embeddings, dim } = await encoders.encodePatches(scene(97, 131));
    const vectors = rows(embeddings, dim);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    for (let i = 1; i < vectors.length; i++) expect(maxDifference(vectors[0]!, vectors[i]!)).toBeGreaterThan(1e-4);
  });
});

describe('cue texts', () => {
  it('truncates a long cue to the text encoder context instead of failing', async () => {
    const long = Array.from({ length: 300 }, (_, i) => ['weathered', 'sandstone', 'arches', 'beside', 'harbour'][i % 5]).join(' ');
    const [whole, cut, longer] = await Promise.all([
      encoders.encodeCueTexts([long]),
      encoders.encodeCueTexts([limitForClip(long)]),
      encoders.encodeCueTexts([`${long} and many more words that can never be read`]),
    ]);
    expect(whole.embeddings).toHaveLength(16);
    expect(maxDifference(whole.embeddings, cut.embeddings)).toBeLessThan(1e-6);
    expect(maxDifference(whole.embeddings, longer.embeddings)).toBeLessThan(1e-6);
  });

  it('embeds a batch of texts as it embeds each alone, normalised, and different texts differently', async () => {
    const texts = CUES.map(clipTextOf);
    const batch = await encoders.encodeCueTexts(texts);
    for (const [i, text] of texts.entries()) {
      const alone = await encoders.encodeCueTexts([text]);
      expect(maxDifference(alone.embeddings, batch.embeddings.subarray(i * 16, (i + 1) * 16))).toBeLessThan(1e-5);
    }
    const vectors = rows(batch.embeddings, batch.dim);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(maxDifference(vectors[0]!, vectors[1]!)).toBeGreaterThan(1e-3);
  });

  it('handles an empty list and empty or non-Latin text', async () => {
    expect((await encoders.encodeCueTexts([])).embeddings).toHaveLength(0);
    const odd = await encoders.encodeCueTexts(['', '東京タワー 🚕 '.repeat(40)]);
    expect(odd.embeddings).toHaveLength(32);
    expect(Array.from(odd.embeddings).every(Number.isFinite)).toBe(true);
  });
});

describe('sentence embedder', () => {
  it('gives L2-normalised rows that depend on the text', async () => {
    const { embeddings, dim } = await encoders.embedCues(CUES.map((cue) => `${cue.text}: ${cue.description}`));
    expect(dim).toBe(24);
    const vectors = rows(embeddings, dim);
    expect(vectors).toHaveLength(CUES.length);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(maxDifference(vectors[0]!, vectors[1]!)).toBeGreaterThan(1e-3);
  });
});

describe('cluemap inputs', () => {
  it('gives matrices that buildCluemap turns into three clue sets holding every cue', async () => {
    const inputs = await encoders.cluemapInputs(scene(120, 90), CUES);
    expect(inputs.cuePatch).toMatchObject({ rows: CUES.length, cols: PATCH_COUNT });
    expect(inputs.cueCue).toMatchObject({ rows: CUES.length, cols: CUES.length });
    for (const v of Array.from(inputs.cuePatch.values)) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-9);
    for (let i = 0; i < CUES.length; i++) expect(entry(inputs.cueCue, i, i)).toBeCloseTo(1, 5);
    expect(inputs.patches.embeddings).toHaveLength(PATCH_COUNT * 16);
    expect(inputs.sentences.embeddings).toHaveLength(CUES.length * 24);

    const cluemap = buildCluemap(inputs.cues, inputs.cuePatch, inputs.cueCue);
    expect(cluemap.clueSets).toHaveLength(3);
    const placed = cluemap.clueSets.flatMap((set) => [set.primary.index, ...set.attached.map((cue) => cue.index)]);
    expect(placed.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const strengths = cluemap.clueSets.map((set) => set.primary.relationshipStrength);
    expect([...strengths].sort((a, b) => b - a)).toEqual(strengths);
  });

  it('is the same for the same photo and cues, and changes with the photo', async () => {
    const [a, b, c] = await Promise.all([
      encoders.cluemapInputs(scene(120, 90), CUES),
      encoders.cluemapInputs(scene(120, 90), CUES),
      encoders.cluemapInputs(scene(90, 120), CUES),
    ]);
    expect(Array.from(b.cuePatch.values)).toEqual(Array.from(a.cuePatch.values));
    expect(maxDifference(a.cuePatch.values, c.cuePatch.values)).toBeGreaterThan(1e-4);
    expect(Array.from(c.cueCue.values)).toEqual(Array.from(a.cueCue.values));
  });
});
