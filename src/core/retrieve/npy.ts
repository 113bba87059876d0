import { IndexError } from './errors';
import { fp16DecodeTable } from './fp16';
import { HOST_IS_LITTLE_ENDIAN, decodeUtf8 } from './platform';

/** A row-major float matrix read from an embeddings file. */
export interface EmbeddingMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ITEM_SIZES: Readonly<Record<string, 2 | 4 | 8>> = { '<f2': 2, '<f4': 4, '<f8': 8 };

export function isNpy(bytes: Uint8Array): boolean {
  return NPY_MAGIC.every((byte, i) => bytes[i] === byte);
}

/** Parses a NumPy .npy file (format 1.0, 2.0 or 3.0) holding a 2-D little-endian float array in C order. */
export function parseNpy(bytes: Uint8Array): EmbeddingMatrix {
  if (!isNpy(bytes)) throw new IndexError('bad-npy', 'This is not a NumPy .npy file (its first bytes are wrong).');
  if (bytes.length < 10) throw new IndexError('bad-npy', 'The .npy file is cut off inside its header.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new IndexError('bad-npy', `The .npy file uses format version ${major}.${bytes[7]}, which is not supported (1, 2 and 3 are).`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new IndexError('bad-npy', 'The .npy file is cut off inside its header.');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (bytes.length < dataOffset) throw new IndexError('bad-npy', 'The .npy file is cut off inside its header.');

  const headerBytes = bytes.subarray(8 + lengthBytes, dataOffset);
  const header = major === 3 ? decodeUtf8(headerBytes) : decodeLatin1(headerBytes);
  const { itemSize, descr, rows, cols } = parseHeaderDict(header);

  const expected = rows * cols * itemSize;
  const available = bytes.length - dataOffset;
  if (available !== expected) {
    throw new IndexError(
      'bad-npy',
      `The .npy file should hold ${rows} x ${cols} values of type ${descr} (${expected} bytes) but has ${available} bytes of data` +
        (available < expected ? '; it looks cut off.' : '.'),
    );
  }
  return { rows, cols, data: toFloat32(bytes.subarray(dataOffset), descr, rows * cols) };
}

/**
 * Parses headerless little-endian float32 data (a `.f32` file). The row count is the
 * value count divided by `dim`.
 */
export function parseRawFloat32(bytes: Uint8Array, dim: number): EmbeddingMatrix {
  if (!Number.isInteger(dim) || dim < 1) throw new IndexError('bad-input', `Embedding dimension ${dim} is not a positive whole number.`);
  if (bytes.length % 4 !== 0) {
    throw new IndexError('bad-input', `The float32 file has ${bytes.length} bytes, which is not a whole number of 4-byte values.`);
  }
  const values = bytes.length / 4;
  if (values % dim !== 0) {
    throw new IndexError('bad-input', `The float32 file holds ${values} values, which is not a whole number of ${dim}-value rows.`);
  }
  return { rows: values / dim, cols: dim, data: toFloat32(bytes, '<f4', values) };
}

/** Reads either format, told apart by content: .npy by its magic bytes, otherwise raw float32 rows of `dim`. */
export function parseEmbeddingMatrix(bytes: Uint8Array, dim: number): EmbeddingMatrix {
  const matrix = isNpy(bytes) ? parseNpy(bytes) : parseRawFloat32(bytes, dim);
  if (matrix.cols !== dim) {
    throw new IndexError('dim-mismatch', `The embeddings have ${matrix.cols} dimensions, but ${dim} were expected.`);
  }
  return matrix;
}

function parseHeaderDict(header: string): { itemSize: 2 | 4 | 8; descr: string; rows: number; cols: number } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new IndexError('bad-npy', 'The .npy header is malformed (it lacks descr, fortran_order or shape).');
  }
  const itemSize = ITEM_SIZES[descr];
  if (itemSize === undefined) {
    throw new IndexError('bad-npy', `The .npy data type "${descr}" is not supported; use little-endian float32 ('<f4'), float64 ('<f8') or float16 ('<f2').`);
  }
  if (fortran === 'True') {
    throw new IndexError('bad-npy', 'The .npy array is stored in Fortran (column-major) order; save it in C order, e.g. with numpy.ascontiguousarray.');
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim().replace(/L$/, ''))
    .filter((part) => part !== '')
    .map(Number);
  if (shape.length !== 2 || !shape.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new IndexError('bad-npy', `The .npy array has shape (${shapeText.trim()}); a 2-D array of rows x dimensions is required.`);
  }
  return { itemSize, descr, rows: shape[0]!, cols: shape[1]! };
}

function toFloat32(data: Uint8Array, descr: string, length: number): Float32Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Float32Array(length);
  if (descr === '<f4' && HOST_IS_LITTLE_ENDIAN) {
    out.set(new Float32Array(data.slice().buffer));
  } else if (descr === '<f4') {
    for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
  } else if (descr === '<f8') {
    for (let i = 0; i < length; i++) out[i] = view.getFloat64(8 * i, true);
  } else {
    const table = fp16DecodeTable();
    for (let i = 0; i < length; i++) out[i] = table[view.getUint16(2 * i, true)]!;
  }
  return out;
}

function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
