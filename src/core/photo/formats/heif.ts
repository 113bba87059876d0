import { MalformedHeader, u16be, u32be, u8 } from '../bytes';
import type { ImageSize } from '../types';
import { type Box, childBoxes, findBox, fullBoxChildren } from './iso-bmff';

/**
 * The size of the primary image of an AVIF or HEIC file, from its "ispe" property.
 * Files hold several ispe boxes (thumbnails, grid tiles, alpha planes), so the one tied to
 * the primary item is preferred; failing that, the largest.
 */
export function heifSize(bytes: Uint8Array): ImageSize {
  const meta = findBox(bytes, 0, bytes.length, 'meta');
  if (meta === null) throw new MalformedHeader('there is no "meta" box');

  let primaryItem: number | null = null;
  let properties: (ImageSize | null)[] = [];
  let associations = new Map<number, number[]>();
  for (const box of fullBoxChildren(bytes, meta)) {
    if (box.type === 'pitm') primaryItem = readPrimaryItem(bytes, box);
    if (box.type === 'iprp') {
      const container = findBox(bytes, box.payload, box.end, 'ipco');
      if (container !== null) properties = readImageSizes(bytes, container);
      const map = findBox(bytes, box.payload, box.end, 'ipma');
      if (map !== null) associations = readAssociations(bytes, map);
    }
  }

  const primarySize = (associations.get(primaryItem ?? -1) ?? [])
    .map((index) => properties[index - 1] ?? null)
    .find((size) => size !== null);
  if (primarySize !== undefined && primarySize !== null) return primarySize;

  const sizes = properties.filter((size): size is ImageSize => size !== null);
  const largest = sizes.sort((a, b) => b.width * b.height - a.width * a.height)[0];
  if (largest === undefined) throw new MalformedHeader('no image size ("ispe") was found');
  return largest;
}

/** Every top-level box must fit inside the data. */
export function heifIsComplete(bytes: Uint8Array): boolean {
  for (const box of childBoxes(bytes, 0, bytes.length)) {
    if (box.end > bytes.length) return false;
  }
  return true;
}

function readPrimaryItem(bytes: Uint8Array, pitm: Box): number {
  return u8(bytes, pitm.payload) === 0 ? u16be(bytes, pitm.payload + 4) : u32be(bytes, pitm.payload + 4);
}

/** The ipco properties in order (ipma indexes them from 1); null for anything but ispe. */
function readImageSizes(bytes: Uint8Array, ipco: Box): (ImageSize | null)[] {
  return [...childBoxes(bytes, ipco.payload, ipco.end)].map((box) =>
    box.type === 'ispe'
      ? { width: u32be(bytes, box.payload + 4), height: u32be(bytes, box.payload + 8) }
      : null,
  );
}

/** Item id -> the 1-based property indices associated with it. */
function readAssociations(bytes: Uint8Array, ipma: Box): Map<number, number[]> {
  const version = u8(bytes, ipma.payload);
  const wideIndices = (u8(bytes, ipma.payload + 3) & 1) === 1;
  const entries = u32be(bytes, ipma.payload + 4);
  const result = new Map<number, number[]>();
  let at = ipma.payload + 8;
  for (let entry = 0; entry < entries && at < ipma.end; entry++) {
    const item = version < 1 ? u16be(bytes, at) : u32be(bytes, at);
    at += version < 1 ? 2 : 4;
    const count = u8(bytes, at++);
    const indices: number[] = [];
    for (let i = 0; i < count; i++) {
      // The top bit flags the property as essential; the rest is the index.
      indices.push(wideIndices ? u16be(bytes, at) & 0x7fff : u8(bytes, at) & 0x7f);
      at += wideIndices ? 2 : 1;
    }
    result.set(item, indices);
  }
  return result;
}
