// Metadata of real photos (../shared/data/photos-real) against what ExifTool read (truth.json):
// GPS within 1e-6 degree for every file that has one, orientation, and 0, 0 as no usable fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeGpsFix, storedAngleDegrees } from '../../../src/core/photo/gps-fix';
import { webpExif } from '../../../src/core/photo/formats/webp';
import { photoMetadata } from '../../../src/core/photo/metadata';
import { findXmpPacket, parseXmpCoordinate, xmpGps } from '../../../src/core/photo/xmp-gps';
import { readPhotoMetadata } from '../../../workers/lib/photo-metadata';

const REAL = join(import.meta.dirname, '../../../../shared/data/photos-real');

interface TruthFile {
  file: string;
  lat: number | null;
  lon: number | null;
  orientation: number | null;
  xmp_gps?: unknown;
}

const truth = (JSON.parse(readFileSync(join(REAL, 'truth.json'), 'utf8')) as { files: TruthFile[] }).files;
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(REAL, file)));

describe('metadata of the real photos', () => {
  it('has the photos to check', () => {
    expect(truth.length).toBeGreaterThanOrEqual(30);
    expect(truth.some((f) => /heic|heif/i.test(f.file))).toBe(true);
  });

  it.each(truth.map((f) => [f.file, f] as const))('%s: GPS and orientation as ExifTool reads them', async (_name, expected) => {
    const metadata = await readPhotoMetadata(bytesOf(expected.file));
    const nullIsland = expected.lat === 0 && expected.lon === 0;
    if (expected.lat === null || expected.lon === null || nullIsland) {
      expect(metadata.gps).toBeNull();
    } else {
      expect(metadata.gps).not.toBeNull();
      expect(Math.abs(metadata.gps!.lat - expected.lat)).toBeLessThan(1e-6);
      expect(Math.abs(metadata.gps!.lon - expected.lon)).toBeLessThan(1e-6);
    }
    if (nullIsland) expect(metadata.gpsUnusable).toMatch(/0, 0/);
    expect(metadata.orientation).toBe(expected.orientation);
  });

  it('reads the HEIC GPS extras: altitude, direction and capture time', async () => {
    const heic = await readPhotoMetadata(bytesOf('ianare__IMG_5195.HEIC'));
    expect(heic.altitudeM).toBeCloseTo(260.56, 2);
    expect(heic.directionDeg).toBeCloseTo(348.055, 3);
    expect(heic.directionRef).toBe('magnetic');
    expect(heic.capturedAt).toBe('2021-04-11 15:47:53');
    const nokia = await readPhotoMetadata(bytesOf('ianare__mobile_HMD_Nokia_8.3_5G_hdr.heif'));
    expect(nokia.gpsTime).toBe('2022-01-12 07:30:14');
  });

  it('finds the EXIF of a WebP in its RIFF chunk, which exifr does not read on its own', () => {
    const tiff = webpExif(bytesOf('mei__HTC_Desire.webp'));
    expect(tiff).not.toBeNull();
    expect(['II', 'MM']).toContain(String.fromCharCode(tiff![0]!, tiff![1]!));
  });

  it('reads GPS from XMP when EXIF has none, as ExifTool does', () => {
    for (const expected of truth.filter((f) => f.xmp_gps !== undefined && f.lat !== null)) {
      const packet = findXmpPacket(bytesOf(expected.file));
      expect(packet, expected.file).not.toBeNull();
      const found = photoMetadata(null, packet);
      expect(found.gps?.source).toBe('xmp');
      // XMP keeps minutes to fewer decimals than EXIF's rationals: within about 10 cm.
      expect(Math.abs(found.gps!.lat - expected.lat!)).toBeLessThan(1e-6);
      expect(Math.abs(found.gps!.lon - expected.lon!)).toBeLessThan(1e-6);
    }
  });
});

describe('GPS that is no fix', () => {
  it('calls 0, 0, out-of-range and missing values unusable', () => {
    expect(judgeGpsFix(0, 0).usable).toBe(false);
    expect(judgeGpsFix(91, 10).usable).toBe(false);
    expect(judgeGpsFix(10, -180.5).usable).toBe(false);
    expect(judgeGpsFix(Number.NaN, 3).usable).toBe(false);
    expect(judgeGpsFix(null, 3).usable).toBe(false);
    expect(judgeGpsFix(0, 12.5)).toEqual({ usable: true, point: { lat: 0, lon: 12.5 } });
  });

  it('refuses minutes or seconds of 60 and more, and negative parts', () => {
    expect(storedAngleDegrees([10, 30, 0])).toBe(10.5);
    expect(storedAngleDegrees([10, 60, 0])).toBeNull();
    expect(storedAngleDegrees([10, 0, 75])).toBeNull();
    expect(storedAngleDegrees([-1, 0, 0])).toBeNull();
    const tags = { GPSLatitude: [48, 61, 0], GPSLatitudeRef: 'N', GPSLongitude: [2, 17, 0], GPSLongitudeRef: 'E' };
    const metadata = photoMetadata(tags, null);
    expect(metadata.gps).toBeNull();
    expect(metadata.gpsUnusable).not.toBeNull();
  });

  it('treats zeros with hemisphere letters like 0, 0', () => {
    const metadata = photoMetadata({ GPSLatitude: [0, 0, 0], GPSLatitudeRef: 'S', GPSLongitude: [0, 0, 0], GPSLongitudeRef: 'W', GPSImgDirection: 90 }, null);
    expect(metadata.gps).toBeNull();
    expect(metadata.directionDeg).toBeNull();
  });

  it('reads the forms XMP writes coordinates in', () => {
    expect(parseXmpCoordinate('47,21.251042N', 'lat')).toBeCloseTo(47.35418403, 8);
    expect(parseXmpCoordinate('77,2,57.47W', 'lon')).toBeCloseTo(-77.04929722, 8);
    expect(parseXmpCoordinate('-33.8568', 'lat')).toBeCloseTo(-33.8568, 8);
    expect(parseXmpCoordinate('47,21.2N', 'lon')).toBeNull(); // a latitude letter on a longitude
    expect(parseXmpCoordinate('47,75.0N', 'lat')).toBeNull();
    expect(xmpGps('<x:xmpmeta><rdf:Description exif:GPSLatitude="0,0.0N" exif:GPSLongitude="0,0.0E"/></x:xmpmeta>')!.judgement.usable).toBe(false);
  });
});
