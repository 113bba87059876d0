import { describe, expect, it } from 'vitest';
import { IndexBuilder, buildIndexFromEmbeddings } from '../../../src/core/retrieve/build';
import { IndexError } from '../../../src/core/retrieve/errors';
import { decodeIndex, encodeIndex } from '../../../src/core/retrieve/format';
import { META, captureError, randomCoords, randomMatrix } from './helpers';

const COUNT = 10;
const DIM = 8;

function chunk(embeddings: Float32Array, start: number, end: number): Float32Array {
  return embeddings.subarray(start * DIM, end * DIM);
}

describe('IndexBuilder', () => {
  const coords = randomCoords(COUNT, 1);
  const embeddings = randomMatrix(COUNT, DIM, 2);

  for (const element of ['int8', 'fp16'] as const) {
    it(`builds the same ${element} index from chunks in any order`, () => {
      const builder = new IndexBuilder({ coords, dim: DIM, meta: META, element });
      builder.add(7, chunk(embeddings, 7, 10));
      builder.add(0, chunk(embeddings, 0, 3));
      builder.add(3, chunk(embeddings, 3, 7));
      const whole = buildIndexFromEmbeddings(coords, embeddings, DIM, META, element);
      expect(encodeIndex(builder.finish())).toEqual(encodeIndex(whole));
    });
  }

  it('knows which rows are done and which ranges are missing', () => {
    const builder = new IndexBuilder({ coords, dim: DIM, meta: META, element: 'int8' });
    expect(builder.missingRanges()).toEqual([{ start: 0, end: 10 }]);
    builder.add(2, chunk(embeddings, 2, 4));
    builder.add(8, chunk(embeddings, 8, 9));
    builder.add(2, chunk(embeddings, 2, 3)); // a repeated row counts once
    expect(builder.doneCount).toBe(3);
    expect(builder.isDone(2)).toBe(true);
    expect(builder.isDone(4)).toBe(false);
    expect(builder.isComplete).toBe(false);
    expect(builder.missingRanges()).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 8 },
      { start: 9, end: 10 },
    ]);
    const error = captureError(() => builder.finish()) as IndexError;
    expect(error.code).toBe('incomplete');
    expect(error.message).toMatch(/7 of 10 rows/);
  });

  it('resumes from a snapshot (structured-clone safe) and finishes the same index', () => {
    const first = new IndexBuilder({ coords, dim: DIM, meta: META, element: 'int8' });
    first.add(5, chunk(embeddings, 5, 10));
    const saved = structuredClone(first.snapshot());

    const resumed = IndexBuilder.fromSnapshot(saved);
    expect(resumed.doneCount).toBe(5);
    expect(resumed.missingRanges()).toEqual([{ start: 0, end: 5 }]);
    resumed.add(0, chunk(embeddings, 0, 5));
    const whole = buildIndexFromEmbeddings(coords, embeddings, DIM, META, 'int8');
    expect(decodeIndex(encodeIndex(resumed.finish()))).toEqual(decodeIndex(encodeIndex(whole)));
  });

  it('rejects chunks that do not fit the gallery', () => {
    const builder = new IndexBuilder({ coords, dim: DIM, meta: META, element: 'int8' });
    const codeOf = (run: () => unknown) => (captureError(run) as IndexError).code;
    expect(codeOf(() => builder.add(8, chunk(embeddings, 0, 3)))).toBe('bad-input');
    expect(codeOf(() => builder.add(-1, chunk(embeddings, 0, 1)))).toBe('bad-input');
    expect(codeOf(() => builder.add(0, new Float32Array(DIM + 1)))).toBe('bad-input');
    expect((captureError(() => builder.add(0, new Float32Array(DIM))) as IndexError).message).toMatch(/row 0 is all zeros/);
    expect(codeOf(() => buildIndexFromEmbeddings(coords, embeddings.subarray(DIM), DIM, META))).toBe('bad-input');
  });

  it('rejects coordinates out of range', () => {
    const bad = { lat: Float32Array.of(10, 95), lon: Float32Array.of(0, 0) };
    const error = captureError(() => new IndexBuilder({ coords: bad, dim: DIM, meta: META, element: 'int8' })) as IndexError;
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/Latitude 95 at gallery row 1/);
  });
});
