// Cutting patch boxes out of decoded pixels, so all patches can go to the image encoder together.

import type { PatchBox } from './patch-grid';

/** Decoded pixels, row-major, `channels` bytes per pixel (4 for RGBA from a canvas, 3 for RGB). */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: ArrayLike<number>;
}

/** An RGB image, 3 bytes per pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export function checkPixels(pixels: Pixels): void {
  const { width, height, channels, data } = pixels;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`an image needs a whole, positive width and height, not ${width} x ${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`a ${width} x ${height} image with ${channels} channels needs ${width * height * channels} bytes, not ${data.length}`);
  }
}

/** The box's pixels as RGB (alpha dropped). The box must lie inside the image. */
export function cropRgb(pixels: Pixels, box: PatchBox): RgbImage {
  const { width, height, channels, data } = pixels;
  if (box.x < 0 || box.y < 0 || box.width < 1 || box.height < 1 || box.x + box.width > width || box.y + box.height > height) {
    throw new RangeError(`box ${box.width} x ${box.height} at (${box.x}, ${box.y}) is not inside a ${width} x ${height} image`);
  }
  const out = new Uint8ClampedArray(box.width * box.height * 3);
  let o = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    let i = (y * width + box.x) * channels;
    for (let x = 0; x < box.width; x++, i += channels) {
      out[o++] = data[i]!;
      out[o++] = data[i + 1]!;
      out[o++] = data[i + 2]!;
    }
  }
  return { width: box.width, height: box.height, data: out };
}
