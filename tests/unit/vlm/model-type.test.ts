import { describe, expect, test } from 'vitest';
import { canonicalModelType, vlmClassFor } from '../../../models/model-type';

describe('model type names', () => {
  test("the hub's qwen2_vl and the older qwen2-vl load with the same class", () => {
    expect(canonicalModelType('qwen2_vl')).toBe('qwen2_vl');
    expect(canonicalModelType('qwen2-vl')).toBe('qwen2_vl');
    expect(canonicalModelType('Qwen2-VL')).toBe('qwen2_vl');
    expect(vlmClassFor(canonicalModelType('qwen2-vl'))).toBe('qwen2_vl');
    expect(vlmClassFor(canonicalModelType('idefics3'))).toBe('idefics3');
    expect(vlmClassFor(canonicalModelType('llava_qwen2'))).toBe('auto');
    expect(canonicalModelType(undefined)).toBeNull();
  });
});
