// A chosen country or first-level region as the search sees it: its test (the one the allow-mask
// uses: the country at the point, and for a region the nearest settlement's region), the boxes a
// grid over it covers, and its outline to shade on the map.
import { regionKey } from '../../src/core/reason/constraints';
import { inArea, type BoxArea } from '../../src/core/region/area';
import { boundsOfPolygons, cellOutline, regionBounds, type PlaceRegion, type RegionOutline } from '../../src/core/region/outline';
import { countryPolygons } from './country-box';
import type { Places } from './places';
import { placeGrid } from '../../src/core/region/grid';
import { UserFacingError } from './errors';
import type { PlaceTarget } from '../../src/bridge/types';

export type { PlaceTarget } from '../../src/bridge/types';

/**
 * The parts of a country or region, each with its own box (France's overseas islands are not one
 * box from Clipperton to Réunion); a point belongs to the first part whose box holds it.
 */
export function placeRegions(places: Places, target: PlaceTarget): PlaceRegion[] {
  const code = target.countryCode.toUpperCase();
  if (target.regionCode !== null) {
    const bounds = regionBounds(places.geocoder.places, code, target.regionCode);
    const key = regionKey(code, target.regionCode);
    return bounds ? [{ bounds, contains: (lat, lon) => places.geocoder.regionKeyAt({ lat, lon }) === key }] : [];
  }
  const polygons = countryPolygons(code, new Set(places.geocoder.places.countries)) ?? [];
  const boxes = polygons.map((polygon) => boundsOfPolygons([polygon])).filter((b): b is BoxArea => b !== null);
  return boxes.map((bounds, i) => ({
    bounds,
    contains: (lat, lon) => !boxes.slice(0, i).some((earlier) => inArea(earlier, lat, lon)) && places.countryAt({ lat, lon }) === code,
  }));
}

export function placeOutline(places: Places, target: PlaceTarget): RegionOutline | null {
  const parts = placeRegions(places, target);
  if (parts.length === 0) return null;
  if (target.regionCode !== null) return cellOutline(parts[0]!.bounds, parts[0]!.contains);
  const polygons = countryPolygons(target.countryCode, new Set(places.geocoder.places.countries))!;
  return { bounds: boundsOfPolygons(polygons)!, polygons, cellKm: null, parts: parts.map((p) => p.bounds) };
}

/**
 * The grid points a chosen country or region holds, by the same test as the search's allow-mask
 * (run in the worker that holds the place data and borders). Throws a 'bad-grid' error.
 */
export function placeGridPoints(places: Places, place: PlaceTarget, spacingKm: number): Float64Array {
  const parts = placeRegions(places, place);
  if (parts.length === 0) throw new UserFacingError('bad-grid', `No borders or places are known for ${place.countryCode}${place.regionCode ? `-${place.regionCode}` : ''}.`);
  try {
    return placeGrid(parts, spacingKm);
  } catch (error) {
    throw new UserFacingError('bad-grid', (error as Error).message);
  }
}
