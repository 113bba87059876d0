// The probability surface on the command line: the same core function the app's retrieve worker
// calls, with each gallery row's country looked up once per index (a second or two for 100K rows).
import type { Softmax } from '../core/retrieve/search';
import type { CoordinateIndex } from '../core/retrieve/types';
import { confidenceJson, describeSurface, massesAround, recentre, type Centre, type Confidence } from '../core/surface';
import { surfaceGeography } from '../../workers/lib/row-geography';
import { loadPlacesNode } from '../../workers/node/places';

const rowCountries = new WeakMap<CoordinateIndex, (string | null)[]>();

/** The confidence around the top gallery place, or with `around` around another answer (the refined point, the final answer). */
export async function confidenceOf(index: CoordinateIndex, softmax: Softmax, around?: Centre): Promise<Confidence> {
  const places = await loadPlacesNode();
  const geography = surfaceGeography(places, index, async () => {
    let codes = rowCountries.get(index);
    if (!codes) {
      codes = Array.from({ length: index.count }, (_, row) => places.countryAt({ lat: index.latLon[2 * row]!, lon: index.latLon[2 * row + 1]! }));
      rowCountries.set(index, codes);
    }
    return codes;
  });
  const surface = await describeSurface(index, softmax, geography, 0);
  return around ? recentre(surface, massesAround(index, softmax, around), around).confidence : surface.confidence;
}

/** The JSON fields for the answer (mass_within_<r>km, radius_50_km, radius_90_km, country_shares, region_shares, around). */
export async function confidenceFields(index: CoordinateIndex, softmax: Softmax, around?: Centre): Promise<Record<string, unknown>> {
  return confidenceJson(await confidenceOf(index, softmax, around));
}
