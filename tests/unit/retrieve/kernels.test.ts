import { describe, expect, it } from 'vitest';
import { buildIndexFromEmbeddings } from '../../../src/core/retrieve/build';
import { createScoreKernel } from '../../../src/core/retrieve/kernels';
import { normalised } from '../../../src/core/retrieve/quantize';
import { GEOCLIP_LOGIT_SCALE } from '../../../src/core/retrieve/search';
import { META, fixture, randomCoords, randomMatrix, referenceCosines } from './helpers';

describe('score kernels', () => {
  it('uses the SIMD kernel for int8 indexes here, and plain JS for fp16', () => {
    expect(createScoreKernel(fixture(10, 32, 'int8').index).name).toBe('wasm-simd');
    expect(createScoreKernel(fixture(10, 32, 'fp16').index).name).toBe('js');
    expect(createScoreKernel(fixture(10, 32, 'int8').index, 'js').name).toBe('js');
    expect(() => createScoreKernel(fixture(10, 32, 'fp16').index, 'wasm-simd')).toThrow(/int8/);
  });

  // Dims 40 and 100 are not multiples of 16 and exercise the zero-padded rows.
  for (const dim of [32, 40, 100, 512]) {
    it(`agrees with float64 cosines within the quantisation bound (dim ${dim})`, () => {
      const count = 400;
      const { index, embeddings } = fixture(count, dim, 'int8', dim);
      const fp16 = buildIndexFromEmbeddings(randomCoords(count, dim), embeddings, dim, META, 'fp16');
      const simd = createScoreKernel(index, 'wasm-simd');
      const js = createScoreKernel(index, 'js');
      const half = createScoreKernel(fp16, 'js');
      const scales = index.embeddings.element === 'int8' ? index.embeddings.scales : new Float32Array(0);

      for (let n = 0; n < 5; n++) {
        const query = randomMatrix(1, dim, 1000 + n);
        const reference = referenceCosines(embeddings, dim, query);
        const unit = normalised(query, 'query');
        const simdScores = simd.score(unit).slice();
        const jsScores = js.score(unit).slice();
        const halfScores = half.score(unit).slice();
        for (let r = 0; r < count; r++) {
          // Rows are off by at most scale / 2 per element; the int16 query adds a far smaller error.
          const bound = (Math.sqrt(dim) * scales[r]!) / 2 + 1e-4;
          expect(Math.abs(simdScores[r]! - reference[r]!)).toBeLessThanOrEqual(bound);
          expect(Math.abs(jsScores[r]! - reference[r]!)).toBeLessThanOrEqual(bound);
          expect(Math.abs(simdScores[r]! - jsScores[r]!)).toBeLessThanOrEqual(2e-4);
          expect(Math.abs(halfScores[r]! - reference[r]!)).toBeLessThanOrEqual(Math.sqrt(dim) * 2 ** -11 + 1e-6);
        }
      }
    });
  }

  it('computes the softmax denominator like float64 Math.exp, counting -Infinity as 0', () => {
    const dim = 32;
    const { index } = fixture(1001, dim, 'int8', 77); // not a multiple of 4: exercises the padding
    const simd = createScoreKernel(index, 'wasm-simd');
    const js = createScoreKernel(index, 'js');
    for (const logitScale of [GEOCLIP_LOGIT_SCALE, 1, 200]) {
      const unit = normalised(randomMatrix(1, dim, 78), 'query');
      const simdScores = simd.score(unit);
      const jsScores = js.score(unit);
      simdScores.set(jsScores);
      for (const i of [3, 500, 1000]) simdScores[i] = jsScores[i] = -Infinity;
      const max = Math.max(...jsScores);
      let exact = 0;
      for (const s of jsScores) exact += Math.exp(logitScale * (s - max));
      expect(js.sumExp(max, logitScale)).toBeCloseTo(exact, 12);
      expect(Math.abs(simd.sumExp(max, logitScale) / exact - 1)).toBeLessThan(1e-6);
    }
  });

  it('approximates each exponential to about 2e-7 over the whole range used', () => {
    const count = 4000;
    const embeddings = new Float32Array(count * 2);
    for (let r = 0; r < count; r++) embeddings.set([1, 0], 2 * r);
    const index = buildIndexFromEmbeddings(randomCoords(count, 3), embeddings, 2, META, 'int8');
    const simd = createScoreKernel(index, 'wasm-simd');
    const scores = simd.score([1, 0]);
    for (let r = 0; r < count; r++) {
      const x = Math.fround(-90 + (r * 90) / (count - 1)); // exponents from -90 to 0
      scores.fill(-Infinity);
      scores[r] = x;
      const expected = x < -87 ? 0 : Math.exp(x);
      const actual = simd.sumExp(0, 1);
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 3e-7 + 1e-38);
    }
  });

  // The worst case for the int32 accumulator: every row and query element at its extreme.
  for (const dim of [512, 1024, 4096]) {
    it(`does not overflow when every product is maximal (dim ${dim})`, () => {
      const embeddings = new Float32Array(2 * dim);
      embeddings.fill(1, 0, dim);
      embeddings.fill(-1, dim);
      const index = buildIndexFromEmbeddings(randomCoords(2, 1), embeddings, dim, META, 'int8');
      const scores = createScoreKernel(index, 'wasm-simd').score(normalised(new Float32Array(dim).fill(1), 'query'));
      expect(scores[0]).toBeCloseTo(1, 5);
      expect(scores[1]).toBeCloseTo(-1, 5);
    });
  }
});
