// What a photo says about where and when it was taken: GPS (with altitude, time and the direction
// the camera faced), orientation and capture time. The tags come from an EXIF reader (exifr, outside
// src/core); this module decides what they mean, so the app and the CLI judge them alike.
import type { LatLon } from '../geo/types';
import { judgeGpsFix, storedAngleDegrees, type StoredAngle } from './gps-fix';
import { hasBytes } from './bytes';
import { webpExif } from './formats/webp';
import { xmpGps, xmpValue } from './xmp-gps';

export interface PhotoGps extends LatLon {
  /** Where the position was read: EXIF's GPS directory, or the XMP packet when EXIF has none. */
  readonly source: 'exif' | 'xmp';
}

export interface PhotoMetadata {
  /** A usable GPS position; never 0, 0 or an impossible value. */
  readonly gps: PhotoGps | null;
  /** Why GPS tags that are present give no usable fix; null when there is a fix or no GPS at all. */
  readonly gpsUnusable: string | null;
  /** Metres above sea level (negative below). */
  readonly altitudeM: number | null;
  /** The GPS clock's time (UTC), as "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS" without a date. */
  readonly gpsTime: string | null;
  /** The direction the camera faced, degrees clockwise from north. */
  readonly directionDeg: number | null;
  /** Whether that direction is from true or magnetic north. */
  readonly directionRef: 'true' | 'magnetic' | null;
  /** EXIF orientation 1..8; null when the tag is absent (which means 1). */
  readonly orientation: number | null;
  /** The capture time as the camera wrote it (local time, no zone), "YYYY-MM-DD HH:MM:SS". */
  readonly capturedAt: string | null;
}

export const NO_METADATA: PhotoMetadata = {
  gps: null,
  gpsUnusable: null,
  altitudeM: null,
  gpsTime: null,
  directionDeg: null,
  directionRef: null,
  orientation: null,
  capturedAt: null,
};

/** The subset of exifr's output (reviveValues and translateValues off) this module reads. */
export interface ExifTags {
  readonly [tag: string]: unknown;
}

/**
 * The bytes to give the EXIF reader: the file itself for JPEG, PNG, HEIC/AVIF and TIFF, which
 * exifr walks on its own; for WebP, whose RIFF chunks it does not read, the EXIF chunk's TIFF block.
 * Null when the file has no EXIF the reader could reach.
 */
export function exifSource(bytes: Uint8Array): Uint8Array | null {
  if (hasBytes(bytes, 'RIFF') && hasBytes(bytes, 'WEBP', 8)) {
    try {
      return webpExif(bytes);
    } catch {
      return null;
    }
  }
  return bytes;
}

function numbers(value: unknown): number[] | null {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const list = Array.from(value as ArrayLike<unknown>);
    return list.every((n) => typeof n === 'number') ? (list as number[]) : null;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const list = value.split(/[\s,:]+/).map(Number);
    return list.every(Number.isFinite) ? list : null;
  }
  return null;
}

function firstNumber(value: unknown): number | null {
  const list = numbers(value);
  return list && list.length > 0 && Number.isFinite(list[0]) ? list[0]! : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.replace(/\0+$/, '').trim() || null;
  if (ArrayBuffer.isView(value)) return text(String.fromCharCode(...new Uint8Array((value as Uint8Array).buffer, (value as Uint8Array).byteOffset, Math.min(64, (value as Uint8Array).byteLength))));
  return null;
}

function signedAngle(value: unknown, ref: unknown, negativeRef: string): number | null {
  const parts = numbers(value);
  if (parts === null) return null;
  const degrees = storedAngleDegrees(parts as StoredAngle);
  if (degrees === null) return Number.NaN; // present but impossible
  return text(ref)?.toUpperCase().startsWith(negativeRef) ? -degrees : degrees;
}

/** "YYYY:MM:DD HH:MM:SS" (EXIF's form, also with '-' or 'T') as "YYYY-MM-DD HH:MM:SS"; null when not a date. */
export function exifDateTime(value: unknown): string | null {
  const raw = text(value);
  if (!raw) return null;
  const match = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(raw);
  if (!match || match[1] === '0000') return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

function gpsTime(tags: ExifTags): string | null {
  const parts = numbers(tags.GPSTimeStamp);
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const time = parts && parts.length === 3 && parts[0]! < 24 && parts[1]! < 60 && parts[2]! < 61 ? `${two(parts[0]!)}:${two(parts[1]!)}:${two(parts[2]!)}` : null;
  const date = exifDateTime(tags.GPSDateStamp)?.slice(0, 10) ?? null;
  if (date && time) return `${date} ${time}`;
  return time;
}

function orientation(value: unknown): number | null {
  const n = firstNumber(value);
  return n !== null && Number.isInteger(n) && n >= 1 && n <= 8 ? n : null;
}

/** What the tags (exifr's, or null when the file had none) and the XMP packet say. */
export function photoMetadata(tags: ExifTags | null, xmpPacket: string | null): PhotoMetadata {
  const t = tags ?? {};
  const hasExifGps = t.GPSLatitude !== undefined || t.GPSLongitude !== undefined;
  let gps: PhotoGps | null = null;
  let gpsUnusable: string | null = null;
  let altitudeM: number | null = null;

  if (hasExifGps) {
    const judged = judgeGpsFix(signedAngle(t.GPSLatitude, t.GPSLatitudeRef, 'S'), signedAngle(t.GPSLongitude, t.GPSLongitudeRef, 'W'));
    if (judged.usable) gps = { ...judged.point, source: 'exif' };
    else gpsUnusable = judged.reason;
  }
  const altitude = firstNumber(t.GPSAltitude);
  if (altitude !== null && Number.isFinite(altitude)) altitudeM = firstNumber(t.GPSAltitudeRef) === 1 ? -altitude : altitude;

  if (gps === null && xmpPacket) {
    const fromXmp = xmpGps(xmpPacket);
    if (fromXmp?.judgement.usable) {
      gps = { ...fromXmp.judgement.point, source: 'xmp' };
      gpsUnusable = null;
      altitudeM ??= fromXmp.altitudeM;
    } else if (fromXmp && !hasExifGps) {
      gpsUnusable = fromXmp.judgement.usable ? null : fromXmp.judgement.reason;
    }
  }

  const direction = firstNumber(t.GPSImgDirection);
  const directionRef = text(t.GPSImgDirectionRef)?.toUpperCase();
  const usableDirection = gps !== null && direction !== null && direction >= 0 && direction <= 360;
  return {
    gps,
    gpsUnusable,
    altitudeM: gps ? altitudeM : null,
    gpsTime: gps ? gpsTime(t) : null,
    directionDeg: usableDirection ? direction % 360 : null,
    directionRef: usableDirection ? (directionRef === 'M' ? 'magnetic' : directionRef === 'T' ? 'true' : null) : null,
    orientation: orientation(t.Orientation) ?? (xmpPacket ? orientation(xmpValue(xmpPacket, 'tiff:Orientation')) : null),
    capturedAt:
      exifDateTime(t.DateTimeOriginal) ??
      exifDateTime(t.CreateDate) ??
      exifDateTime(t.DateTime) ??
      (xmpPacket ? exifDateTime(xmpValue(xmpPacket, 'exif:DateTimeOriginal')) ?? exifDateTime(xmpValue(xmpPacket, 'xmp:CreateDate')) : null),
  };
}
