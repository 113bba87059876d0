// libheif's WebAssembly build for the CLI: the same decoder as the photo worker (workers/lib/heif-decode.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { sniffImage } from '../../src/core/photo/sniff';
import { decodeHeifPrimary, startHeifLibrary, type HeifLibrary } from '../lib/heif-decode';

const require = createRequire(import.meta.url);
let library: Promise<HeifLibrary> | null = null;

function loadHeifLibrary(): Promise<HeifLibrary> {
  library ??= (async () => {
    const factory: unknown = require('libheif-js/libheif-wasm/libheif.js');
    const wasmBinary = readFileSync(require.resolve('libheif-js/libheif-wasm/libheif.wasm'));
    return startHeifLibrary(factory, { wasmBinary });
  })();
  return library;
}

export function isHeic(bytes: Uint8Array): boolean {
  try {
    return sniffImage(bytes).kind === 'heic';
  } catch {
    return false;
  }
}

/**
 * A sharp pipeline over the photo, upright: HEIC/HEIF (whose HEVC codec sharp's build lacks) is
 * decoded by libheif, which applies the file's own rotation and mirror; other formats follow EXIF.
 */
export async function uprightSharp(bytes: Uint8Array, name = 'photo'): Promise<Sharp> {
  if (isHeic(bytes)) {
    const image = await decodeHeifPrimary(await loadHeifLibrary(), bytes, name);
    return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 }, limitInputPixels: 120_000_000 });
  }
  return sharp(bytes, { limitInputPixels: 120_000_000 }).rotate();
}
