import { describe, expect, it } from 'vitest';
import { PATCH_COUNT, patchGrid } from '../../../src/core/cluemap/patch-grid';

describe('patchGrid', () => {
  it('gives the whole image and nine overlapping half-size tiles', () => {
    const patches = patchGrid(800, 600);
    expect(patches).toHaveLength(PATCH_COUNT);
    expect(patches[0]).toEqual({ index: 0, label: 'whole image', x: 0, y: 0, width: 800, height: 600 });
    // Tiles start at 0, 1/4 and 1/2 of each side and span half of it.
    expect(patches[1]).toEqual({ index: 1, label: 'top left', x: 0, y: 0, width: 400, height: 300 });
    expect(patches[5]).toEqual({ index: 5, label: 'centre', x: 200, y: 150, width: 400, height: 300 });
    expect(patches[9]).toEqual({ index: 9, label: 'bottom right', x: 400, y: 300, width: 400, height: 300 });
    expect(patches.map((p) => p.label)).toEqual([
      'whole image', 'top left', 'top centre', 'top right', 'middle left', 'centre', 'middle right', 'bottom left', 'bottom centre', 'bottom right',
    ]);
  });

  it('keeps whole-pixel boxes inside the image for any size, and covers every pixel', () => {
    const sizes = [[1, 1], [2, 3], [3, 2], [5, 7], [7, 5], [224, 224], [1001, 333], [4032, 3024], [1, 5000]] as const;
    for (const [width, height] of sizes) {
      const tiles = patchGrid(width, height);
      for (const box of tiles) {
        for (const value of [box.x, box.y, box.width, box.height]) expect(Number.isInteger(value)).toBe(true);
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.y).toBeGreaterThanOrEqual(0);
        expect(box.width).toBeGreaterThanOrEqual(1);
        expect(box.height).toBeGreaterThanOrEqual(1);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.y + box.height).toBeLessThanOrEqual(height);
      }
      const grid = tiles.slice(1);
      expect(grid.some((box) => box.x === 0 && box.y === 0)).toBe(true);
      expect(grid.some((box) => box.x + box.width === width && box.y + box.height === height)).toBe(true);
    }
  });

  it('holds any object up to a quarter of the image inside one tile', () => {
    const width = 1000;
    const tiles = patchGrid(width, width).slice(1, 4);
    for (let start = 0; start + 250 <= width; start += 25) {
      expect(tiles.some((box) => box.x <= start && start + 250 <= box.x + box.width)).toBe(true);
    }
  });

  it('refuses sizes that are not whole positive pixels', () => {
    for (const [w, h] of [[0, 10], [10, -1], [10.5, 10], [Number.NaN, 10], [Infinity, 10]]) {
      expect(() => patchGrid(w!, h!)).toThrow(RangeError);
    }
  });
});
