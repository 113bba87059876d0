import { MalformedHeader, ascii, u32be } from '../bytes';
import type { ImageSize } from '../types';

const SIGNATURE_LENGTH = 8;

export function pngSize(bytes: Uint8Array): ImageSize {
  if (ascii(bytes, 12, 4) !== 'IHDR') throw new MalformedHeader('the PNG does not start with IHDR');
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

/** A complete PNG reaches its IEND chunk by walking chunk lengths. */
export function pngIsComplete(bytes: Uint8Array): boolean {
  let at = SIGNATURE_LENGTH;
  // Each chunk is a 4-byte length, a 4-byte type, the data and a 4-byte CRC.
  while (at + 8 <= bytes.length) {
    if (ascii(bytes, at + 4, 4) === 'IEND') return true;
    at += 12 + u32be(bytes, at);
  }
  return false;
}
