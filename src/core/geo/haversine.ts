import type { Km, LatLon } from './types';

export const EARTH_RADIUS_KM = 6371;

const DEG = Math.PI / 180;

/** Great-circle distance between two points on a sphere of radius 6371 km. */
export function haversineKm(a: LatLon, b: LatLon): Km {
  const dLat = (b.lat - a.lat) * DEG;
  const dLon = (b.lon - a.lon) * DEG;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * DEG) * Math.cos(b.lat * DEG) * Math.sin(dLon / 2) ** 2;
  // Rounding can push h a hair above 1 for near-antipodal points, and asin would return NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}
