import { describe, expect, it } from 'vitest';
import { IndexError } from '../../../src/core/retrieve/errors';
import { INDEX_MAGIC, decodeIndex, encodeIndex, readIndexHeader } from '../../../src/core/retrieve/format';
import { META, captureError, fixture } from './helpers';

function expectIndexError(run: () => unknown, code: string): IndexError {
  const error = captureError(run);
  expect(error).toBeInstanceOf(IndexError);
  expect((error as IndexError).code).toBe(code);
  return error as IndexError;
}

function withUint32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
}

describe('index format', () => {
  for (const element of ['int8', 'fp16'] as const) {
    it(`round-trips an ${element} index exactly`, () => {
      const { index } = fixture(37, 32, element);
      const decoded = decodeIndex(encodeIndex(index));
      expect(decoded.count).toBe(37);
      expect(decoded.dim).toBe(32);
      expect(decoded.meta).toEqual(META);
      expect(decoded.latLon).toEqual(index.latLon);
      expect(decoded.embeddings.element).toBe(element);
      expect(decoded.embeddings.rows).toEqual(index.embeddings.rows);
      if (decoded.embeddings.element === 'int8' && index.embeddings.element === 'int8') {
        expect(decoded.embeddings.scales).toEqual(index.embeddings.scales);
      }
    });
  }

  it('lays the bytes out as FORMAT.md documents', () => {
    const { index } = fixture(3, 20, 'int8');
    const bytes = encodeIndex(index);
    const view = new DataView(bytes.buffer);
    const metaLength = view.getUint32(24, true);
    const metaJson = JSON.parse(new TextDecoder().decode(bytes.subarray(28, 28 + metaLength)));
    expect(metaJson).toEqual(META);
    expect([...bytes.subarray(0, 8)]).toEqual([...INDEX_MAGIC]);
    expect(new TextDecoder().decode(bytes.subarray(0, 7))).toBe('WHBTIDX');
    expect([view.getUint32(8, true), view.getUint32(12, true), view.getUint32(16, true), view.getUint32(20, true)]).toEqual([1, 3, 20, 1]);

    const latLonOffset = Math.ceil((28 + metaLength) / 16) * 16;
    const rowsOffset = Math.ceil((latLonOffset + 3 * 8) / 16) * 16;
    const scalesOffset = Math.ceil((rowsOffset + 3 * 20) / 16) * 16;
    const checksumOffset = scalesOffset + 3 * 4;
    expect(bytes.length).toBe(checksumOffset + 4);
    expect(view.getFloat32(latLonOffset + 4, true)).toBe(index.latLon[1]);
    expect(new Int8Array(bytes.buffer, rowsOffset, 60)).toEqual(index.embeddings.rows);
    if (index.embeddings.element === 'int8') expect(view.getFloat32(scalesOffset + 8, true)).toBe(index.embeddings.scales[2]);
    for (let i = 28 + metaLength; i < latLonOffset; i++) expect(bytes[i]).toBe(0);
  });

  it('puts fp16 rows right after the coordinates and pads to 4 bytes before the checksum', () => {
    const { index } = fixture(3, 5, 'fp16');
    const bytes = encodeIndex(index);
    const metaLength = new DataView(bytes.buffer).getUint32(24, true);
    const latLonOffset = Math.ceil((28 + metaLength) / 16) * 16;
    const rowsOffset = Math.ceil((latLonOffset + 24) / 16) * 16;
    expect(new DataView(bytes.buffer).getUint16(rowsOffset + 2, true)).toBe(index.embeddings.rows[1]);
    expect(bytes.length).toBe(Math.ceil((rowsOffset + 30) / 4) * 4 + 4);
  });

  it('reads the header alone, without the sections', () => {
    const { index } = fixture(50, 16, 'fp16');
    const bytes = encodeIndex(index);
    const metaLength = new DataView(bytes.buffer).getUint32(24, true);
    const header = readIndexHeader(bytes.subarray(0, 28 + metaLength));
    expect(header).toEqual({ version: 1, count: 50, dim: 16, element: 'fp16', meta: META, byteLength: bytes.length });
  });

  it('views the sections in place when the bytes are aligned, and copies when not', () => {
    const { index } = fixture(9, 32, 'int8');
    const bytes = encodeIndex(index);
    const inPlace = decodeIndex(bytes);
    expect(inPlace.latLon.buffer).toBe(bytes.buffer);
    expect(inPlace.embeddings.rows.buffer).toBe(bytes.buffer);

    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const copied = decodeIndex(shifted.subarray(1));
    expect(copied.latLon).toEqual(index.latLon);
    if (copied.embeddings.element === 'int8' && index.embeddings.element === 'int8') {
      expect(copied.embeddings.scales).toEqual(index.embeddings.scales);
    }
  });

  it('rejects a single flipped byte anywhere after the fixed header as a checksum failure', () => {
    const { index } = fixture(20, 32, 'int8');
    const bytes = encodeIndex(index);
    for (const offset of [28, 40, 100, Math.floor(bytes.length / 2), bytes.length - 30, bytes.length - 5, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[offset]! ^= 0x10;
      expectIndexError(() => decodeIndex(damaged), 'checksum');
    }
  });

  it('rejects truncated bytes', () => {
    const bytes = encodeIndex(fixture(20, 32, 'fp16').index);
    for (const length of [0, 5, 27, 40, bytes.length - 1]) {
      const error = expectIndexError(() => decodeIndex(bytes.subarray(0, length)), 'truncated');
      expect(error.message).toMatch(/incomplete/);
    }
  });

  it('rejects trailing bytes', () => {
    const bytes = encodeIndex(fixture(4, 16, 'int8').index);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expectIndexError(() => decodeIndex(longer), 'size-mismatch');
  });

  it('rejects a file that is not an index', () => {
    const bytes = encodeIndex(fixture(4, 16, 'int8').index);
    const damaged = bytes.slice();
    damaged[0] = 0x50;
    const error = expectIndexError(() => decodeIndex(damaged), 'bad-magic');
    expect(error.message).toMatch(/not a Whereabouts coordinate index/);
    expectIndexError(() => readIndexHeader(new TextEncoder().encode('LAT,LON\n1,2\n')), 'bad-magic');
  });

  it('rejects a future format version with a message naming it', () => {
    const bytes = withUint32(encodeIndex(fixture(4, 16, 'int8').index), 8, 2);
    const error = expectIndexError(() => decodeIndex(bytes), 'unsupported-version');
    expect(error.message).toMatch(/version 2/);
    expect(error.message).toMatch(/Update the app/);
    expectIndexError(() => readIndexHeader(bytes), 'unsupported-version');
  });

  it('rejects an unknown element type and header sizes that disagree with the file', () => {
    const bytes = encodeIndex(fixture(4, 16, 'int8').index);
    expectIndexError(() => decodeIndex(withUint32(bytes, 20, 9)), 'unsupported-element');
    expectIndexError(() => decodeIndex(withUint32(bytes, 12, 5)), 'truncated');
    expectIndexError(() => decodeIndex(withUint32(bytes, 12, 3)), 'size-mismatch');
    expectIndexError(() => decodeIndex(withUint32(bytes, 16, 0)), 'bad-header');
    expectIndexError(() => decodeIndex(withUint32(bytes, 24, 1 << 30)), 'truncated');
  });

  it('refuses to encode an inconsistent index', () => {
    const { index } = fixture(4, 16, 'int8');
    expectIndexError(() => encodeIndex({ ...index, count: 5 }), 'bad-input');
    expectIndexError(() => encodeIndex({ ...index, latLon: new Float32Array(2) }), 'bad-input');
  });
});
