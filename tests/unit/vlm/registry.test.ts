import { describe, expect, it } from 'vitest';
import { REGISTRY, customVlmEntry, filesFor, findEntry, vlmDtypes, type VlmEntry } from '../../../models/registry';
import { resolveVlmEntry } from '../../../workers/lib/vlm-entry';

const vlms = REGISTRY.filter((entry): entry is VlmEntry => entry.kind === 'vlm');

describe('VLM registry entries', () => {
  it('has the agreed keys', () => {
    expect(vlms.map((entry) => entry.key)).toEqual(['smolvlm-256m', 'smolvlm-500m', 'qwen2-vl-2b', 'tiny-vlm']);
  });

  it('never gives WebGPU a q8 decoder, nor fp16 without shader-f16', () => {
    for (const entry of vlms) {
      for (const f16 of [true, false]) {
        const dtypes = vlmDtypes(entry, 'webgpu', f16);
        expect(dtypes.decoder_model_merged).not.toBe('q8');
        if (!f16) expect(Object.values(dtypes)).not.toContain('fp16');
        expect(dtypes.decoder_model_merged).not.toBe('int8');
      }
    }
  });

  it('lists the three ONNX parts with sizes for the real models, fp32 files only for the tiny one', () => {
    const files = filesFor(findEntry('smolvlm-256m')!, 'wasm', false).map((file) => file.path);
    expect(files).toContain('processor_config.json');
    expect(files.filter((path) => path.startsWith('onnx/'))).toEqual([
      'onnx/vision_encoder_int8.onnx',
      'onnx/embed_tokens_int8.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]);
    expect(filesFor(findEntry('smolvlm-256m')!, 'webgpu', false).filter((file) => file.path.startsWith('onnx/'))).toEqual([
      { path: 'onnx/vision_encoder_int8.onnx', bytes: 94.2e6 },
      { path: 'onnx/embed_tokens.onnx', bytes: 114e6 },
      { path: 'onnx/decoder_model_merged_q4.onnx', bytes: 86.9e6 },
    ]);
    expect(filesFor(findEntry('smolvlm-256m')!, 'webgpu', true).filter((file) => file.path.startsWith('onnx/')).map((file) => file.path)).toEqual([
      'onnx/vision_encoder_fp16.onnx',
      'onnx/embed_tokens_fp16.onnx',
      'onnx/decoder_model_merged_fp16.onnx',
    ]);
    expect(filesFor(findEntry('smolvlm-256m')!, 'webgpu', false).every((file) => !file.path.startsWith('onnx/') || file.bytes! > 0)).toBe(true);
    for (const device of ['webgpu', 'wasm'] as const) {
      expect(filesFor(findEntry('tiny-vlm')!, device, true).filter((f) => f.path.startsWith('onnx/')).map((f) => f.path)).toEqual([
        'onnx/vision_encoder.onnx',
        'onnx/embed_tokens.onnx',
        'onnx/decoder_model_merged.onnx',
      ]);
    }
  });

  it('makes an entry for a model id the user types, and refuses text that is not one', () => {
    const custom = customVlmEntry(' onnx-community/FastVLM-0.5B-ONNX ');
    expect(custom).toMatchObject({ kind: 'vlm', key: 'custom:onnx-community/FastVLM-0.5B-ONNX', family: 'custom', revision: 'main' });
    expect(findEntry('custom:onnx-community/FastVLM-0.5B-ONNX')?.id).toBe('onnx-community/FastVLM-0.5B-ONNX');
    expect(customVlmEntry('HuggingFaceTB/SmolVLM-256M-Instruct')?.key).toBe('smolvlm-256m');
    for (const bad of ['', 'no-slash', '../etc/passwd', 'a/b/c', 'https://evil.example/x']) expect(customVlmEntry(bad)).toBeNull();
    expect(() => resolveVlmEntry('geoclip-large')).toThrow(/not a vision-language model/);
    expect(() => resolveVlmEntry('nothing')).toThrow(expect.objectContaining({ code: 'unknown-model' }));
    expect(resolveVlmEntry('onnx-community/Qwen2-VL-2B-Instruct').key).toBe('qwen2-vl-2b');
  });
});
