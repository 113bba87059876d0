// Names for points, offline: country, first-level region and nearest settlement.
import type { LatLon } from '../../src/core/geo/types';
import type { PlaceName } from '../../src/core/place/types';
import type { Places } from './places';

export function placeNames(places: Places, points: readonly LatLon[]): PlaceName[] {
  return points.map((point) => places.geocoder.placeAt(point));
}
