import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/core/retrieve/errors';
import { fp16ToFloat32 } from '../../../src/core/retrieve/fp16';
import { normalised, quantiseFp16, quantiseInt8 } from '../../../src/core/retrieve/quantize';
import { captureError, randomMatrix } from './helpers';

describe('quantisation', () => {
  it('normalises to unit length and rejects zero or non-finite vectors', () => {
    const unit = normalised([3, 4], 'test vector');
    expect([...unit]).toEqual([0.6, 0.8]);
    expect((captureError(() => normalised([0, 0], 'test vector')) as IndexError).code).toBe('bad-input');
    expect((captureError(() => normalised([1, NaN], 'test vector')) as IndexError).message).toMatch(/not a finite number/);
  });

  it('int8: every element within half a step, so a cosine moves by at most sqrt(dim) * scale / 2', () => {
    const dim = 512;
    const rows = randomMatrix(50, dim, 11);
    const query = normalised(randomMatrix(1, dim, 12), 'query');
    for (let r = 0; r < 50; r++) {
      const unit = normalised(rows.subarray(r * dim, (r + 1) * dim), 'row');
      const q = new Int8Array(dim);
      const scale = quantiseInt8(unit, q, 0);
      let maxAbs = 0;
      let cosineError = 0;
      for (let j = 0; j < dim; j++) {
        maxAbs = Math.max(maxAbs, Math.abs(unit[j]!));
        const error = q[j]! * scale - unit[j]!;
        expect(Math.abs(error)).toBeLessThanOrEqual(scale / 2 + 1e-7 * scale);
        cosineError += error * query[j]!;
      }
      expect(scale).toBeCloseTo(maxAbs / 127, 7);
      expect(Math.max(...q.map(Math.abs))).toBe(127);
      expect(Math.abs(cosineError)).toBeLessThanOrEqual((Math.sqrt(dim) * scale) / 2);
    }
  });

  it('fp16: every element within a relative 2^-11', () => {
    const dim = 64;
    const unit = normalised(randomMatrix(1, dim, 13), 'row');
    const halves = new Uint16Array(dim);
    quantiseFp16(unit, halves, 0);
    for (let j = 0; j < dim; j++) {
      expect(Math.abs(fp16ToFloat32(halves[j]!) - unit[j]!)).toBeLessThanOrEqual(Math.max(Math.abs(unit[j]!) * 2 ** -11, 2 ** -25));
    }
  });
});
