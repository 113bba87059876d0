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
