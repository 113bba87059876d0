// The probability surface on the command line: the same core function the app's retrieve worker
// calls, with each gallery row's country looked up once per index (a second or two for 100K rows).
import type { Softmax } from '../core/retrieve/search';
import type { CoordinateIndex } from '../core/retrieve/types';
import { confidenceJson, describeSurface, type Confidence } from '../core/surface';
import { surfaceGeography } from '../../workers/lib/row-geography';
import { loadPlacesNode } from '../../workers/node/places';

const rowCountries = new WeakMap<CoordinateIndex, (string | null)[]>();

export async function confidenceOf(index: CoordinateIndex, softmax: Softmax): Promise<Confidence> {
  const places = await loadPlacesNode();
  const geography = surfaceGeography(places, index, async () => {
    let codes = rowCountries.get(index);
    if (!codes) {
      codes = Array.from({ length: index.count }, (_, row) => places.countryAt({ lat: index.latLon[2 * row]!, lon: index.latLon[2 * row + 1]! }));
      rowCountries.set(index, codes);
    }
    return codes;
  });
  return (await describeSurface(index, softmax, geography, 0)).confidence;
}

/** The JSON fields for the answer (mass_within_<r>km, radius_50_km, radius_90_km, country_shares, region_shares). */
export async function confidenceFields(index: CoordinateIndex, softmax: Softmax): Promise<Record<string, unknown>> {
  return confidenceJson(await confidenceOf(index, softmax));
}
