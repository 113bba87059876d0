// The place data for the command line: the built file when there is one, otherwise built in
// memory from the GeoNames packages (a second or two), so a fresh checkout works without a build step.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodePlaces } from '../../src/core/place/format';
import { countryCoderAt } from '../lib/country-at';
import { placesFromTables, type Places } from '../lib/places';

export const PLACES_FILE = join(import.meta.dirname, '../../public/geodata/places.bin.gz');

let loading: Promise<Places> | null = null;

export function loadPlacesNode(): Promise<Places> {
  loading ??= (async () => {
    if (existsSync(PLACES_FILE)) return placesFromTables(decodePlaces(gunzipSync(readFileSync(PLACES_FILE))), countryCoderAt);
    const { placeTablesFromPackages } = await import('../../src/build/place-tables');
    return placesFromTables(placeTablesFromPackages(), countryCoderAt);
  })();
  return loading;
}
