import { describe, expect, it } from 'vitest';
import { checkPixels, cropRgb, type Pixels } from '../../../src/core/cluemap/crop';
import { patchGrid } from '../../../src/core/cluemap/patch-grid';

/** Each pixel's bytes say where it is: R = x, G = y, B = 7, A = 255. */
function labelled(width: number, height: number, channels: 3 | 4): Pixels {
  const data = new Uint8ClampedArray(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data.set(channels === 4 ? [x, y, 7, 255] : [x, y, 7], i);
    }
  }
  return { width, height, channels, data };
}

describe('cropRgb', () => {
  it.each([3, 4] as const)('cuts the box out of %i-channel pixels as RGB', (channels) => {
    const crop = cropRgb(labelled(10, 8, channels), { x: 3, y: 2, width: 4, height: 5 });
    expect(crop.width).toBe(4);
    expect(crop.height).toBe(5);
    expect(crop.data).toHaveLength(4 * 5 * 3);
    expect(Array.from(crop.data.subarray(0, 3))).toEqual([3, 2, 7]);
    const last = (4 * 5 - 1) * 3;
    expect(Array.from(crop.data.subarray(last, last + 3))).toEqual([6, 6, 7]);
  });

  it('crops every patch of the grid, the whole image first', () => {
    const image = labelled(37, 23, 4);
    const crops = patchGrid(37, 23).map((box) => cropRgb(image, box));
    expect(crops).toHaveLength(10);
    expect(crops[0]).toMatchObject({ width: 37, height: 23 });
    expect(Array.from(crops[9]!.data.subarray(0, 2))).toEqual([patchGrid(37, 23)[9]!.x, patchGrid(37, 23)[9]!.y]);
  });

  it('refuses boxes outside the image and inconsistent pixel buffers', () => {
    const image = labelled(10, 8, 3);
    expect(() => cropRgb(image, { x: 8, y: 0, width: 3, height: 1 })).toThrow(/not inside/);
    expect(() => cropRgb(image, { x: 0, y: 0, width: 0, height: 1 })).toThrow(/not inside/);
    expect(() => checkPixels({ width: 10, height: 8, channels: 4, data: new Uint8ClampedArray(10) })).toThrow(/needs 320 bytes/);
    expect(() => checkPixels({ width: 0, height: 8, channels: 4, data: new Uint8ClampedArray(0) })).toThrow(/positive/);
  });
});
