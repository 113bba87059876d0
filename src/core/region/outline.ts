// The shape of a chosen country or first-level region, to shade on the map and to lay a grid over.
// A country's shape is its border polygons; a first-level region has no polygons in the app's data
// (its test is the nearest settlement's region), so its shape is drawn as the cells of a coarse
// grid whose centres pass that same test: what the search keeps, at the cells' resolution.
import type { PlaceTables } from '../place/types';
import { EARTH_RADIUS_KM } from '../geo/haversine';
import { box, boxAround, boxWidth, type BoxArea } from './area';

/** GeoJSON MultiPolygon coordinates: polygons of rings of [lon, lat]. */
export type Polygons = number[][][][];

export interface RegionOutline {
  /** The box around the shape (west > east crosses the antimeridian). */
  readonly bounds: BoxArea;
  readonly polygons: Polygons;
  /** Null for border polygons; for a shape made of cells, their size in km (north to south). */
  readonly cellKm: number | null;
  /** The boxes a grid over it covers (one per island group of a country). */
  readonly parts: readonly BoxArea[];
}

/** A chosen country or region: the box around it and the test the search's allow-mask uses. */
export interface PlaceRegion {
  readonly bounds: BoxArea;
  contains(lat: number, lon: number): boolean;
}

/** The box around every vertex of the polygons. */
export function boundsOfPolygons(polygons: Polygons): BoxArea | null {
  const points: { lat: number; lon: number }[] = [];
  for (const polygon of polygons) for (const ring of polygon) for (const [lon, lat] of ring) points.push({ lat: lat!, lon: lon! });
  return points.length > 0 ? boxAround(points) : null;
}

/**
 * The box around a region's settlements, widened by `marginKm` on every side (a region reaches
 * past its outermost towns). Null when the data has no settlement in it.
 */
export function regionBounds(places: PlaceTables, countryCode: string, regionCode: string, marginKm = 50): BoxArea | null {
  const country = places.countries.indexOf(countryCode);
  const region = places.regions.findIndex((r) => r.country === country && r.code === regionCode);
  if (country < 0 || region < 0) return null;
  const points: { lat: number; lon: number }[] = [];
  for (let i = 0; i < places.count; i++) if (places.region[i] === region) points.push({ lat: places.lat[i]!, lon: places.lon[i]! });
  if (points.length === 0) return null;
  return widen(boxAround(points), marginKm);
}

/** A box widened by `km` on every side; the whole circle of longitude when it would wrap. */
export function widen(area: BoxArea, km: number): BoxArea {
  const dLat = (km / EARTH_RADIUS_KM) * (180 / Math.PI);
  const south = Math.max(-90, area.south - dLat);
  const north = Math.min(90, area.north + dLat);
  const cos = Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180);
  const dLon = cos < 1e-6 ? 360 : dLat / cos;
  if (boxWidth(area) + 2 * dLon >= 360) return box(south, -180, north, 180);
  const wrap = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
  return box(south, wrap(area.west - dLon), north, wrap(area.east + dLon));
}

/**
 * The region drawn as grid cells (at most `cellsPerSide` along each side of its box) whose centres
 * pass `contains`; neighbouring cells in a row are merged into one rectangle. Longitudes run on
 * eastwards from the box's west edge (past 180 across the antimeridian), so the shape stays whole
 * on the map.
 */
export function cellOutline(bounds: BoxArea, contains: (lat: number, lon: number) => boolean, cellsPerSide = 96): RegionOutline {
  const width = boxWidth(bounds);
  const height = bounds.north - bounds.south;
  const step = Math.max(width, height) / cellsPerSide;
  const columns = Math.max(1, Math.ceil(width / step));
  const rows = Math.max(1, Math.ceil(height / step));
  const dLon = width / columns;
  const dLat = height / rows;
  const polygons: Polygons = [];
  for (let row = 0; row < rows; row++) {
    const south = bounds.south + row * dLat;
    const lat = south + dLat / 2;
    let runStart = -1;
    for (let column = 0; column <= columns; column++) {
      const inside = column < columns && contains(lat, wrapLon(bounds.west + (column + 0.5) * dLon));
      if (inside && runStart < 0) runStart = column;
      if (!inside && runStart >= 0) {
        const west = bounds.west + runStart * dLon;
        const east = bounds.west + column * dLon;
        polygons.push([[[west, south], [east, south], [east, south + dLat], [west, south + dLat], [west, south]]]);
        runStart = -1;
      }
    }
  }
  return { bounds, polygons, cellKm: (dLat * Math.PI * EARTH_RADIUS_KM) / 180, parts: [bounds] };
}

function wrapLon(lon: number): number {
  return lon > 180 ? lon - 360 : lon;
}
