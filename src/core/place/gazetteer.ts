// Name -> coordinate, for answers that name a place without usable coordinates. Cities are
// preferred (the most populous match, narrowed to the given country and region), then the
// region, then the country; a region or country stands at its central settlement.
import type { LatLon } from '../geo/types';
import { countryByCode, countryByName } from '../reason/countries';
import { CITY_ALIASES } from './aliases';
import { centralMembers } from './centres';
import { bareKey, nameKey } from './name-key';
import { NO_REGION, type PlaceTables } from './types';

export type GazetteerLevel = 'city' | 'region' | 'country';

export interface GazetteerHit extends LatLon {
  readonly level: GazetteerLevel;
  /** The place found, as the data names it. */
  readonly name: string;
  readonly countryCode: string;
  readonly region: string | null;
  /** Cities only; null where the data gives none. */
  readonly population: number | null;
}

export interface GazetteerQuery {
  readonly city?: string | null;
  readonly region?: string | null;
  readonly country?: string | null;
  /** ISO 3166-1 alpha-2; a country name that is understood decides over it. */
  readonly countryCode?: string | null;
}

export interface Gazetteer {
  /** The most specific place the query names that the data knows, or null. */
  find(query: GazetteerQuery): GazetteerHit | null;
}

export function createGazetteer(places: PlaceTables): Gazetteer {
  const cities = keyIndex(places.count, (id) => places.names[id]!);
  const regions = keyIndex(places.regions.length, (r) => places.regions[r]!.name);
  const countryIndex = new Map(places.countries.map((code, i) => [code, i]));
  for (const { alias, countryCode, name } of CITY_ALIASES) {
    const country = countryIndex.get(countryCode);
    const ids = (cities.get(nameKey(name)) ?? []).filter((id) => places.country[id] === country && places.names[id] === name);
    const key = nameKey(alias);
    cities.set(key, [...new Set([...(cities.get(key) ?? []), ...ids])]);
  }
  const regionByCode = new Map(places.regions.map((r, i) => [`${r.country}:${r.code.toUpperCase()}`, i]));

  const regionCentre = centralMembers(places.lat, places.lon, (id) => (places.region[id] === NO_REGION ? -1 : places.region[id]!), places.regions.length);
  const countryCentre = centralMembers(places.lat, places.lon, (id) => places.country[id]!, places.countries.length);
  const regionPopulation = new Float64Array(places.regions.length);
  for (let id = 0; id < places.count; id++) if (places.region[id] !== NO_REGION) regionPopulation[places.region[id]!]! += places.population[id]!;

  const importance = (id: number) => places.population[id]! * 8 + (5 - places.rank[id]!);

  function cityHit(id: number): GazetteerHit {
    const region = places.region[id]!;
    return {
      level: 'city',
      name: places.names[id]!,
      lat: places.lat[id]!,
      lon: places.lon[id]!,
      countryCode: places.countries[places.country[id]!]!,
      region: region === NO_REGION ? null : places.regions[region]!.name,
      population: places.population[id]! || null,
    };
  }

  function findCountry(query: GazetteerQuery): number | null {
    const byName = query.country ? (countryByName(query.country) ?? (query.country.trim().length === 2 ? countryByCode(query.country) : undefined)) : undefined;
    const code = byName?.code ?? (query.countryCode ? countryByCode(query.countryCode)?.code : undefined);
    return code === undefined ? null : (countryIndex.get(code) ?? null);
  }

  /** Regions the text can mean, within the country when one is known, most populous first. */
  function findRegions(text: string, country: number | null): number[] {
    const byCode = country === null ? undefined : regionByCode.get(`${country}:${text.trim().toUpperCase()}`);
    const found = byCode !== undefined ? [byCode] : lookup(regions, text).filter((r) => country === null || places.regions[r]!.country === country);
    return found.sort((a, b) => regionPopulation[b]! - regionPopulation[a]!);
  }

  function findCity(text: string, country: number | null, within: readonly number[]): number | null {
    const found = lookup(cities, text).filter((id) => country === null || places.country[id] === country);
    const inRegion = found.filter((id) => within.includes(places.region[id]!));
    const pool = inRegion.length > 0 ? inRegion : found;
    if (pool.length === 0) return null;
    return pool.reduce((best, id) => (importance(id) > importance(best) ? id : best));
  }

  return {
    find(query) {
      const country = findCountry(query);
      const regionText = clean(query.region);
      const within = regionText ? findRegions(regionText, country) : [];
      const readings = cityReadings(clean(query.city));
      for (const { name, around } of readings) {
        const id = findCity(name, country, [...within, ...around.flatMap((part) => findRegions(part, country))]);
        if (id !== null) return cityHit(id);
      }
      // "Shibuya, Tokyo": a district the data does not list, in a city or region it does.
      for (const part of readings.flatMap(({ around }) => around)) {
        const id = findCity(part, country, within);
        if (id !== null) return cityHit(id);
        within.push(...findRegions(part, country));
      }
      const region = within[0];
      if (region !== undefined && regionCentre[region]! >= 0) {
        const id = regionCentre[region]!;
        const { name, country: c } = places.regions[region]!;
        return { level: 'region', name, lat: places.lat[id]!, lon: places.lon[id]!, countryCode: places.countries[c]!, region: name, population: null };
      }
      // A region the data does not list is often named after its main city ("Barcelona" for the province).
      const namesake = regionText && country !== null ? findCity(regionText, country, []) : null;
      if (namesake !== null) return { ...cityHit(namesake), level: 'region' };
      if (country !== null && countryCentre[country]! >= 0) {
        const id = countryCentre[country]!;
        const code = places.countries[country]!;
        return { level: 'country', name: countryByCode(code)?.name ?? code, lat: places.lat[id]!, lon: places.lon[id]!, countryCode: code, region: null, population: null };
      }
      return null;
    },
  };
}

type KeyIndex = Map<string, number[]>;

function keyIndex(count: number, nameOf: (id: number) => string): KeyIndex {
  const index: KeyIndex = new Map();
  const add = (key: string, id: number) => {
    const ids = index.get(key);
    if (ids === undefined) index.set(key, [id]);
    else if (ids[ids.length - 1] !== id) ids.push(id);
  };
  for (let id = 0; id < count; id++) {
    const key = nameKey(nameOf(id));
    if (key === '') continue;
    add(key, id);
    add(bareKey(key), id);
  }
  return index;
}

function lookup(index: KeyIndex, text: string): number[] {
  const key = nameKey(text);
  const exact = index.get(key) ?? [];
  const bare = bareKey(key);
  return bare === key ? exact : [...new Set([...exact, ...(index.get(bare) ?? [])])];
}

function clean(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/**
 * What a city field can mean: the text as written, then without a bracketed aside
 * ("Kyoto (Higashiyama)"), then its first comma-separated part, with the later parts as the
 * larger places around it ("Shibuya, Tokyo").
 */
function cityReadings(text: string | null): { name: string; around: string[] }[] {
  if (text === null) return [];
  const readings = [{ name: text, around: [] as string[] }];
  const unbracketed = text.replace(/\s*[([][^)\]]*[)\]]/g, '').trim();
  if (unbracketed !== text && unbracketed !== '') readings.push({ name: unbracketed, around: [] });
  const [first, ...rest] = unbracketed.split(',').map((part) => part.trim());
  const around = rest.filter((part) => part !== '');
  if (around.length > 0 && first) readings.push({ name: first, around });
  return readings;
}
