// SmolVLM-256M's real processor settings (image splitting at up to 2048 px) through transformers.js:
// on WASM the app caps the split at 1024 px, which bounds the vision encoder's passes per photo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AutoProcessor, RawImage, type Tensor } from '@huggingface/transformers';
import { realSmolVlmFiles } from '../../../models/tiny/real-size';
import { writeModelFiles } from '../../../models/tiny/write-files';
import type { ModelFile } from '../../../models/tiny/model-files';
import { capImageTiles, WASM_VLM_LONGEST_EDGE } from '../../../workers/lib/vlm-tiles';

const root = mkdtempSync(join(tmpdir(), 'whereabouts-tiles-'));
// Only the JSON files: the processor needs no weights.
const configs = realSmolVlmFiles().filter((file): file is ModelFile => 'bytes' in file);
writeModelFiles(root, configs);
const folder = join(root, 'HuggingFaceTB/SmolVLM-256M-Instruct');
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function imagesFor(width: number, height: number, cap: boolean): Promise<number> {
  const processor = await AutoProcessor.from_pretrained(folder);
  if (cap) expect(capImageTiles(processor)).toBe(true);
  const photo = new RawImage(new Uint8ClampedArray(width * height * 3).fill(128), width, height, 3);
  const prompt = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Where?' }] }] as never, { add_generation_prompt: true }) as string;
  const inputs = await processor(prompt, [photo]);
  return (inputs.pixel_values as Tensor).dims[1]!;
}

describe('image tiles on WASM', () => {
  it('splits a 2048 x 1536 photo into 12 tiles and an overview with the model\'s own settings', async () => {
    expect(await imagesFor(2048, 1536, false)).toBe(13);
  });
  it(`caps the split at ${WASM_VLM_LONGEST_EDGE} px: 2 x 2 tiles and the overview`, async () => {
    expect(await imagesFor(2048, 1536, true)).toBe(5);
  });
  it('leaves a model without splitting alone', async () => {
    const processor = await AutoProcessor.from_pretrained(folder);
    (processor as unknown as { image_processor: { do_image_splitting: boolean } }).image_processor.do_image_splitting = false;
    expect(capImageTiles(processor)).toBe(false);
  });
});
