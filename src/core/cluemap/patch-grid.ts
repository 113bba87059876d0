// The image patches a cue's text is compared with (local consistency takes the best match).
//
// The layout: the whole image, then a 3 x 3 grid of overlapping tiles, each half the image's
// width and height, a quarter apart (starting at 0, 1/4 and 1/2 of each side). Why:
//   - Overlap: any object up to a quarter of the image across lies wholly inside some tile,
//     where a plain grid of thirds would cut objects on its lines in two.
//   - Half-size tiles keep enough context for CLIP, which was trained on whole photos with
//     captions and matches tiny crops poorly.
//   - Tiles keep the photo's aspect ratio. CLIP's preprocessing centre-crops to a square;
//     what a tile loses at its sides, its overlapping neighbour keeps near its centre.
//   - The whole image serves cues about the whole scene (scene type, weather, light).
// Ten patches in all: cheap to encode on a laptop, fine enough for cues that name one object.

export interface PatchBox {
  /** Left edge, in whole pixels from the image's left. */
  readonly x: number;
  /** Top edge, in whole pixels from the image's top. */
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Patch extends PatchBox {
  readonly index: number;
  /** Where it lies, for people: "whole image", "top left", ..., "centre", ... */
  readonly label: string;
}

const GRID = 3;
/** Tile i along a side of length L spans [i L / 4, (i + 2) L / 4]. */
const QUARTERS = GRID + 1;
const ROW_NAMES = ['top', 'middle', 'bottom'] as const;
const COLUMN_NAMES = ['left', 'centre', 'right'] as const;

export const PATCH_COUNT = 1 + GRID * GRID;

/** The patches for an image of `width` x `height` pixels: boxes with whole-pixel edges, all inside the image. */
export function patchGrid(width: number, height: number): Patch[] {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`an image needs a whole, positive width and height, not ${width} x ${height}`);
  }
  const patches: Patch[] = [{ index: 0, label: 'whole image', x: 0, y: 0, width, height }];
  for (let row = 0; row < GRID; row++) {
    const [y, tileHeight] = span(row, height);
    for (let column = 0; column < GRID; column++) {
      const [x, tileWidth] = span(column, width);
      patches.push({ index: patches.length, label: labelOf(row, column), x, y, width: tileWidth, height: tileHeight });
    }
  }
  return patches;
}

/** Start and length of tile `i` along a side of `length` pixels, widened outwards to whole pixels. */
function span(i: number, length: number): [number, number] {
  const start = Math.floor((i * length) / QUARTERS);
  const end = Math.min(length, Math.ceil(((i + 2) * length) / QUARTERS));
  return [start, Math.max(1, end - start)];
}

function labelOf(row: number, column: number): string {
  if (row === 1 && column === 1) return 'centre';
  return `${ROW_NAMES[row]} ${COLUMN_NAMES[column]}`;
}
