// Hand-made place tables for tests that need exact control over the data.
import { NO_REGION, SettlementRank, type PlaceTables } from '../../../src/core/place/types';

export interface Row {
  name: string;
  lat: number;
  lon: number;
  country: string;
  region?: string;
  population?: number;
  rank?: number;
}

export function tablesOf(rows: readonly Row[]): PlaceTables {
  const countries = [...new Set(rows.map((r) => r.country))];
  const regionKeys = [...new Set(rows.filter((r) => r.region).map((r) => `${r.country}|${r.region}`))];
  return {
    count: rows.length,
    names: rows.map((r) => r.name),
    lat: Float64Array.from(rows, (r) => r.lat),
    lon: Float64Array.from(rows, (r) => r.lon),
    population: Uint32Array.from(rows, (r) => r.population ?? 0),
    country: Uint8Array.from(rows, (r) => countries.indexOf(r.country)),
    region: Uint16Array.from(rows, (r) => (r.region ? regionKeys.indexOf(`${r.country}|${r.region}`) : NO_REGION)),
    rank: Uint8Array.from(rows, (r) => r.rank ?? SettlementRank.other),
    countries,
    regions: regionKeys.map((key, i) => {
      const [country, name] = key.split('|') as [string, string];
      return { country: countries.indexOf(country), code: String(i + 1).padStart(2, '0'), name };
    }),
    attribution: 'test rows',
  };
}
