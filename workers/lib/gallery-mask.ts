// Which gallery places survive the user's stated facts ("not France", "in Norway"). Each gallery
// row's country is looked up once per open index, with the same borders and territory rule that
// name places on screen (about 0.1 s for 100K rows), and masks are cached per set of constraints.
import type { LatLon } from '../../src/core/geo/types';
import { applyConstraints, type ConstraintMask, type PlaceConstraint } from '../../src/core/reason/constraints';
import type { CoordinateIndex } from '../../src/core/retrieve/types';
import { loadPlaces } from './places';

let rowCountries: { key: string; codes: (string | null)[] } | null = null;
const masks = new Map<string, ConstraintMask>();

export async function countryCodes(points: readonly LatLon[]): Promise<(string | null)[]> {
  const { countryAt } = await loadPlaces();
  return points.map((point) => countryAt(point));
}

/** Each gallery row's country code (null at sea), looked up once per open index. */
export async function rowCountryCodes(indexKey: string, index: CoordinateIndex): Promise<(string | null)[]> {
  if (rowCountries?.key !== indexKey || rowCountries.codes.length !== index.count) {
    masks.clear();
    const points = Array.from({ length: index.count }, (_, row) => ({ lat: index.latLon[2 * row]!, lon: index.latLon[2 * row + 1]! }));
    rowCountries = { key: indexKey, codes: await countryCodes(points) };
  }
  return rowCountries.codes;
}

export async function galleryMask(indexKey: string, index: CoordinateIndex, constraints: readonly PlaceConstraint[]): Promise<ConstraintMask> {
  await rowCountryCodes(indexKey, index);
  const cacheKey = constraints.map((c) => c.id).sort().join('|');
  let mask = masks.get(cacheKey);
  if (!mask) {
    const codes = rowCountries!.codes;
    mask = applyConstraints(
      index.latLon,
      constraints,
      (_point, row) => codes[row] ?? null,
    );
    masks.set(cacheKey, mask);
  }
  return mask;
}
