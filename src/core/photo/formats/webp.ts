import { MalformedHeader, ascii, u16le, u24le, u32le, u8 } from '../bytes';
import type { ImageSize } from '../types';

export function webpSize(bytes: Uint8Array): ImageSize {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (u8(bytes, 23) !== 0x9d || u8(bytes, 24) !== 0x01 || u8(bytes, 25) !== 0x2a) {
      throw new MalformedHeader('the lossy WebP frame has no start code');
    }
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature 0x2F, then width - 1 and height - 1 packed in 14 bits each.
    if (u8(bytes, 20) !== 0x2f) throw new MalformedHeader('the lossless WebP has no signature');
    const bits = u32le(bytes, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Extended: canvas width - 1 and height - 1 as 24-bit numbers after 4 bytes of flags.
    return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  }
  throw new MalformedHeader(`the WebP starts with an unknown chunk "${chunk.trim()}"`);
}

/** The RIFF header states the file length; a shorter file was cut off. */
export function webpIsComplete(bytes: Uint8Array): boolean {
  return u32le(bytes, 4) + 8 <= bytes.length;
}

/** The payload of the first RIFF chunk of a WebP with the given four-character id, or null. */
export function webpChunk(bytes: Uint8Array, id: string): Uint8Array | null {
  const end = Math.min(bytes.length, u32le(bytes, 4) + 8);
  let at = 12;
  while (at + 8 <= end) {
    const size = u32le(bytes, at + 4);
    if (ascii(bytes, at, 4) === id) return at + 8 + size <= bytes.length ? bytes.subarray(at + 8, at + 8 + size) : null;
    at += 8 + size + (size % 2); // chunks are padded to an even length
  }
  return null;
}

const EXIF_PREFIX = 'Exif\0\0';

/** The TIFF block of a WebP's EXIF chunk (some writers keep JPEG's "Exif\0\0" prefix), or null. */
export function webpExif(bytes: Uint8Array): Uint8Array | null {
  const chunk = webpChunk(bytes, 'EXIF');
  if (chunk === null) return null;
  const prefixed = chunk.length > EXIF_PREFIX.length && ascii(chunk, 0, EXIF_PREFIX.length) === EXIF_PREFIX;
  return prefixed ? chunk.subarray(EXIF_PREFIX.length) : chunk;
}
