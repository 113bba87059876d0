import { describe, expect, it } from 'vitest';
import { PhotoError, sniffImage } from '../../../src/core/photo/sniff';
import { bmp, bytesOf, encoded, handMadeJpeg, heicHeader, pngHeader, text, u32le } from './fixtures';

function errorOf(run: () => unknown): PhotoError {
  try {
    run();
  } catch (error) {
    if (error instanceof PhotoError) return error;
    throw error;
  }
  throw new Error('expected a PhotoError');
}

describe('sniffImage recognises', () => {
  it('hand-made headers by their magic bytes', () => {
    expect(sniffImage(handMadeJpeg(4, 3))).toEqual({ kind: 'jpeg', mime: 'image/jpeg' });
    expect(sniffImage(pngHeader(4, 3))).toEqual({ kind: 'png', mime: 'image/png' });
    expect(sniffImage(bmp(2, 2))).toEqual({ kind: 'bmp', mime: 'image/bmp' });
    expect(sniffImage(heicHeader(4032, 3024))).toEqual({ kind: 'heic', mime: 'image/heic' });
    expect(sniffImage(bytesOf('GIF87a', [1, 0, 1, 0]))).toEqual({ kind: 'gif', mime: 'image/gif' });
  });

  it('files encoded by sharp', async () => {
    const cases = [
      ['jpeg', await encoded(8, 6, (s) => s.jpeg())],
      ['png', await encoded(8, 6, (s) => s.png())],
      ['webp', await encoded(8, 6, (s) => s.webp())],
      ['gif', await encoded(8, 6, (s) => s.gif())],
      ['avif', await encoded(8, 6, (s) => s.avif())],
    ] as const;
    for (const [kind, bytes] of cases) expect(sniffImage(bytes).kind).toBe(kind);
  });

  it('AVIF by a compatible brand even when the major brand is generic', () => {
    expect(sniffImage(heicHeader(10, 10, { brand: 'avif' })).kind).toBe('avif');
  });

  it('the content, never the name', () => {
    expect(sniffImage(pngHeader(1, 1), 'holiday.jpg').kind).toBe('png');
    expect(errorOf(() => sniffImage(text('hello'), 'photo.jpg')).code).toBe('not-an-image');
  });
});

describe('sniffImage rejects', () => {
  it('an empty file', () => {
    const error = errorOf(() => sniffImage(new Uint8Array(0), 'IMG_0001.jpg'));
    expect(error).toMatchObject({ name: 'PhotoError', code: 'empty', fileName: 'IMG_0001.jpg' });
    expect(error.message).toBe('"IMG_0001.jpg" is empty (0 bytes), so there is no photo to read.');
  });

  it.each([
    ['notes.txt', text('Dear diary, today we went to the beach.\n'), 'looks like text'],
    ['notes-fr.txt', text('Été à Genève: ça été génial ✓\r\n'), 'looks like text'],
    ['utf16.txt', bytesOf([0xff, 0xfe, 0x48, 0, 0x69, 0]), 'looks like text'],
    ['page.html', text('  <!DOCTYPE html><html><body></body></html>'), 'looks like a web page'],
    ['scan.pdf', bytesOf('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'looks like a PDF document'],
    ['photos.zip', bytesOf('PK\x03\x04', [20, 0, 0, 0, 8, 0]), 'looks like a ZIP archive'],
    ['clip.mp4', bytesOf([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0], 'isommp42'), 'looks like a video'],
    ['sound.wav', bytesOf('RIFF', u32le(36), 'WAVEfmt '), 'looks like an audio file'],
    ['setup.exe', bytesOf('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0]), 'looks like a program'],
  ])('%s as not-an-image (%s)', (name, bytes, phrase) => {
    const error = errorOf(() => sniffImage(bytes, name));
    expect(error.code).toBe('not-an-image');
    expect(error.message).toBe(`"${name}" ${phrase}${error.message.slice(name.length + 3 + phrase.length)}`);
    expect(error.message).toContain('not a photo. Choose a JPEG, PNG, WebP, AVIF or HEIC photo.');
  });

  it('unknown binary data with a plain sentence', () => {
    const error = errorOf(() => sniffImage(bytesOf([0x00, 0x13, 0x37, 0xfe, 0x01, 0x02])));
    expect(error.code).toBe('not-an-image');
    expect(error.message).toBe('This file is not an image Whereabouts recognises. Choose a JPEG, PNG, WebP, AVIF or HEIC photo.');
  });

  it.each([
    ['scan.tif', bytesOf('II*\0', u32le(8)), 'a TIFF image or camera RAW file'],
    ['scan-mm.tif', bytesOf('MM\0*', [0, 0, 0, 8]), 'a TIFF image or camera RAW file'],
    ['art.psd', bytesOf('8BPS', [0, 1]), 'a Photoshop document'],
    ['photo.jxl', bytesOf([0xff, 0x0a, 0xfa, 0x7f]), 'a JPEG XL image'],
    ['photo.jp2', bytesOf([0, 0, 0, 0x0c], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a]), 'a JPEG 2000 image'],
    ['logo.svg', text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'an SVG drawing'],
    ['favicon.ico', bytesOf([0, 0, 1, 0, 1, 0, 16, 16]), 'an icon file'],
  ])('%s as unsupported', (name, bytes, description) => {
    const error = errorOf(() => sniffImage(bytes, name));
    expect(error.code).toBe('unsupported');
    expect(error.message).toBe(
      `"${name}" is ${description}, which Whereabouts cannot open. Save it as a JPEG or PNG and try again.`,
    );
  });

  it('a real TIFF written by sharp as unsupported', async () => {
    const tiff = await encoded(4, 4, (s) => s.tiff());
    expect(errorOf(() => sniffImage(tiff)).code).toBe('unsupported');
  });

  it('text that happens to start with "BM" as text, not a bitmap', () => {
    expect(errorOf(() => sniffImage(text('BMW service record, 2019-2024, all stamps present'))).code).toBe(
      'not-an-image',
    );
  });
});
