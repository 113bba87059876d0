import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/core/retrieve/errors';
import { float32ToFp16 } from '../../../src/core/retrieve/fp16';
import { parseEmbeddingMatrix, parseNpy, parseRawFloat32 } from '../../../src/core/retrieve/npy';
import { captureError } from './helpers';

interface NpyOptions {
  descr?: string;
  shape?: string;
  fortran?: boolean;
  major?: 1 | 2 | 3;
  /** Bytes to drop from the end of the data. */
  cut?: number;
}

/** Writes a .npy file the way numpy does: header padded with spaces so the data starts on a 64-byte boundary. */
function makeNpy(values: number[], { descr = '<f4', shape = '(2, 3)', fortran = false, major = 1, cut = 0 }: NpyOptions = {}): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const prefix = 8 + (major === 1 ? 2 : 4);
  const padded = dict + ' '.repeat(63 - ((prefix + dict.length) % 64)) + '\n';
  const header = new TextEncoder().encode(padded);
  const itemSize = Number(descr.slice(2));
  const data = new DataView(new ArrayBuffer(values.length * itemSize));
  values.forEach((v, i) => {
    if (itemSize === 4) data.setFloat32(4 * i, v, true);
    else if (itemSize === 8) data.setFloat64(8 * i, v, true);
    else data.setUint16(2 * i, float32ToFp16(v), true);
  });
  const out = new Uint8Array(prefix + header.length + data.byteLength - cut);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(header, prefix);
  out.set(new Uint8Array(data.buffer).subarray(0, data.byteLength - cut), prefix + header.length);
  return out;
}

const VALUES = [1, -2, 0.5, 3.25, -0.125, 100];

function npyError(bytes: Uint8Array): IndexError {
  const error = captureError(() => parseNpy(bytes));
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).code).toBe('bad-npy');
  return error as IndexError;
}

describe('parseNpy', () => {
  for (const major of [1, 2, 3] as const) {
    for (const descr of ['<f4', '<f8', '<f2']) {
      it(`reads format ${major}.0 ${descr}`, () => {
        const bytes = makeNpy(VALUES, { descr, major });
        expect((bytes.length - VALUES.length * Number(descr.slice(2))) % 64).toBe(0);
        const matrix = parseNpy(bytes);
        expect(matrix.rows).toBe(2);
        expect(matrix.cols).toBe(3);
        expect([...matrix.data]).toEqual(VALUES);
      });
    }
  }

  it('reads data that is not 4-byte aligned in memory', () => {
    const bytes = makeNpy(VALUES);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect([...parseNpy(shifted.subarray(1)).data]).toEqual(VALUES);
  });

  it('explains Fortran order, big-endian or integer data, and shapes that are not 2-D', () => {
    expect(npyError(makeNpy(VALUES, { fortran: true })).message).toMatch(/Fortran/);
    expect(npyError(makeNpy(VALUES, { descr: '>f4' })).message).toMatch(/">f4" is not supported/);
    expect(npyError(makeNpy([1, 2], { descr: '<i4', shape: '(2,)' })).message).toMatch(/"<i4" is not supported/);
    expect(npyError(makeNpy(VALUES, { shape: '(6,)' })).message).toMatch(/2-D/);
    expect(npyError(makeNpy(VALUES, { shape: '(1, 2, 3)' })).message).toMatch(/2-D/);
  });

  it('rejects cut-off files and files that are not .npy', () => {
    expect(npyError(makeNpy(VALUES, { cut: 4 })).message).toMatch(/cut off/);
    expect(npyError(makeNpy(VALUES).subarray(0, 20)).message).toMatch(/cut off inside its header/);
    expect(npyError(new Uint8Array(16)).message).toMatch(/not a NumPy/);
  });
});

describe('parseRawFloat32', () => {
  it('infers the row count from the dimension', () => {
    const bytes = new Uint8Array(Float32Array.from(VALUES).buffer);
    const matrix = parseRawFloat32(bytes, 2);
    expect([matrix.rows, matrix.cols]).toEqual([3, 2]);
    expect([...matrix.data]).toEqual(VALUES);
  });

  it('rejects lengths that are not whole rows', () => {
    const bytes = new Uint8Array(Float32Array.from(VALUES).buffer);
    expect(() => parseRawFloat32(bytes, 4)).toThrow(/6 values, which is not a whole number of 4-value rows/);
    expect(() => parseRawFloat32(bytes.subarray(0, 10), 2)).toThrow(/10 bytes/);
  });
});

describe('parseEmbeddingMatrix', () => {
  it('tells the formats apart by content and checks the dimension', () => {
    expect(parseEmbeddingMatrix(makeNpy(VALUES), 3).rows).toBe(2);
    expect(parseEmbeddingMatrix(new Uint8Array(Float32Array.from(VALUES).buffer), 3).rows).toBe(2);
    expect((captureError(() => parseEmbeddingMatrix(makeNpy(VALUES), 512)) as IndexError).code).toBe('dim-mismatch');
  });
});
