// Whether the GPS a photo carries is a position at all. Phones without a fix write 0, 0 (or zeros
// with a hemisphere), broken writers put minutes past 60 or degrees past 90; none of those is a
// place on Earth the photo was taken, so none is drawn on the map or used as ground truth.
import type { LatLon } from '../geo/types';

export type GpsJudgement = { readonly usable: true; readonly point: LatLon } | { readonly usable: false; readonly reason: string };

/** Degrees, minutes, seconds as stored (EXIF rationals already divided), or a single decimal value. */
export type StoredAngle = readonly number[];

/** Decimal degrees of an EXIF angle, or null when a part is missing or impossible (minutes or seconds of 60 and more, negative parts). */
export function storedAngleDegrees(parts: StoredAngle): number | null {
  if (parts.length === 0 || parts.length > 3 || !parts.every((p) => Number.isFinite(p) && p >= 0)) return null;
  const [degrees = 0, minutes = 0, seconds = 0] = parts;
  if (parts.length > 1 && minutes >= 60) return null;
  if (parts.length > 2 && seconds >= 60) return null;
  return degrees + minutes / 60 + seconds / 3600;
}

export function judgeGpsFix(lat: number | null, lon: number | null): GpsJudgement {
  if (lat === null || lon === null || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return { usable: false, reason: 'its latitude or longitude is missing or not a number' };
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return { usable: false, reason: `(${lat}, ${lon}) lies outside the range of latitudes and longitudes` };
  }
  if (lat === 0 && lon === 0) {
    return { usable: false, reason: 'it is exactly 0, 0, which phones write when they have no fix' };
  }
  return { usable: true, point: { lat, lon } };
}
