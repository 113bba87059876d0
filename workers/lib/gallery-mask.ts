// Which gallery places survive the user's constraints: stated facts ("not France", "in Norway"),
// a drawn area, chosen countries or first-level regions. Each gallery row's country is looked up
// once per open index, with the same borders and territory rule that name places on screen (about
// 0.1 s for 100K rows), its region only when a region is asked for, and masks are cached per set
// of constraints. Shared by the retrieve worker and the CLI (each passes its own place loader).
import type { LatLon } from '../../src/core/geo/types';
import { applyConstraints, constraintsKey, type ConstraintMask, type PlaceConstraint } from '../../src/core/reason/constraints';
import type { CoordinateIndex } from '../../src/core/retrieve/types';
import type { Places } from './places';

export interface GalleryMasks {
  countryCodes(points: readonly LatLon[]): Promise<(string | null)[]>;
  /** Each row's country code (null at sea), looked up once per open index. */
  rowCountryCodes(indexKey: string, index: CoordinateIndex): Promise<readonly (string | null)[]>;
  mask(indexKey: string, index: CoordinateIndex, constraints: readonly PlaceConstraint[]): Promise<ConstraintMask>;
}

export function createGalleryMasks(loadPlaces: () => Promise<Places>): GalleryMasks {
  let rows: { key: string; countries: (string | null)[]; regions: (string | null)[] | null } | null = null;
  const masks = new Map<string, ConstraintMask>();

  async function countryCodes(points: readonly LatLon[]): Promise<(string | null)[]> {
    const { countryAt } = await loadPlaces();
    return points.map((point) => countryAt(point));
  }

  const pointsOf = (index: CoordinateIndex): LatLon[] =>
    Array.from({ length: index.count }, (_, row) => ({ lat: index.latLon[2 * row]!, lon: index.latLon[2 * row + 1]! }));

  async function rowsOf(indexKey: string, index: CoordinateIndex): Promise<NonNullable<typeof rows>> {
    if (rows?.key !== indexKey || rows.countries.length !== index.count) {
      masks.clear();
      rows = { key: indexKey, countries: await countryCodes(pointsOf(index)), regions: null };
    }
    return rows;
  }

  return {
    countryCodes,
    async rowCountryCodes(indexKey, index) {
      return (await rowsOf(indexKey, index)).countries;
    },
    async mask(indexKey, index, constraints) {
      const current = await rowsOf(indexKey, index);
      if (current.regions === null && constraints.some((c) => c.kind === 'require-region')) {
        const { geocoder } = await loadPlaces();
        current.regions = pointsOf(index).map((point, row) => geocoder.regionKeyAt(point, current.countries[row] ?? null));
      }
      const cacheKey = constraintsKey(constraints);
      let mask = masks.get(cacheKey);
      if (!mask) {
        const { countries, regions } = current;
        mask = applyConstraints(index.latLon, constraints, (_point, row) => countries[row] ?? null, {
          ...(regions ? { regionOf: (_point: LatLon, row: number) => regions[row] ?? null } : {}),
        });
        masks.set(cacheKey, mask);
      }
      return mask;
    },
  };
}
