import { MalformedHeader, ascii, u32be } from '../bytes';

/** One box of an ISO base media file (the container of AVIF and HEIC). */
export interface Box {
  readonly type: string;
  /** Offset of the box contents, after its header. */
  readonly payload: number;
  /** Offset just past the box as its header declares it; may lie beyond the data. */
  readonly end: number;
}

const FULL_BOX_HEADER = 4; // version (1 byte) and flags (3 bytes)

/** The boxes directly inside [start, end). */
export function* childBoxes(bytes: Uint8Array, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = u32be(bytes, at);
    const type = ascii(bytes, at + 4, 4);
    let header = 8;
    if (size === 1) {
      size = u32be(bytes, at + 8) * 2 ** 32 + u32be(bytes, at + 12);
      header = 16;
    } else if (size === 0) {
      size = end - at; // "extends to the end of its container"
    }
    if (size < header) throw new MalformedHeader(`the "${type}" box has an impossible size`);
    yield { type, payload: at + header, end: at + size };
    at += size;
  }
}

export function findBox(bytes: Uint8Array, start: number, end: number, type: string): Box | null {
  for (const box of childBoxes(bytes, start, end)) {
    if (box.type === type) return box;
  }
  return null;
}

/** Children of a "full box" (one with version and flags before its children), e.g. meta. */
export function fullBoxChildren(bytes: Uint8Array, box: Box): Generator<Box> {
  return childBoxes(bytes, box.payload + FULL_BOX_HEADER, box.end);
}

/** The major and compatible brands of the leading ftyp box, read only as far as the data goes. */
export function fileBrands(bytes: Uint8Array): string[] {
  if (bytes.length < 12 || ascii(bytes, 4, 4) !== 'ftyp') return [];
  const end = Math.min(u32be(bytes, 0), bytes.length);
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, 4));
  return brands;
}
