import { u16le } from '../bytes';
import type { ImageSize } from '../types';

/** The logical screen size from the GIF header. */
export function gifSize(bytes: Uint8Array): ImageSize {
  return { width: u16le(bytes, 6), height: u16le(bytes, 8) };
}
