import { crc32 } from './crc32';
import { IndexError } from './errors';
import { HOST_IS_LITTLE_ENDIAN, decodeUtf8, encodeUtf8 } from './platform';
import type { CoordinateIndex, ElementType, IndexEmbeddings, IndexMeta } from './types';

// Byte-level description: FORMAT.md in this folder.

export const INDEX_MAGIC = Uint8Array.of(0x57, 0x48, 0x42, 0x54, 0x49, 0x44, 0x58, 0x00); // "WHBTIDX\0"
export const INDEX_FORMAT_VERSION = 1;

const FIXED_HEADER_BYTES = 28;
const SECTION_ALIGN = 16;
const ELEMENT_CODES: Readonly<Record<ElementType, number>> = { int8: 1, fp16: 2 };

export interface IndexHeader {
  readonly version: number;
  readonly count: number;
  readonly dim: number;
  readonly element: ElementType;
  readonly meta: IndexMeta;
  /** Size of the whole encoded index, checksum included. */
  readonly byteLength: number;
}

interface Layout {
  readonly latLonOffset: number;
  readonly rowsOffset: number;
  /** int8 only. */
  readonly scalesOffset: number;
  readonly checksumOffset: number;
  readonly byteLength: number;
}

function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}

function layoutOf(count: number, dim: number, element: ElementType, metaLength: number): Layout {
  const latLonOffset = alignUp(FIXED_HEADER_BYTES + metaLength, SECTION_ALIGN);
  const rowsOffset = alignUp(latLonOffset + count * 8, SECTION_ALIGN);
  const rowBytes = element === 'int8' ? dim : dim * 2;
  const rowsEnd = rowsOffset + count * rowBytes;
  const scalesOffset = element === 'int8' ? alignUp(rowsEnd, SECTION_ALIGN) : rowsEnd;
  const sectionsEnd = element === 'int8' ? scalesOffset + count * 4 : rowsEnd;
  const checksumOffset = alignUp(sectionsEnd, 4);
  return { latLonOffset, rowsOffset, scalesOffset, checksumOffset, byteLength: checksumOffset + 4 };
}

export function encodeIndex(index: CoordinateIndex): Uint8Array {
  assertConsistent(index);
  const { count, dim, embeddings } = index;
  const metaBytes = encodeUtf8(JSON.stringify(metaFields(index.meta)));
  const layout = layoutOf(count, dim, embeddings.element, metaBytes.length);

  const out = new Uint8Array(layout.byteLength);
  const view = new DataView(out.buffer);
  out.set(INDEX_MAGIC, 0);
  view.setUint32(8, INDEX_FORMAT_VERSION, true);
  view.setUint32(12, count, true);
  view.setUint32(16, dim, true);
  view.setUint32(20, ELEMENT_CODES[embeddings.element], true);
  view.setUint32(24, metaBytes.length, true);
  out.set(metaBytes, FIXED_HEADER_BYTES);

  putFloat32s(view, layout.latLonOffset, index.latLon);
  if (embeddings.element === 'int8') {
    out.set(new Uint8Array(embeddings.rows.buffer, embeddings.rows.byteOffset, embeddings.rows.length), layout.rowsOffset);
    putFloat32s(view, layout.scalesOffset, embeddings.scales);
  } else {
    putUint16s(view, layout.rowsOffset, embeddings.rows);
  }
  view.setUint32(layout.checksumOffset, crc32(out.subarray(0, layout.checksumOffset)), true);
  return out;
}

/** Reads only the header (magic, version, sizes, metadata): cheap, for listing stored indexes. */
export function readIndexHeader(bytes: Uint8Array): IndexHeader {
  const fixed = parseFixedHeader(bytes);
  return headerOf(fixed, parseMeta(bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + fixed.metaLength)));
}

/**
 * Verifies (sizes, then checksum) and decodes an encoded index. Sections are zero-copy views
 * of `bytes` when they are aligned in memory, copies otherwise.
 */
export function decodeIndex(bytes: Uint8Array): CoordinateIndex {
  const fixed = parseFixedHeader(bytes);
  const { count, dim, element, layout } = fixed;
  if (bytes.length < layout.byteLength) {
    throw new IndexError(
      'truncated',
      `The index file is incomplete: ${bytes.length} bytes where ${layout.byteLength} were expected. It was probably cut off while downloading or saving.`,
    );
  }
  if (bytes.length > layout.byteLength) {
    throw new IndexError(
      'size-mismatch',
      `The index file has ${bytes.length - layout.byteLength} unexpected bytes after its end; it is not a valid index.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const stored = view.getUint32(layout.checksumOffset, true);
  if (stored !== crc32(bytes.subarray(0, layout.checksumOffset))) {
    throw new IndexError('checksum', 'The index file is corrupted (its checksum does not match). Rebuild or download it again.');
  }

  const meta = parseMeta(bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + fixed.metaLength));
  const latLon = float32Section(bytes, layout.latLonOffset, 2 * count);
  let embeddings: IndexEmbeddings;
  if (element === 'int8') {
    const rows = new Int8Array(bytes.buffer, bytes.byteOffset + layout.rowsOffset, count * dim);
    embeddings = { element, rows, scales: float32Section(bytes, layout.scalesOffset, count) };
  } else {
    embeddings = { element, rows: uint16Section(bytes, layout.rowsOffset, count * dim) };
  }
  return { count, dim, meta, latLon, embeddings };
}

interface FixedHeader {
  readonly version: number;
  readonly count: number;
  readonly dim: number;
  readonly element: ElementType;
  readonly metaLength: number;
  readonly layout: Layout;
}

function headerOf(fixed: FixedHeader, meta: IndexMeta): IndexHeader {
  const { version, count, dim, element, layout } = fixed;
  return { version, count, dim, element, meta, byteLength: layout.byteLength };
}

/** Checks magic, version and sizes, and that the metadata bytes are present. */
function parseFixedHeader(bytes: Uint8Array): FixedHeader {
  for (let i = 0; i < Math.min(bytes.length, INDEX_MAGIC.length); i++) {
    if (bytes[i] !== INDEX_MAGIC[i]) {
      throw new IndexError('bad-magic', 'This file is not a Whereabouts coordinate index (its first bytes are wrong).');
    }
  }
  if (bytes.length < FIXED_HEADER_BYTES) {
    throw new IndexError('truncated', `The index file is incomplete: only ${bytes.length} bytes, too short even for its header.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const version = view.getUint32(8, true);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexError(
      'unsupported-version',
      `This index uses format version ${version}, but this version of the app reads only version ${INDEX_FORMAT_VERSION}. ` +
        (version > INDEX_FORMAT_VERSION ? 'Update the app, or rebuild the index.' : 'Rebuild the index.'),
    );
  }
  const count = view.getUint32(12, true);
  const dim = view.getUint32(16, true);
  const elementCode = view.getUint32(20, true);
  const element = (Object.keys(ELEMENT_CODES) as ElementType[]).find((name) => ELEMENT_CODES[name] === elementCode);
  if (element === undefined) {
    throw new IndexError('unsupported-element', `The index stores embeddings as element type ${elementCode}, which this app does not know.`);
  }
  if (dim === 0) throw new IndexError('bad-header', 'The index header says its embeddings have 0 dimensions.');

  const metaLength = view.getUint32(24, true);
  if (FIXED_HEADER_BYTES + metaLength > bytes.length) {
    throw new IndexError('truncated', 'The index file is incomplete: it ends inside its header.');
  }
  return { version, count, dim, element, metaLength, layout: layoutOf(count, dim, element, metaLength) };
}

function parseMeta(bytes: Uint8Array): IndexMeta {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes));
  } catch {
    throw new IndexError('bad-header', 'The index header metadata is unreadable (not valid UTF-8 JSON).');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const field = (name: keyof IndexMeta): string => {
    const value = record[name];
    if (typeof value !== 'string') throw new IndexError('bad-header', `The index header metadata lacks the text field "${name}".`);
    return value;
  };
  return {
    encoderId: field('encoderId'),
    encoderRevision: field('encoderRevision'),
    gallerySource: field('gallerySource'),
    createdAt: field('createdAt'),
  };
}

function metaFields(meta: IndexMeta): IndexMeta {
  const { encoderId, encoderRevision, gallerySource, createdAt } = meta;
  return { encoderId, encoderRevision, gallerySource, createdAt };
}

function assertConsistent(index: CoordinateIndex): void {
  const { count, dim, latLon, embeddings } = index;
  const fail = (what: string): never => {
    throw new IndexError('bad-input', `Cannot encode the index: ${what}.`);
  };
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) fail(`row count ${count} is not a valid size`);
  if (!Number.isInteger(dim) || dim < 1 || dim > 0xffffffff) fail(`dimension ${dim} is not a valid size`);
  if (latLon.length !== 2 * count) fail(`${latLon.length / 2} coordinates for ${count} rows`);
  if (embeddings.rows.length !== count * dim) fail(`${embeddings.rows.length} embedding values for ${count} rows of ${dim}`);
  if (embeddings.element === 'int8' && embeddings.scales.length !== count) fail(`${embeddings.scales.length} row scales for ${count} rows`);
}

// Aligned sections on a little-endian host (every mainstream engine) are viewed in place;
// anything else is copied value by value.
function float32Section(bytes: Uint8Array, offset: number, length: number): Float32Array {
  const start = bytes.byteOffset + offset;
  if (HOST_IS_LITTLE_ENDIAN && start % 4 === 0) return new Float32Array(bytes.buffer, start, length);
  const view = new DataView(bytes.buffer, start, 4 * length);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

function uint16Section(bytes: Uint8Array, offset: number, length: number): Uint16Array {
  const start = bytes.byteOffset + offset;
  if (HOST_IS_LITTLE_ENDIAN && start % 2 === 0) return new Uint16Array(bytes.buffer, start, length);
  const view = new DataView(bytes.buffer, start, 2 * length);
  const out = new Uint16Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getUint16(2 * i, true);
  return out;
}

function putFloat32s(view: DataView, offset: number, values: Float32Array): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    new Uint8Array(view.buffer, view.byteOffset + offset).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  } else {
    for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i]!, true);
  }
}

function putUint16s(view: DataView, offset: number, values: Uint16Array): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    new Uint8Array(view.buffer, view.byteOffset + offset).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  } else {
    for (let i = 0; i < values.length; i++) view.setUint16(offset + 2 * i, values[i]!, true);
  }
}
