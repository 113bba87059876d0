// What the region picker offers: every country and every first-level region the place data knows,
// with a text to search by. A region is that of the nearest settlement (see place/reverse.ts).
import type { PlaceTables } from '../place/types';
import { COUNTRIES, countryByCode, foldAccents } from '../reason/countries';

export interface RegionChoice {
  readonly countryCode: string;
  /** The GeoNames admin-1 code, or null for the whole country. */
  readonly regionCode: string | null;
  readonly name: string;
  readonly countryName: string;
}

export function regionChoices(places: PlaceTables): RegionChoice[] {
  const known = new Set(places.countries);
  const countries: RegionChoice[] = COUNTRIES.filter((c) => known.has(c.code)).map((c) => ({
    countryCode: c.code,
    regionCode: null,
    name: c.name,
    countryName: c.name,
  }));
  const regions: RegionChoice[] = places.regions.map((region) => {
    const code = places.countries[region.country]!;
    return { countryCode: code, regionCode: region.code, name: region.name, countryName: countryByCode(code)?.name ?? code };
  });
  const byName = (a: RegionChoice, b: RegionChoice) => a.name.localeCompare(b.name, 'en');
  return [...countries.sort(byName), ...regions.sort(byName)];
}

/** Choices whose name or country starts a word with the query (accents and case ignored), countries first. */
export function searchChoices(choices: readonly RegionChoice[], query: string, limit = 30): RegionChoice[] {
  const q = foldAccents(query.trim().toLowerCase());
  if (q === '') return [];
  const found: RegionChoice[] = [];
  for (const choice of choices) {
    const text = foldAccents(`${choice.name} ${choice.countryName} ${choice.countryCode}`.toLowerCase());
    if (text.startsWith(q) || text.includes(` ${q}`)) found.push(choice);
    if (found.length >= limit) break;
  }
  return found;
}
