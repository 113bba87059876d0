// The offline place data (public/geodata/places.bin.gz), loaded once on first use in whichever
// worker needs it, and the reverse geocoder and gazetteer made from it.
import { decodePlaces } from '../../src/core/place/format';
import { createGazetteer, type Gazetteer } from '../../src/core/place/gazetteer';
import { createReverseGeocoder, type CountryAt, type ReverseGeocoder } from '../../src/core/place/reverse';
import type { PlaceTables } from '../../src/core/place/types';
import { UserFacingError } from './errors';

export const PLACES_URL = '/geodata/places.bin.gz';

export interface Places {
  readonly geocoder: ReverseGeocoder;
  readonly gazetteer: Gazetteer;
  /** The country or territory code at a point, as the geocoder names it (borders only, no settlement search). */
  readonly countryAt: CountryAt;
}

/** `countryAtFor` is given the country codes the data knows (see country-at.ts). */
export function placesFromTables(tables: PlaceTables, countryAtFor: (known: ReadonlySet<string>) => CountryAt): Places {
  const countryAt = countryAtFor(new Set(tables.countries));
  return { geocoder: createReverseGeocoder(tables, countryAt), gazetteer: createGazetteer(tables), countryAt };
}

/** Decompresses unless the server already did (a host may send the .gz with Content-Encoding: gzip). */
export async function gunzipped(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let loading: Promise<Places> | null = null;

export function loadPlaces(): Promise<Places> {
  loading ??= (async () => {
    // The borders are a large module: loaded with the data, not with the worker.
    const [response, { countryCoderAt }] = await Promise.all([fetch(PLACES_URL), import('./country-at')]);
    if (!response.ok) throw new UserFacingError('no-geodata', `The place names (${PLACES_URL}) could not be read from the app (HTTP ${response.status}).`);
    try {
      return placesFromTables(decodePlaces(await gunzipped(new Uint8Array(await response.arrayBuffer()))), countryCoderAt);
    } catch (error) {
      throw new UserFacingError('geodata-damaged', `The place names (${PLACES_URL}) cannot be used: ${(error as Error).message}`);
    }
  })();
  // A failed load is tried again on the next call rather than remembered.
  loading.catch(() => (loading = null));
  return loading;
}
