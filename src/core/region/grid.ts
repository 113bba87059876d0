// A grid of coordinates inside an area at a chosen spacing, to add to the gallery where it is
// sparse. Rows run along parallels `spacingKm` apart; along each row the points are `spacingKm`
// apart on the ground, so a grid near a pole has fewer points per row, and a pole is one point.
import { EARTH_RADIUS_KM } from '../geo/haversine';
import { AreaError, boundsOf, boxWidth, inArea, wrapLon, type Area } from './area';
import type { PlaceRegion } from './outline';

export const GRID_SPACING_KM = { min: 1, max: 25 } as const;
/** More points than this would take hours to encode in a browser and hundreds of MB to keep. */
export const GRID_MAX_POINTS = 500_000;

const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

export function checkSpacing(spacingKm: number): void {
  if (!(spacingKm >= GRID_SPACING_KM.min && spacingKm <= GRID_SPACING_KM.max)) {
    throw new AreaError(`The grid spacing must be from ${GRID_SPACING_KM.min} to ${GRID_SPACING_KM.max} km, not ${spacingKm}.`);
  }
}

/** Latitudes of the grid's rows, south to north. */
function rowLatitudes(south: number, north: number, spacingKm: number): number[] {
  const step = spacingKm / KM_PER_DEGREE;
  const rows = Math.floor((north - south) / step + 1e-9);
  // Centred between the edges, so a box's grid does not hug its south edge.
  const offset = (north - south - rows * step) / 2;
  return Array.from({ length: rows + 1 }, (_, i) => south + offset + i * step);
}

/** Longitudes along one row of latitude `lat`, eastwards from `west` over `width` degrees. */
function rowLongitudes(lat: number, west: number, width: number, spacingKm: number): number[] {
  const cos = Math.cos((lat * Math.PI) / 180);
  if (cos < 1e-9) return [0]; // a pole: every longitude is the same point
  const step = spacingKm / (KM_PER_DEGREE * cos);
  if (width >= 360) {
    const count = Math.max(1, Math.floor(360 / step));
    return Array.from({ length: count }, (_, i) => wrapLon(-180 + (i * 360) / count));
  }
  const count = Math.floor(width / step + 1e-9);
  const offset = (width - count * step) / 2;
  return Array.from({ length: count + 1 }, (_, i) => wrapLon(west + offset + i * step));
}

/** How many points `regionGrid` makes before any `keep` test (a quick upper bound to show first). */
export function gridSize(area: Area, spacingKm: number): number {
  checkSpacing(spacingKm);
  const bounds = boundsOf(area);
  let count = 0;
  for (const lat of rowLatitudes(bounds.south, bounds.north, spacingKm)) {
    count += rowLongitudes(lat, bounds.west, boxWidth(bounds), spacingKm).length;
    if (count > GRID_MAX_POINTS * 8) break;
  }
  return count;
}

/**
 * Interleaved [lat, lon, lat, lon, ...] degrees of the grid points inside `area` that `keep`
 * accepts (a country's or region's own test, say). Throws when the grid would be too large.
 */
export function regionGrid(area: Area, spacingKm: number, keep?: (lat: number, lon: number) => boolean): Float64Array {
  const points = gridPoints(area, spacingKm, keep);
  if (points.length === 0) throw new AreaError(`No grid point at ${spacingKm} km falls inside this area; choose a smaller spacing or a larger area.`);
  return points;
}

/** The same points, none at all being an answer too (an islet smaller than the spacing). */
function gridPoints(area: Area, spacingKm: number, keep?: (lat: number, lon: number) => boolean): Float64Array {
  checkSpacing(spacingKm);
  const bounds = boundsOf(area);
  const width = boxWidth(bounds);
  const points: number[] = [];
  for (const lat of rowLatitudes(bounds.south, bounds.north, spacingKm)) {
    for (const lon of rowLongitudes(lat, bounds.west, width, spacingKm)) {
      if (area.kind === 'circle' && !inArea(area, lat, lon)) continue;
      if (keep && !keep(lat, lon)) continue;
      points.push(lat, lon);
      if (points.length / 2 > GRID_MAX_POINTS) {
        throw new AreaError(`A grid of this area at ${spacingKm} km would have more than ${GRID_MAX_POINTS.toLocaleString('en')} points; choose a wider spacing or a smaller area.`);
      }
    }
  }
  return Float64Array.from(points);
}

/** Bytes an int8 index of `count` points of `dim` values takes: rows, one scale and two coordinates each. */
export function gridIndexBytes(count: number, dim: number): number {
  return count * (dim + 4 + 8);
}

/** The grid as a CSV that `index build --coords` reads. */
export function gridCsv(latLon: Float64Array): string {
  const lines = ['LAT,LON'];
  for (let i = 0; i < latLon.length; i += 2) lines.push(`${latLon[i]!.toFixed(5)},${latLon[i + 1]!.toFixed(5)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The grid points inside chosen countries or first-level regions: each one's box at this spacing,
 * kept where its own test (the same one the search's allow-mask uses) accepts the point. One
 * function for the app's "Add a denser grid" and `index grid --country`.
 */
export function placeGrid(regions: readonly PlaceRegion[], spacingKm: number): Float64Array {
  if (regions.length === 0) throw new AreaError('Choose a country or region for the grid.');
  // A country's islet smaller than the spacing may hold no point; only a grid with none at all is refused.
  const parts = regions.map((region) => gridPoints(region.bounds, spacingKm, (lat, lon) => region.contains(lat, lon)));
  const count = parts.reduce((sum, part) => sum + part.length, 0);
  if (count === 0) throw new AreaError(`No grid point at ${spacingKm} km falls inside this region; choose a smaller spacing.`);
  if (count / 2 > GRID_MAX_POINTS) {
    throw new AreaError(`A grid of these regions at ${spacingKm} km would have more than ${GRID_MAX_POINTS.toLocaleString('en')} points; choose a wider spacing.`);
  }
  const all = new Float64Array(count);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
