// The tiny VLM through the real transformers.js and onnxruntime-node, as the CLI loads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tensor } from '@huggingface/transformers';
import { loadVlmNode, type NodeVlm } from '../../../workers/node/vlm';
import type { VlmRequest } from '../../../src/bridge/types';
import { syntheticPixels, writeTinyFolder, type TinyFolder } from './tiny-folder';
import { watchForAnswer } from '../../../workers/lib/vlm-generate';

let folder: TinyFolder;
let vlm: NodeVlm;

const photoRequest = (maxNewTokens: number): VlmRequest => ({
  pixels: syntheticPixels(48, 36),
  messages: [
    { role: 'system', text: 'Answer briefly.' },
    { role: 'user', text: 'Which country is this?' },
  ],
  maxNewTokens,
});

beforeAll(async () => {
  folder = writeTinyFolder();
  vlm = await loadVlmNode(folder.model);
});

afterAll(async () => {
  await vlm?.dispose();
  folder?.remove();
});

describe('tiny VLM generation', () => {
  it('loads as the registry entry tiny-vlm, fp32 on every session', () => {
    expect(vlm.info).toMatchObject({ key: 'tiny-vlm', id: 'whereabouts/tiny-vlm', revision: 'generated', tiny: true, dtype: 'fp32' });
    expect(Object.values(vlm.info.dtypes)).toEqual(['fp32', 'fp32', 'fp32']);
  });

  it('streams pieces in order that join to the final text', async () => {
    const pieces: string[] = [];
    const result = await vlm.generate(photoRequest(24), { onToken: (piece) => pieces.push(piece) });
    expect(result.tokenCount).toBe(24);
    expect(result.stopped).toBe(false);
    expect(result.text.length).toBeGreaterThan(0);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(result.text);
    expect(result.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(result.tokensPerSecond).toBeGreaterThan(0);
  });

  it('is deterministic: the same request gives the same text', async () => {
    const first = await vlm.generate(photoRequest(16));
    const second = await vlm.generate(photoRequest(16));
    expect(second.text).toBe(first.text);
  });

  it('looks at the photo: another image changes the answer', async () => {
    const first = await vlm.generate(photoRequest(16));
    const other = await vlm.generate({ ...photoRequest(16), pixels: syntheticPixels(20, 60) });
    expect(other.text).not.toBe(first.text);
  });

  it('runs the vision encoder once for several questions about one photo, and again for another photo', async () => {
    const session = (vlm.runtime.model as unknown as { sessions: Record<string, { run: (...args: unknown[]) => Promise<unknown> }> }).sessions.vision_encoder!;
    const run = session.run.bind(session);
    let runs = 0;
    session.run = (...args) => {
      runs++;
      return run(...args);
    };
    try {
      const photo = syntheticPixels(44, 33);
      const first = await vlm.generate({ ...photoRequest(8), pixels: photo });
      const again = await vlm.generate({ ...photoRequest(8), pixels: syntheticPixels(44, 33), messages: [{ role: 'user', text: 'Name the country.' }] });
      expect(runs).toBe(1);
      expect(first.text.length).toBeGreaterThan(0);
      expect(again.text.length).toBeGreaterThan(0);
      await vlm.generate({ ...photoRequest(8), pixels: syntheticPixels(30, 50) });
      expect(runs).toBe(2);
      // The reused features give the answer a fresh encoding would.
      const repeated = await vlm.generate({ ...photoRequest(8), pixels: photo });
      expect(repeated.text).toBe(first.text);
    } finally {
      session.run = run;
    }
  });

  it('answers a text-only conversation (no photo)', async () => {
    const result = await vlm.generate({
      pixels: null,
      messages: [
        { role: 'user', text: 'Where is this?' },
        { role: 'assistant', text: 'Somewhere in Europe.' },
        { role: 'user', text: 'The signs are Dutch.' },
      ],
      maxNewTokens: 8,
    });
    expect(result.tokenCount).toBe(8);
  });

  it('Stop ends the answer early and keeps what was written', async () => {
    const controller = new AbortController();
    const pieces: string[] = [];
    const result = await vlm.generate(photoRequest(200), {
      signal: controller.signal,
      onToken: (piece) => {
        pieces.push(piece);
        controller.abort();
      },
    });
    expect(result.stopped).toBe(true);
    expect(result.tokenCount).toBeLessThan(200);
    expect(result.text.startsWith(pieces[0]!)).toBe(true);
  });

  it('uses the key/value cache and gets the same tokens as recomputing everything each step', async () => {
    const steps = 8;
    const request = photoRequest(steps);
    const cached = await vlm.generate(request);

    // Greedy decoding by hand, each step a full forward pass over the whole sequence and no cache.
    const model = vlm.runtime.model as unknown as { forward(inputs: object): Promise<{ logits: Tensor }> };
    const processor = vlm.runtime.processor as any;
    const { RawImage } = await import('@huggingface/transformers');
    const prompt = processor.apply_chat_template(
      [
        { role: 'system', content: [{ type: 'text', text: 'Answer briefly.' }] },
        { role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Which country is this?' }] },
      ],
      { add_generation_prompt: true },
    );
    const pixels = request.pixels!;
    const inputs = await processor(prompt, [new RawImage(pixels.data, pixels.width, pixels.height, 4).rgb()]);
    const ids: bigint[] = Array.from(inputs.input_ids.data as BigInt64Array);
    const promptLength = ids.length;
    for (let step = 0; step < steps; step++) {
      const inputIds = new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]);
      const mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
      const { logits } = await model.forward({ input_ids: inputIds, attention_mask: mask, pixel_values: inputs.pixel_values, pixel_attention_mask: inputs.pixel_attention_mask });
      const vocab = logits.dims.at(-1)!;
      const last = (logits.data as Float32Array).subarray(logits.data.length - vocab);
      let best = 0;
      for (let i = 1; i < vocab; i++) if (last[i]! > last[best]!) best = i;
      ids.push(BigInt(best));
    }
    const recomputed = processor.tokenizer.decode(ids.slice(promptLength), { skip_special_tokens: true });
    expect(cached.text).toBe(recomputed);
  });

  it('refuses a bad request with a clear error and code', async () => {
    await expect(vlm.generate({ pixels: null, messages: [], maxNewTokens: 4 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(vlm.generate({ pixels: null, messages: [{ role: 'user', text: 'hi' }], maxNewTokens: 0 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(
      vlm.generate({ pixels: { width: 4, height: 4, data: new Uint8ClampedArray(10) }, messages: [{ role: 'user', text: 'hi' }], maxNewTokens: 4 }),
    ).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('tiny VLM load failures', () => {
  it('names the truncated decoder file', async () => {
    const failure = loadVlmNode(folder.truncatedDecoder);
    await expect(failure).rejects.toMatchObject({ code: 'model-broken' });
    await expect(failure).rejects.toThrow(/onnx\/decoder_model_merged\.onnx/);
  });

  it('names the missing embeddings file', async () => {
    const failure = loadVlmNode(folder.missingEmbeddings);
    await expect(failure).rejects.toMatchObject({ code: 'model-missing' });
    await expect(failure).rejects.toThrow(/embed_tokens\.onnx/);
  });
});

describe('stopping at a closed answer', () => {
  it('calls the stop once, on the piece that closes the JSON answer', () => {
    const reply = 'The trams and tiles point to Lisbon.\n```json\n{"country": "Portugal", "city": "Lisbon", "lat": 38.7223, "lon": -9.1393, "reasons": ["yellow {tram} 28"]}\n```\nUser: and now tell me';
    const pieces = reply.match(/\S+\s*/g)!;
    let stoppedAt = -1;
    let calls = 0;
    const watch = watchForAnswer(() => calls++);
    pieces.forEach((piece, index) => {
      watch(piece);
      if (calls === 1 && stoppedAt === -1) stoppedAt = index;
    });
    expect(calls).toBe(1);
    expect(pieces.slice(0, stoppedAt + 1).join('')).toMatch(/"yellow \{tram\} 28"\]\}\n$/);
  });

  it('lets a reply with no answer run to its length, and is not the user pressing Stop', async () => {
    const result = await vlm.generate({ ...photoRequest(16), stopAtAnswer: true });
    expect(result.tokenCount).toBe(16);
    expect(result.stopped).toBe(false);
  });
});
