// Geotagged copies: the GPS reads back, every other byte of the image data is untouched, and the
// tags that were there before still read correctly.
import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PhotoError } from '../../../src/core/photo/photo-error';
import { geotagJpeg, jpegSegments, toDmsRationals } from '../../../src/core/photo/geotag';
import { bytesOf, u16le, u32le } from './fixtures';

const SOS = 0xda;
const APP1 = 0xe1;

function pattern(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 7) * 11) & 0xff;
  return data;
}

async function plainJpeg(): Promise<Uint8Array> {
  return new Uint8Array(await sharp(pattern(96, 64), { raw: { width: 96, height: 64, channels: 3 } }).jpeg({ quality: 85 }).toBuffer());
}

async function exifJpeg(withGps: boolean): Promise<Uint8Array> {
  const gps = withGps
    ? { IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 51/1 3100/100', GPSLongitudeRef: 'E', GPSLongitude: '151/1 12/1 3000/100', GPSAltitude: '58/1' } }
    : {};
  return new Uint8Array(
    await sharp(pattern(96, 64), { raw: { width: 96, height: 64, channels: 3 } })
      .jpeg({ quality: 85 })
      .withExif({ IFD0: { Make: 'Whereabouts', Model: 'unit test camera', Software: 'geotag test' }, IFD2: { DateTimeOriginal: '2024:05:06 07:08:09', UserComment: 'kept' }, ...gps })
      .toBuffer(),
  );
}

/** A little-endian EXIF block by hand: IFD0 with Make (stored out of line) and Orientation. */
function littleEndianExif(): Uint8Array {
  const make = 'HandMade\0';
  const makeAt = 8 + 2 + 2 * 12 + 4;
  const tiff = bytesOf('II', u16le(42), u32le(8), u16le(2),
    u16le(0x010f), u16le(2), u32le(make.length), u32le(makeAt),
    u16le(0x0112), u16le(3), u32le(1), [6, 0, 0, 0],
    u32le(0), make);
  const length = 2 + 6 + tiff.length;
  return bytesOf([0xff, APP1, length >> 8, length & 0xff], 'Exif\0\0', tiff);
}

async function withSegmentAfterSoi(segment: Uint8Array): Promise<Uint8Array> {
  const jpeg = await plainJpeg();
  return bytesOf(jpeg.subarray(0, 2), segment, jpeg.subarray(2));
}

/** Everything from the start of the scan header to the end of the file. */
function scan(bytes: Uint8Array): Uint8Array {
  const sos = jpegSegments(bytes).find((s) => s.marker === SOS)!;
  return bytes.subarray(sos.start);
}

/** The segments other than APP1, as byte strings. */
function otherSegments(bytes: Uint8Array): string[] {
  return jpegSegments(bytes)
    .filter((s) => s.marker !== APP1)
    .map((s) => Buffer.from(bytes.subarray(s.start, s.end)).toString('hex'));
}

async function pixels(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).raw().toBuffer();
}

const SYDNEY = { lat: -33.856784, lon: 151.215297 };
const REYKJAVIK = { lat: 64.1466, lon: -21.9426 };

async function expectTagged(before: Uint8Array, point: { lat: number; lon: number }): Promise<Uint8Array> {
  const after = geotagJpeg(before, point, 'photo.jpg');
  expect(Buffer.from(scan(after)).equals(Buffer.from(scan(before)))).toBe(true);
  expect(otherSegments(after)).toEqual(otherSegments(before));
  expect((await pixels(after)).equals(await pixels(before))).toBe(true);
  const gps = await exifr.gps(after);
  expect(gps.latitude).toBeCloseTo(point.lat, 6);
  expect(gps.longitude).toBeCloseTo(point.lon, 6);
  return after;
}

describe('geotagJpeg', () => {
  it('adds an EXIF segment to a JPEG without one, after the JFIF header', async () => {
    const before = await plainJpeg();
    expect(jpegSegments(before).some((s) => s.marker === APP1)).toBe(false);
    const after = await expectTagged(before, SYDNEY);
    const markers = jpegSegments(after).map((s) => s.marker);
    expect(markers.indexOf(APP1)).toBe(markers[0] === 0xe0 ? 1 : 0);
    expect((await exifr.parse(after, { gps: true })).GPSMapDatum).toBe('WGS-84');
  });

  it('adds GPS to an EXIF block without it and keeps the other tags readable', async () => {
    const before = await exifJpeg(false);
    expect(await exifr.gps(before)).toBeUndefined();
    const after = await expectTagged(before, REYKJAVIK);
    const tags = await exifr.parse(after, { ifd0: {}, exif: true, gps: true });
    expect(tags.Make).toBe('Whereabouts');
    expect(tags.Model).toBe('unit test camera');
    expect(tags.Software).toBe('geotag test');
    expect(tags.DateTimeOriginal).toEqual(await exifr.parse(before).then((t) => t.DateTimeOriginal));
    expect(tags.GPSLatitudeRef).toBe('N');
    expect(tags.GPSLongitudeRef).toBe('W');
  });

  it('replaces GPS that is already there, whole', async () => {
    const before = await exifJpeg(true);
    expect((await exifr.gps(before)).latitude).toBeCloseTo(-33.8586, 3);
    const after = await expectTagged(before, REYKJAVIK);
    const tags = await exifr.parse(after, { gps: true });
    expect(tags.GPSAltitude).toBeUndefined(); // the old directory is gone, not merged
    expect(tags.Make).toBe('Whereabouts');
  });

  it('keeps a little-endian EXIF block little-endian and its tags intact', async () => {
    const before = await withSegmentAfterSoi(littleEndianExif());
    const after = await expectTagged(before, SYDNEY);
    const app1 = jpegSegments(after).find((s) => s.marker === APP1)!;
    expect(String.fromCharCode(after[app1.start + 10]!, after[app1.start + 11]!)).toBe('II');
    const tags = await exifr.parse(after, { ifd0: {}, gps: true, translateValues: false });
    expect(tags.Make).toBe('HandMade');
    expect(tags.Orientation).toBe(6);
  });

  it('can tag the same photo again; the last position wins', async () => {
    const once = geotagJpeg(await exifJpeg(true), SYDNEY);
    await expectTagged(once, { lat: 0, lon: -180 });
    await expectTagged(once, { lat: 90, lon: 180 });
  });

  it('writes degrees, minutes and seconds that carry correctly', () => {
    expect(toDmsRationals(48.8582)).toEqual([[48, 1], [51, 1], [295_200, 10_000]]);
    expect(toDmsRationals(-0.99999999)).toEqual([[1, 1], [0, 1], [0, 10_000]]);
  });

  it('refuses a PNG, an empty file and a cut-off JPEG with a clear error', async () => {
    const png = new Uint8Array(await sharp(pattern(8, 8), { raw: { width: 8, height: 8, channels: 3 } }).png().toBuffer());
    expect(() => geotagJpeg(png, SYDNEY, 'photo.png')).toThrow(/"photo.png" is not a JPEG/);
    try {
      geotagJpeg(new Uint8Array(0), SYDNEY);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PhotoError);
      expect((error as PhotoError).code).toBe('unsupported');
    }
    const jpeg = await plainJpeg();
    expect(() => geotagJpeg(jpeg.subarray(0, 40), SYDNEY, 'cut.jpg')).toThrow(PhotoError);
    expect(() => geotagJpeg(jpeg, { lat: 91, lon: 0 })).toThrow(/latitude/);
  });

  it('refuses an EXIF block that points outside itself', async () => {
    const broken = littleEndianExif();
    broken.set(u32le(0xfff0), 4 + 6 + 4); // IFD0 offset far past the end
    const jpeg = await withSegmentAfterSoi(broken);
    expect(() => geotagJpeg(jpeg, SYDNEY, 'x.jpg')).toThrow(/EXIF block points outside itself/);
  });
});

