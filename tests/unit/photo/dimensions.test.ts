import { describe, expect, it } from 'vitest';
import {
  MAX_PHOTO_PIXELS,
  MAX_PHOTO_SIDE,
  checkPhoto,
  downscaleTarget,
  readDimensions,
} from '../../../src/core/photo/dimensions';
import { PhotoError } from '../../../src/core/photo/sniff';
import { bmp, bytesOf, encoded, handMadeJpeg, heicHeader, pngChunk, pngHeader, PNG_SIGNATURE, u16le, u32le } from './fixtures';

function errorOf(run: () => unknown): PhotoError {
  try {
    run();
  } catch (error) {
    if (error instanceof PhotoError) return error;
    throw error;
  }
  throw new Error('expected a PhotoError');
}

function webpHeader(chunk: string, payload: number[], riffSize?: number): Uint8Array {
  const body = bytesOf('WEBP', chunk, u32le(payload.length), payload);
  return bytesOf('RIFF', u32le(riffSize ?? body.length), body);
}

describe('checkPhoto reads sizes from real files', () => {
  it.each([
    ['baseline JPEG', (w: number, h: number) => encoded(w, h, (s) => s.jpeg())],
    ['progressive JPEG with EXIF', (w: number, h: number) => encoded(w, h, (s) => s.jpeg({ progressive: true }).withMetadata())],
    ['PNG', (w: number, h: number) => encoded(w, h, (s) => s.png())],
    ['lossy WebP (VP8)', (w: number, h: number) => encoded(w, h, (s) => s.webp())],
    ['lossless WebP (VP8L)', (w: number, h: number) => encoded(w, h, (s) => s.webp({ lossless: true }))],
    ['WebP with alpha (VP8X)', (w: number, h: number) => encoded(w, h, (s) => s.webp(), true)],
    ['GIF', (w: number, h: number) => encoded(w, h, (s) => s.gif())],
    ['AVIF', (w: number, h: number) => encoded(w, h, (s) => s.avif())],
  ])('%s', async (_label, make) => {
    const bytes = await make(37, 21);
    expect(checkPhoto(bytes)).toMatchObject({ width: 37, height: 21 });
  });

  it('reports kind and mime type', async () => {
    expect(checkPhoto(await encoded(3, 2, (s) => s.webp()))).toEqual({
      kind: 'webp',
      mime: 'image/webp',
      width: 3,
      height: 2,
    });
  });
});

describe('checkPhoto reads sizes from hand-made headers', () => {
  it('JPEG with a frame header written by hand', () => {
    expect(checkPhoto(handMadeJpeg(640, 480))).toEqual({ kind: 'jpeg', mime: 'image/jpeg', width: 640, height: 480 });
  });

  it('JPEG with data after the end marker', () => {
    expect(checkPhoto(bytesOf(handMadeJpeg(5, 7), 'trailer data')).width).toBe(5);
  });

  it('BMP stored bottom-up and top-down', () => {
    expect(checkPhoto(bmp(5, 3))).toMatchObject({ kind: 'bmp', width: 5, height: 3 });
    expect(checkPhoto(bmp(5, -3))).toMatchObject({ width: 5, height: 3 });
  });

  it('GIF logical screen', () => {
    expect(checkPhoto(bytesOf('GIF89a', u16le(300), u16le(200), [0, 0, 0]))).toMatchObject({ width: 300, height: 200 });
  });

  it('WebP VP8X canvas, 24-bit sizes', () => {
    const vp8x = webpHeader('VP8X', [0x10, 0, 0, 0, ...u32le(4999).slice(0, 3), ...u32le(2999).slice(0, 3)]);
    expect(readDimensions(vp8x, 'webp')).toEqual({ width: 5000, height: 3000 });
  });

  it('HEIC: the primary item size, not the first tile', () => {
    expect(checkPhoto(heicHeader(4032, 3024))).toEqual({ kind: 'heic', mime: 'image/heic', width: 4032, height: 3024 });
    expect(readDimensions(heicHeader(4032, 3024, { primaryItem: 2 }), 'heic')).toEqual({ width: 512, height: 512 });
  });

  it('HEIC without a primary item: the largest size listed', () => {
    expect(readDimensions(heicHeader(4032, 3024, { primaryItem: null }), 'heic')).toEqual({ width: 4032, height: 3024 });
  });
});

describe('checkPhoto limits', () => {
  it('exports the limits', () => {
    expect(MAX_PHOTO_PIXELS).toBe(120_000_000);
    expect(MAX_PHOTO_SIDE).toBe(30_000);
  });

  it('refuses a 40000 x 40000 PNG from its header alone', () => {
    for (const bytes of [pngHeader(40_000, 40_000), pngHeader(40_000, 40_000, false)]) {
      const error = errorOf(() => checkPhoto(bytes, 'huge.png'));
      expect(error.code).toBe('too-large');
      expect(error.fileName).toBe('huge.png');
      expect(error.message).toBe(
        '"huge.png" is 40000 x 40000 pixels (1600 megapixels), too large to open here: ' +
          'the limit is 120 megapixels and 30000 pixels per side. Resize it and try again.',
      );
    }
  });

  it('refuses too many pixels or too long a side, and accepts exactly the limit', () => {
    expect(errorOf(() => checkPhoto(pngHeader(11_000, 11_000))).code).toBe('too-large');
    expect(errorOf(() => checkPhoto(pngHeader(30_001, 10))).code).toBe('too-large');
    expect(errorOf(() => checkPhoto(handMadeJpeg(10, 30_001))).code).toBe('too-large');
    expect(errorOf(() => checkPhoto(heicHeader(16_000, 8_000))).code).toBe('too-large');
    expect(checkPhoto(pngHeader(30_000, 4_000))).toMatchObject({ width: 30_000, height: 4_000 });
  });
});

describe('checkPhoto finds damaged files', () => {
  it('a JPEG without its end marker', () => {
    const error = errorOf(() => checkPhoto(handMadeJpeg(64, 48, { endMarker: false }), 'cut.jpg'));
    expect(error.code).toBe('truncated');
    expect(error.message).toBe(
      '"cut.jpg" seems to be cut off: the JPEG data stops before its end marker. ' +
        'It may not have finished downloading or copying; try the original file again.',
    );
  });

  it('a real JPEG, PNG, WebP and AVIF cut short', async () => {
    const files = [
      await encoded(40, 30, (s) => s.jpeg()),
      await encoded(40, 30, (s) => s.png()),
      await encoded(40, 30, (s) => s.webp()),
      await encoded(40, 30, (s) => s.avif()),
    ];
    for (const bytes of files) {
      expect(() => checkPhoto(bytes)).not.toThrow();
      expect(errorOf(() => checkPhoto(bytes.subarray(0, bytes.length - 20))).code).toBe('truncated');
    }
  });

  it('a JPEG cut before its scan or inside its header', async () => {
    const jpeg = handMadeJpeg(64, 48);
    expect(errorOf(() => checkPhoto(jpeg.subarray(0, 30))).code).toBe('truncated'); // after SOF, before SOS
    expect(errorOf(() => checkPhoto(jpeg.subarray(0, 12))).code).toBe('truncated'); // inside APP0
    expect(errorOf(() => checkPhoto(jpeg.subarray(0, 3))).message).toMatch(/before its image header/);
  });

  it('a PNG without IEND, or with a chunk longer than the data', () => {
    expect(errorOf(() => checkPhoto(pngHeader(10, 10, false))).message).toMatch(/stops before its end chunk/);
    const cut = bytesOf(pngHeader(10, 10, false), pngChunk('IDAT', new Uint8Array(100)).subarray(0, 50));
    expect(errorOf(() => checkPhoto(cut)).code).toBe('truncated');
  });

  it('a WebP whose RIFF size is larger than the data', () => {
    const vp8l = [0x2f, ...u32le(((9 - 1) << 14) | (16 - 1))];
    expect(checkPhoto(webpHeader('VP8L', vp8l))).toMatchObject({ width: 16, height: 9 });
    expect(errorOf(() => checkPhoto(webpHeader('VP8L', vp8l, 4000))).message).toMatch(/shorter than its WebP header says/);
  });

  it('a PNG whose first chunk is not IHDR, or whose size is zero, as corrupt', () => {
    const noIhdr = bytesOf(PNG_SIGNATURE, pngChunk('tEXt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), pngChunk('IEND'));
    const error = errorOf(() => checkPhoto(noIhdr, 'odd.png'));
    expect(error.code).toBe('corrupt');
    expect(error.message).toBe('"odd.png" has a damaged PNG header (the PNG does not start with IHDR), so it cannot be opened.');
    expect(errorOf(() => checkPhoto(pngHeader(0, 10))).code).toBe('corrupt');
  });

  it('a JPEG whose segments do not line up, as corrupt', () => {
    expect(errorOf(() => checkPhoto(bytesOf([0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0x00, 0x11]))).code).toBe('corrupt');
  });

  it('passes on the errors of sniffImage', () => {
    expect(errorOf(() => checkPhoto(new Uint8Array(0), 'a.jpg')).code).toBe('empty');
    expect(errorOf(() => checkPhoto(new TextEncoder().encode('hello'), 'a.jpg')).code).toBe('not-an-image');
  });
});

describe('downscaleTarget', () => {
  it('shrinks the longer side to the limit and keeps the aspect ratio', () => {
    expect(downscaleTarget(4032, 3024)).toEqual({ width: 2048, height: 1536 });
    expect(downscaleTarget(3024, 4032)).toEqual({ width: 1536, height: 2048 });
    expect(downscaleTarget(6000, 4000, 1000)).toEqual({ width: 1000, height: 667 });
    expect(downscaleTarget(4096, 4096)).toEqual({ width: 2048, height: 2048 });
  });

  it('never enlarges', () => {
    expect(downscaleTarget(800, 600)).toEqual({ width: 800, height: 600 });
    expect(downscaleTarget(2048, 10)).toEqual({ width: 2048, height: 10 });
  });

  it('keeps at least one pixel on a very thin image', () => {
    expect(downscaleTarget(30_000, 2, 2048)).toEqual({ width: 2048, height: 1 });
  });

  it('rejects sizes that are not positive', () => {
    expect(() => downscaleTarget(0, 10)).toThrow(RangeError);
    expect(() => downscaleTarget(10, Number.NaN)).toThrow(RangeError);
    expect(() => downscaleTarget(10, 10, -1)).toThrow(RangeError);
  });
});
