// The generated CLIP and sentence-embedder folders load with transformers.js' own classes, and
// their tokenizers and graphs behave like the real models' in the ways the app relies on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, CLIPTextModelWithProjection, Tensor, env, pipeline, type PreTrainedTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP_CONTEXT } from '../../../models/tiny/clip-tokenizer';
import { TINY_CLIP_ID, TINY_EMBEDDER_ID, tinyClipFiles, tinyEmbedderFiles } from '../../../models/tiny/encoder-files';
import { writeModelFiles } from '../../../models/tiny/write-files';

let root = '';
let clipTokenizer: PreTrainedTokenizer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'whereabouts-encoders-'));
  writeModelFiles(root, [...tinyClipFiles(), ...tinyEmbedderFiles()]);
  env.localModelPath = `${root}/`;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  clipTokenizer = await AutoTokenizer.from_pretrained(TINY_CLIP_ID);
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const fileOf = (files: { path: string; bytes: Uint8Array }[], name: string) => files.find((f) => f.path.endsWith(name))!.bytes;
const LONG = Array.from({ length: 120 }, (_, i) => ['red', 'brick', 'tower', 'near', 'harbour'][i % 5]).join(' ');

describe('tiny CLIP and embedder files', () => {
  it('are byte-identical on every build and laid out like the real repositories', () => {
    for (const make of [tinyClipFiles, tinyEmbedderFiles]) {
      const [a, b] = [make(), make()];
      expect(b.map((f) => f.path)).toEqual(a.map((f) => f.path));
      a.forEach((file, i) => expect(Buffer.from(b[i]!.bytes).equals(Buffer.from(file.bytes))).toBe(true));
    }
    expect(tinyClipFiles().map((f) => f.path.slice(TINY_CLIP_ID.length + 1))).toEqual([
      'config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/vision_model.onnx', 'onnx/text_model.onnx', 'whereabouts.json',
    ]);
    expect(tinyEmbedderFiles().map((f) => f.path.slice(TINY_EMBEDDER_ID.length + 1))).toEqual([
      'config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'whereabouts.json',
    ]);
  });

  it('have the real tensor names', async () => {
    const names = async (bytes: Uint8Array) => {
      const session = await ort.InferenceSession.create(bytes);
      const found = { inputs: session.inputNames, outputs: session.outputNames };
      await session.release();
      return found;
    };
    expect(await names(fileOf(tinyClipFiles(), 'vision_model.onnx'))).toEqual({ inputs: ['pixel_values'], outputs: ['image_embeds'] });
    expect(await names(fileOf(tinyClipFiles(), 'text_model.onnx'))).toEqual({ inputs: ['input_ids', 'attention_mask'], outputs: ['text_embeds'] });
    expect(await names(fileOf(tinyEmbedderFiles(), 'model.onnx'))).toEqual({
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      outputs: ['last_hidden_state'],
    });
  });
});

describe('tiny CLIP tokenizer', () => {
  it('wraps text in the start and end markers, the two largest ids', () => {
    const ids = clipTokenizer.encode('A Red  brick TOWER');
    const vocabSize = clipTokenizer.get_vocab().size ?? Object.keys(clipTokenizer.get_vocab()).length;
    expect(ids[0]).toBe(vocabSize - 2);
    expect(ids[ids.length - 1]).toBe(vocabSize - 1);
    expect(clipTokenizer.decode(ids, { skip_special_tokens: true }).trim()).toBe('a red brick tower');
  });

  it('reads any text, byte by byte where its vocabulary ends', () => {
    const ids = clipTokenizer.encode('Zürich 東京 🚕');
    expect(ids.length).toBeGreaterThan(6);
    expect(clipTokenizer.decode(ids, { skip_special_tokens: true }).replace(/\s+/g, '')).toBe('zürich東京🚕');
  });

  it('has a 77-token context, and plain truncation loses the end marker (why the app cuts ids itself)', () => {
    expect(clipTokenizer.model_max_length).toBe(CLIP_CONTEXT);
    expect(clipTokenizer.encode(LONG).length).toBeGreaterThan(CLIP_CONTEXT);
    const cut = clipTokenizer(LONG, { truncation: true, return_tensor: false }) as unknown as { input_ids: number[] };
    expect(cut.input_ids).toHaveLength(CLIP_CONTEXT);
    expect(cut.input_ids[CLIP_CONTEXT - 1]).not.toBe(clipTokenizer.eos_token_id);
  });
});

describe('tiny CLIP text model', () => {
  const run = async (rows: number[][], mask?: number[][]) => {
    const model = await CLIPTextModelWithProjection.from_pretrained(TINY_CLIP_ID, { device: 'cpu', dtype: 'fp32' });
    const width = rows[0]!.length;
    const tensor = (values: number[][]) => new Tensor('int64', BigInt64Array.from(values.flat(), BigInt), [values.length, width]);
    const output = await model({ input_ids: tensor(rows), attention_mask: tensor(mask ?? rows.map((r) => r.map(() => 1))) });
    await model.dispose();
    return Array.from(output.text_embeds.data as Float32Array);
  };

  it('depends on every token before the end marker, and on nothing after it', async () => {
    const a = clipTokenizer.encode('red brick tower');
    const b = clipTokenizer.encode('blue brick tower');
    const [ea, eb] = [await run([a]), await run([b])];
    expect(ea).toHaveLength(16);
    expect(Math.max(...ea.map((v, i) => Math.abs(v - eb[i]!)))).toBeGreaterThan(1e-3);
    const end = clipTokenizer.eos_token_id!;
    const padded = await run([[...a, end, end]], [[...a.map(() => 1), 0, 0]]);
    padded.forEach((v, i) => expect(v).toBeCloseTo(ea[i]!, 5));
  });
});

describe('tiny sentence embedder', () => {
  it('gives mean-pooled, normalised, text-dependent embeddings through the feature-extraction pipeline', async () => {
    const extract = await pipeline('feature-extraction', TINY_EMBEDDER_ID, { device: 'cpu', dtype: 'fp32' });
    const output = await extract(['a tall stone tower', 'a tall stone bridge', 'a tall stone tower'], { pooling: 'mean', normalize: true });
    expect(output.dims).toEqual([3, 24]);
    const rows = [0, 1, 2].map((r) => Array.from((output.data as Float32Array).subarray(r * 24, (r + 1) * 24)));
    for (const row of rows) expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    expect(Math.max(...rows[0]!.map((v, i) => Math.abs(v - rows[1]![i]!)))).toBeGreaterThan(1e-3);
    rows[0]!.forEach((v, i) => expect(v).toBeCloseTo(rows[2]![i]!, 6));
    // A shorter text padded in a batch embeds as it does alone.
    const alone = await extract(['tower'], { pooling: 'mean', normalize: true });
    const batched = await extract(['tower', 'a much longer sentence about a harbour'], { pooling: 'mean', normalize: true });
    Array.from((alone.data as Float32Array)).forEach((v, i) => expect((batched.data as Float32Array)[i]).toBeCloseTo(v, 5));
    await extract.dispose();
  });
});
