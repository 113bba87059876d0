import { MalformedHeader, i32le, u16le, u32le } from '../bytes';
import type { ImageSize } from '../types';

const CORE_HEADER_SIZE = 12;

export function bmpSize(bytes: Uint8Array): ImageSize {
  if (u32le(bytes, 14) === CORE_HEADER_SIZE) {
    return { width: u16le(bytes, 18), height: u16le(bytes, 20) };
  }
  const width = i32le(bytes, 18);
  const height = i32le(bytes, 22);
  if (width < 0) throw new MalformedHeader('the BMP has a negative width');
  // A negative height only means the rows are stored top to bottom.
  return { width, height: Math.abs(height) };
}
