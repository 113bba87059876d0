// Points around a centre, laid out on the tangent plane at that centre (azimuthal equidistant):
// a square grid of east and north offsets in kilometres, each walked along a great circle. Working
// with unit vectors keeps it valid at the poles (where "east" is picked arbitrarily) and across the
// antimeridian (longitudes come back in [-180, 180]).

import { EARTH_RADIUS_KM } from '../geo/haversine';
import type { LatLon } from '../geo/types';

const DEG = Math.PI / 180;

type Vec = readonly [number, number, number];

function unit(point: LatLon): Vec {
  const lat = point.lat * DEG;
  const lon = point.lon * DEG;
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

function latLonOf([x, y, z]: Vec): LatLon {
  const lat = Math.atan2(z, Math.hypot(x, y)) / DEG;
  // At a pole the longitude is arbitrary; 0 keeps it a plain number.
  const lon = Math.hypot(x, y) < 1e-12 ? 0 : Math.atan2(y, x) / DEG;
  return { lat, lon: lon === -180 ? 180 : lon };
}

/** East and north unit vectors of the tangent plane at `centre`. */
function tangentFrame(c: Vec): { east: Vec; north: Vec } {
  let east: Vec = [-c[1], c[0], 0]; // z × c
  const length = Math.hypot(east[0], east[1]);
  // At a pole z × c vanishes: any horizontal direction will do as "east".
  east = length < 1e-12 ? [0, 1, 0] : [east[0] / length, east[1] / length, 0];
  const north: Vec = [c[1] * east[2] - c[2] * east[1], c[2] * east[0] - c[0] * east[2], c[0] * east[1] - c[1] * east[0]]; // c × east
  return { east, north };
}

/** The point reached from `centre` by going `eastKm` east and `northKm` north on the tangent plane, then along the great circle. */
export function offsetPoint(centre: LatLon, eastKm: number, northKm: number): LatLon {
  const c = unit(centre);
  const distance = Math.hypot(eastKm, northKm);
  if (distance === 0) return latLonOf(c);
  const { east, north } = tangentFrame(c);
  const angle = distance / EARTH_RADIUS_KM;
  const ue = eastKm / distance;
  const un = northKm / distance;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return latLonOf([
    c[0] * cos + (east[0] * ue + north[0] * un) * sin,
    c[1] * cos + (east[1] * ue + north[1] * un) * sin,
    c[2] * cos + (east[2] * ue + north[2] * un) * sin,
  ]);
}

/**
 * A (2·halfSteps + 1)² grid of points `spacingKm` apart centred on `centre`, without the centre
 * itself (it has been scored already): row by row, south to north, west to east.
 */
export function gridAround(centre: LatLon, spacingKm: number, halfSteps: number): LatLon[] {
  if (!(spacingKm > 0) || !Number.isFinite(spacingKm)) throw new RangeError(`Grid spacing must be a positive number of kilometres, not ${spacingKm}.`);
  if (!Number.isInteger(halfSteps) || halfSteps < 1) throw new RangeError(`A grid needs at least one step each way, not ${halfSteps}.`);
  const points: LatLon[] = [];
  for (let row = -halfSteps; row <= halfSteps; row++) {
    for (let column = -halfSteps; column <= halfSteps; column++) {
      if (row === 0 && column === 0) continue;
      points.push(offsetPoint(centre, column * spacingKm, row * spacingKm));
    }
  }
  return points;
}
