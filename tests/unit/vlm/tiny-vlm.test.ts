// The generated VLM files themselves: layout, determinism, the decoder's cache, the tokenizer.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyVlmFiles, tinyVlmSpec, TINY_VLM_ID } from '../../../models/tiny/vlm-files';
import { decoderOnnx, embedTokensOnnx, imageSeqLen, pastName, presentName, visionEncoderOnnx } from '../../../models/tiny/vlm';
import { writeModelFiles } from '../../../models/tiny/write-files';

const spec = tinyVlmSpec();

describe('tiny VLM files', () => {
  it('are byte-identical on every build', () => {
    const first = tinyVlmFiles();
    const second = tinyVlmFiles();
    expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
    first.forEach((file, i) => expect(Buffer.from(second[i]!.bytes).equals(Buffer.from(file.bytes))).toBe(true));
  });

  it('are laid out like HuggingFaceTB/SmolVLM-256M-Instruct, fp32 only', () => {
    const paths = tinyVlmFiles().map((f) => f.path.slice(TINY_VLM_ID.length + 1));
    expect(paths).toEqual([
      'config.json',
      'generation_config.json',
      'preprocessor_config.json',
      'processor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'onnx/vision_encoder.onnx',
      'onnx/embed_tokens.onnx',
      'onnx/decoder_model_merged.onnx',
      'whereabouts.json',
    ]);
  });
});

describe('tiny VLM graphs', () => {
  it('vision encoder: pixel_values + pixel_attention_mask -> image_features [images, image_seq_len, hidden]', async () => {
    const session = await ort.InferenceSession.create(visionEncoderOnnx(spec));
    expect(session.inputNames).toEqual(['pixel_values', 'pixel_attention_mask']);
    expect(session.outputNames).toEqual(['image_features']);
    const size = spec.imageSize;
    const pixels = new Float32Array(2 * 3 * size * size).map((_, i) => Math.sin(i / 31));
    const mask = new Uint8Array(2 * size * size).fill(1);
    const { image_features } = await session.run({
      pixel_values: new ort.Tensor('float32', pixels, [1, 2, 3, size, size]),
      pixel_attention_mask: new ort.Tensor('bool', mask, [1, 2, size, size]),
    });
    expect(image_features!.dims).toEqual([2, imageSeqLen(spec), spec.hidden]);
    await session.release();
  });

  it('embed_tokens: input_ids -> inputs_embeds', async () => {
    const session = await ort.InferenceSession.create(embedTokensOnnx(spec));
    const { inputs_embeds } = await session.run({ input_ids: new ort.Tensor('int64', BigInt64Array.of(1n, 5n, 9n), [1, 3]) });
    expect(inputs_embeds!.dims).toEqual([1, 3, spec.hidden]);
    await session.release();
  });

  it('decoder: present = past + new along the sequence, and one cached step equals the full recomputation', async () => {
    const session = await ort.InferenceSession.create(decoderOnnx(spec));
    const { hidden, kvHeads, headDim, layers, vocabSize } = spec;
    const length = 7;
    const embeds = new Float32Array((length + 1) * hidden).map((_, i) => Math.cos(i * 0.37));
    const cache = (size: number, from?: ort.InferenceSession.OnnxValueMapType) =>
      Object.fromEntries(
        Array.from({ length: layers }, (_, layer) =>
          (['key', 'value'] as const).map((kind) => [
            pastName(layer, kind),
            from ? from[presentName(layer, kind)]! : new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, size, headDim]),
          ]),
        ).flat(),
      );
    const run = (start: number, count: number, past: Record<string, ort.Tensor | ort.OnnxValue>) =>
      session.run({
        inputs_embeds: new ort.Tensor('float32', embeds.slice(start * hidden, (start + count) * hidden), [1, count, hidden]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(start + count).fill(1n), [1, start + count]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: count }, (_, i) => BigInt(start + i)), [1, count]),
        ...past,
      });

    const prefill = await run(0, length, cache(0));
    expect(prefill[presentName(0, 'key')]!.dims).toEqual([1, kvHeads, length, headDim]);
    const step = await run(length, 1, cache(0, prefill));
    expect(step[presentName(layers - 1, 'value')]!.dims).toEqual([1, kvHeads, length + 1, headDim]);
    expect(step.logits!.dims).toEqual([1, 1, vocabSize]);

    const full = await run(0, length + 1, cache(0));
    const fullLast = (full.logits!.data as Float32Array).subarray(length * vocabSize);
    const stepped = step.logits!.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < vocabSize; i++) worst = Math.max(worst, Math.abs(fullLast[i]! - stepped[i]!));
    expect(worst).toBeLessThan(1e-4);
    await session.release();
  });
});

describe('tiny VLM tokenizer', () => {
  it('tokenises any text, keeps the image tokens whole, and lays out a chat like SmolVLM', async () => {
    const root = mkdtempSync(join(tmpdir(), 'whereabouts-vlm-tok-'));
    try {
      writeModelFiles(root, tinyVlmFiles());
      env.localModelPath = `${root}/`;
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      const tokenizer = await AutoTokenizer.from_pretrained(TINY_VLM_ID);
      const text = 'Straße in Zürich, 東京 🗼 — the city near the river\n';
      const ids = tokenizer.encode(text, { add_special_tokens: false });
      expect(tokenizer.decode(ids)).toBe(text);
      expect(ids.length).toBeLessThan(new TextEncoder().encode(text).length); // the merges did something
      for (const special of ['<image>', '<fake_token_around_image>', '<global-img>', '<row_2_col_3>', '<end_of_utterance>']) {
        expect(tokenizer.encode(special, { add_special_tokens: false })).toHaveLength(1);
      }
      const chat = tokenizer.apply_chat_template(
        [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Where?' }] },
        ],
        { tokenize: false, add_generation_prompt: true },
      );
      expect(chat).toBe('<|im_start|>System: Be brief.<end_of_utterance>\nUser:<image>Where?<end_of_utterance>\nAssistant:');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
