// HEIC/HEIF decoded by libheif's WebAssembly build (the decoder the photo worker loads), on the
// real phone photos: the primary image, upright by the file's own rotation (irot) property.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPhoto } from '../../../src/core/photo/dimensions';
import { childBoxes, findBox, fullBoxChildren } from '../../../src/core/photo/formats/iso-bmff';
import { uprightSharp } from '../../../workers/node/heif';

const REAL = join(import.meta.dirname, '../../../../shared/data/photos-real');
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(REAL, file)));

async function rgba(bytes: Uint8Array) {
  const { data, info } = await (await uprightSharp(bytes, 'test.heic')).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** Offset of the angle byte of the file's irot property (rotation in steps of 90 degrees, anticlockwise). */
function irotOffset(bytes: Uint8Array): number {
  const meta = findBox(bytes, 0, bytes.length, 'meta')!;
  const iprp = [...fullBoxChildren(bytes, meta)].find((box) => box.type === 'iprp')!;
  const ipco = findBox(bytes, iprp.payload, iprp.end, 'ipco')!;
  const irot = [...childBoxes(bytes, ipco.payload, ipco.end)].find((box) => box.type === 'irot');
  if (!irot) throw new Error('no irot property');
  return irot.payload;
}

describe('HEIC decoding with libheif', () => {
  it('decodes the iPhone HEIC at its stored size', async () => {
    const image = await rgba(bytesOf('ianare__IMG_5195.HEIC'));
    expect([image.width, image.height]).toEqual([2566, 3313]);
    // Real content, not a blank frame: the pixels vary.
    const greys = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4 * 9973) greys.add(image.data[i]!);
    expect(greys.size).toBeGreaterThan(20);
  });

  it('decodes the 16-megapixel HEIF of an Android phone', async () => {
    const image = await rgba(bytesOf('ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif'));
    expect([image.width, image.height]).toEqual([4608, 3456]);
  });

  it('turns the image by the file\'s irot property, so it comes out upright', async () => {
    const original = bytesOf('ianare__IMG_5195.HEIC');
    const at = irotOffset(original);
    expect(original[at]! & 3).toBe(0);
    const turned = original.slice();
    turned[at] = 1; // 90 degrees anticlockwise
    const [upright, rotated] = await Promise.all([rgba(original), rgba(turned)]);
    expect([rotated.width, rotated.height]).toEqual([upright.height, upright.width]);
    // Anticlockwise: the upright image's right column becomes the turned image's top row.
    const pixel = (img: typeof upright, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3)];
    for (const [x, y] of [[0, 0], [17, 400], [2000, 123], [rotated.width - 1, rotated.height - 1]] as const) {
      expect(pixel(rotated, x, y)).toEqual(pixel(upright, upright.width - 1 - y, x));
    }
  });

  it('refuses a cut-off HEIC before decoding, and one whose structure names no image, with a clear message', async () => {
    const original = bytesOf('ianare__IMG_5195.HEIC');
    expect(() => checkPhoto(original.slice(0, 40_000), 'cut.heic')).toThrow(/cut off/);
    // libheif fills what is missing with grey, so a cut-off file must be caught by checkPhoto (above).
    const meta = findBox(original, 0, original.length, 'meta')!;
    const iinf = [...fullBoxChildren(original, meta)].find((box) => box.type === 'iinf')!;
    const broken = original.slice();
    broken.set([0x78, 0x78, 0x78, 0x78], iinf.payload - 4); // the item list is renamed away
    const outcome = await rgba(broken).then(
      (image) => `decoded ${image.width} x ${image.height}`,
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/"test.heic" could not be decoded/);
  });

  it('leaves other formats to sharp, with EXIF orientation applied', async () => {
    const turned = await rgba(bytesOf('ianare__orientation_landscape_6.jpg'));
    expect([turned.width, turned.height]).toEqual([600, 450]);
  });
});
