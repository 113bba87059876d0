// Byte builders for photo tests: real files encoded by sharp, and headers assembled by hand.
import sharp, { type Sharp } from 'sharp';

export function bytesOf(...parts: (string | number[] | Uint8Array)[]): Uint8Array {
  const arrays = parts.map((part) =>
    typeof part === 'string'
      ? Uint8Array.from([...part].map((ch) => ch.charCodeAt(0)))
      : Uint8Array.from(part),
  );
  const out = new Uint8Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const array of arrays) {
    out.set(array, at);
    at += array.length;
  }
  return out;
}

export function text(content: string): Uint8Array {
  return new TextEncoder().encode(content);
}

export function u32be(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

export function u16be(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

export function u32le(value: number): number[] {
  return u32be(value).reverse();
}

export function u16le(value: number): number[] {
  return u16be(value).reverse();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function pngChunk(type: string, data: number[] | Uint8Array = []): Uint8Array {
  const body = bytesOf(type, data);
  return bytesOf(u32be(body.length - 4), body, u32be(crc32(body)));
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A PNG signature and IHDR (8-bit RGB) and, unless `complete` is false, an IEND; no pixel data. */
export function pngHeader(width: number, height: number, complete = true): Uint8Array {
  const ihdr = pngChunk('IHDR', [...u32be(width), ...u32be(height), 8, 2, 0, 0, 0]);
  return complete ? bytesOf(PNG_SIGNATURE, ihdr, pngChunk('IEND')) : bytesOf(PNG_SIGNATURE, ihdr);
}

/** The smallest JPEG skeleton: SOI, APP0, a frame header (SOF0), a scan header, data, EOI. */
export function handMadeJpeg(width: number, height: number, { endMarker = true } = {}): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16be(16), ...'JFIF\0'.split('').map((c) => c.charCodeAt(0)), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, ...u16be(11), 8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0];
  const sos = [0xff, 0xda, ...u16be(8), 1, 1, 0, 0, 63, 0];
  const scanData = [0x12, 0x34, 0xff, 0x00, 0x56];
  return bytesOf([0xff, 0xd8], app0, sof0, sos, scanData, endMarker ? [0xff, 0xd9] : []);
}

/** A 24-bit BMP with a BITMAPINFOHEADER; negative height means rows top to bottom. */
export function bmp(width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixels = new Uint8Array(rowBytes * Math.abs(height));
  const header = bytesOf(
    'BM', u32le(54 + pixels.length), [0, 0, 0, 0], u32le(54),
    u32le(40), u32le(width), u32le(height >>> 0), u16le(1), u16le(24), u32le(0), u32le(pixels.length),
    u32le(2835), u32le(2835), u32le(0), u32le(0),
  );
  return bytesOf(header, pixels);
}

/** An ISO-BMFF box; `full` prepends version and flags. */
export function box(type: string, ...content: (string | number[] | Uint8Array)[]): Uint8Array {
  const body = bytesOf(...content);
  return bytesOf(u32be(body.length + 8), type, body);
}

/**
 * A HEIC-style header like a phone's: item 1 is a grid whose ispe is the full size, listed
 * after a 512 x 512 tile ispe that belongs to item 2. Item 1 is primary unless told otherwise.
 * No pixel data.
 */
export function heicHeader(
  width: number,
  height: number,
  { brand = 'heic', primaryItem = 1 as number | null } = {},
): Uint8Array {
  const ftyp = box('ftyp', brand, u32be(0), 'mif1', brand);
  const pitm = primaryItem === null ? [] : box('pitm', [0, 0, 0, 0], u16be(primaryItem));
  const tileSize = box('ispe', [0, 0, 0, 0], u32be(512), u32be(512));
  const fullSize = box('ispe', [0, 0, 0, 0], u32be(width), u32be(height));
  const ipco = box('ipco', tileSize, fullSize);
  // Version 0, flags 0: 16-bit item ids and 7-bit property indices (top bit = essential).
  const ipma = box('ipma', [0, 0, 0, 0], u32be(2), u16be(2), [1, 0x81], u16be(1), [1, 0x82]);
  const meta = box('meta', [0, 0, 0, 0], box('hdlr', [0, 0, 0, 0], u32be(0), 'pict', new Uint8Array(13)), pitm, box('iprp', ipco, ipma));
  return bytesOf(ftyp, meta, box('mdat', new Uint8Array(16)));
}

type Encode = (image: Sharp) => Sharp;

/** A real image file of the given size, encoded by sharp from a colour gradient-ish fill. */
export async function encoded(width: number, height: number, encode: Encode, alpha = false): Promise<Uint8Array> {
  const channels = alpha ? 4 : 3;
  const raw = Buffer.alloc(width * height * channels);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 37) % 251;
  const buffer = await encode(sharp(raw, { raw: { width, height, channels } })).toBuffer();
  return new Uint8Array(buffer);
}
