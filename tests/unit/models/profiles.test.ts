import { describe, expect, test } from 'vitest';
import { PROFILES, findProfile, planProfile } from '../../../models/profiles';
import { REGISTRY, findEntry, type GeoclipEntry } from '../../../models/registry';
import { parseManifest } from '../../../models/manifest';

describe('model profiles', () => {
  test('small, quality and test name the agreed registry keys', () => {
    expect(findProfile('small')!.keys).toEqual(['geoclip-large', 'smolvlm-256m', 'clip-base', 'minilm']);
    expect(findProfile('quality')!.keys).toEqual(['geoclip-large', 'qwen2-vl-2b', 'clip-large', 'e5-small']);
    expect(findProfile('test')!.keys).toEqual(['tiny-geoclip', 'tiny-vlm', 'tiny-clip', 'tiny-embedder']);
    expect(PROFILES.map((p) => p.name)).toEqual(['small', 'quality', 'test']);
  });

  test('the total size is the sum of the registry sizes of the files the device needs', () => {
    const geoclip = findEntry('geoclip-large') as GeoclipEntry;
    const only = { ...findProfile('small')!, keys: ['geoclip-large'] };
    const wasm = planProfile(only, ['wasm']);
    expect(wasm.bytes).toBe(geoclip.vision.bytes.q8! + geoclip.location.bytes.fp32!);
    expect(wasm.unsized).toBe(2); // config.json and preprocessor_config.json
    // Every device: the vision model in q8, fp32 and fp16, the location model once.
    const all = planProfile(only);
    expect(all.bytes).toBe(geoclip.vision.bytes.q8! + geoclip.vision.bytes.fp32! + geoclip.vision.bytes.fp16! + geoclip.location.bytes.fp32!);
    expect(all.models[0]!.files.map((f) => f.path)).toContain('onnx/vision_model_fp16.onnx');
  });

  test('keys the registry lacks are reported as missing, not counted', () => {
    const plan = planProfile(findProfile('small')!, ['wasm'], REGISTRY.filter((e) => e.key !== 'geoclip-large'));
    expect(plan.missing).toContain('geoclip-large');
    expect(plan.models.map((m) => m.entry.key)).not.toContain('geoclip-large');
  });
});

describe('model manifest', () => {
  test('keeps well-formed file records and drops the rest', () => {
    const text = JSON.stringify({
      id: 'a/b',
      revision: 'main',
      host: 'https://hub.example/',
      files: [
        { path: 'onnx/x.onnx', size: 10, sha256: 'a'.repeat(64) },
        { path: 'config.json', size: 3, gitOid: 'b'.repeat(40) },
        { path: 'bad.json', size: -1 },
        { path: 'short.onnx', size: 1, sha256: 'abc' },
      ],
    });
    const manifest = parseManifest(text)!;
    expect(manifest.files).toEqual([
      { path: 'onnx/x.onnx', size: 10, sha256: 'a'.repeat(64) },
      { path: 'config.json', size: 3, gitOid: 'b'.repeat(40) },
      { path: 'short.onnx', size: 1 },
    ]);
    expect(parseManifest('not json')).toBeNull();
    expect(parseManifest('{"id":1}')).toBeNull();
  });
});
