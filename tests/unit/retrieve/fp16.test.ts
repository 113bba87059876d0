import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/retrieve/random';
import { float32ToFp16, fp16DecodeTable, fp16ToFloat32 } from '../../../src/core/retrieve/fp16';

describe('fp16 conversion', () => {
  it('decodes known bit patterns', () => {
    expect(fp16ToFloat32(0x3c00)).toBe(1);
    expect(fp16ToFloat32(0xc000)).toBe(-2);
    expect(fp16ToFloat32(0x7bff)).toBe(65504);
    expect(fp16ToFloat32(0x0001)).toBe(2 ** -24);
    expect(fp16ToFloat32(0x0400)).toBe(2 ** -14);
    expect(fp16ToFloat32(0x7c00)).toBe(Infinity);
    expect(fp16ToFloat32(0xfc00)).toBe(-Infinity);
    expect(Object.is(fp16ToFloat32(0x8000), -0)).toBe(true);
    expect(fp16ToFloat32(0x7e00)).toBeNaN();
  });

  it('round-trips every non-NaN half exactly', () => {
    const mismatches: number[] = [];
    for (let half = 0; half < 0x10000; half++) {
      const value = fp16ToFloat32(half);
      if (!Number.isNaN(value) && float32ToFp16(value) !== half) mismatches.push(half);
    }
    expect(mismatches).toEqual([]);
    expect(fp16DecodeTable()[0x3555]).toBe(fp16ToFloat32(0x3555));
  });

  it('rounds to nearest, ties to even, including subnormals', () => {
    expect(float32ToFp16(1 + 2 ** -11)).toBe(0x3c00); // tie, even stays
    expect(float32ToFp16(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd rounds up
    expect(float32ToFp16(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    expect(float32ToFp16(2 ** -25)).toBe(0x0000);
    expect(float32ToFp16(3 * 2 ** -25)).toBe(0x0002);
    expect(float32ToFp16(2 ** -25 + 2 ** -35)).toBe(0x0001);
    expect(float32ToFp16(2 ** -14 - 2 ** -26)).toBe(0x0400); // carries into the smallest normal
    expect(float32ToFp16(1e-9)).toBe(0x0000);
    expect(float32ToFp16(-1e-9)).toBe(0x8000);
  });

  it('saturates to infinity and keeps NaN', () => {
    expect(float32ToFp16(65519)).toBe(0x7bff);
    expect(float32ToFp16(65520)).toBe(0x7c00);
    expect(float32ToFp16(1e10)).toBe(0x7c00);
    expect(float32ToFp16(-Infinity)).toBe(0xfc00);
    expect(fp16ToFloat32(float32ToFp16(NaN))).toBeNaN();
  });

  it('stays within half an ulp on random values', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 2000; n++) {
      const value = Math.fround((random() - 0.5) * 2 ** (Math.floor(random() * 30) - 15));
      const back = fp16ToFloat32(float32ToFp16(value));
      const exponent = Math.max(Math.floor(Math.log2(Math.abs(value))), -14);
      expect(Math.abs(back - value)).toBeLessThanOrEqual(2 ** (exponent - 11) * (1 + 1e-12));
    }
  });
});
