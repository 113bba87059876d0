// Reverse geocoding: a point's country comes from border polygons (the caller's `countryAt`);
// its city is the nearest settlement in that country, where a settlement reaches out from its
// point by a radius that grows with its population; its region is that settlement's admin-1
// region. The data has points, not outlines, so both are approximations: the region can be
// wrong within a few kilometres of a regional border (and is null when the country has no
// settlement in the data), and the city near the edge between a city and its suburbs.
import { EARTH_RADIUS_KM } from '../geo/haversine';
import type { LatLon } from '../geo/types';
import { countryByCode } from '../reason/countries';
import { regionKey } from '../reason/constraints';
import { buildKdTree, nearestInTree, unitVectors, withinChord, type KdTree } from './kd-tree';
import { NO_REGION, type NearestCity, type PlaceName, type PlaceTables } from './types';

/** The ISO 3166-1 alpha-2 code of the country or territory at a point, or null at sea. */
export type CountryAt = (point: LatLon) => string | null;

export interface ReverseGeocoder {
  readonly places: PlaceTables;
  placeAt(point: LatLon): PlaceName;
  /** The settlement nearest to a point (allowing for its reach), in one country when a code is given. */
  nearestCity(point: LatLon, countryCode?: string): NearestCity | null;
  /**
   * The first-level region at a point as "CC-admin1" (regionKey), the same region placeAt names;
   * null at sea or where the nearest settlement has none. Pass the point's country when known.
   */
  regionKeyAt(point: LatLon, countryCode?: string | null): string | null;
}

/**
 * How far a settlement reaches from its point: the radius of a disc holding its population at
 * 20,000 people per km², a dense city centre. Deliberately small, so that suburbs keep their
 * own names, yet enough that the Eiffel Tower (4 km from Paris's point, 3.4 km from
 * Neuilly-sur-Seine's) counts as Paris.
 */
export function reachKm(population: number): number {
  return Math.sqrt(population / (Math.PI * 20_000));
}

export function createReverseGeocoder(places: PlaceTables, countryAt: CountryAt): ReverseGeocoder {
  const xyz = unitVectors(places.lat, places.lon);
  const everywhere = buildKdTree(xyz, Uint32Array.from({ length: places.count }, (_, i) => i));
  const byCountry = countryTrees(places, xyz);
  const countryIndex = new Map(places.countries.map((code, i) => [code, i]));
  const reach = Float64Array.from(places.population, reachKm);
  const longestReach = reach.reduce((a, b) => Math.max(a, b), 0);

  /** The settlement whose reach comes closest to the point: distance minus reach, smallest. */
  function settlement(tree: KdTree, point: LatLon, lo: number, hi: number): number {
    const first = nearestInTree(tree, point, lo, hi);
    if (first.id < 0) return -1;
    let best = first.id;
    let bestGap = chordKm(first.chord2) - reach[first.id]!;
    const limit = kmToChord(chordKm(first.chord2) + longestReach);
    withinChord(tree, point, limit * limit, (id, chord2) => {
      const gap = chordKm(chord2) - reach[id]!;
      if (gap < bestGap) [best, bestGap] = [id, gap];
    }, lo, hi);
    return best;
  }

  function nearest(point: LatLon, countryCode?: string): number {
    if (countryCode === undefined) return settlement(everywhere, point, 0, places.count);
    const c = countryIndex.get(countryCode);
    if (c === undefined) return -1;
    return settlement(byCountry.tree, point, byCountry.start[c]!, byCountry.start[c + 1]!);
  }

  function city(id: number, point: LatLon): NearestCity | null {
    if (id < 0) return null;
    const region = places.region[id]!;
    const population = places.population[id]!;
    return {
      name: places.names[id]!,
      countryCode: places.countries[places.country[id]!]!,
      region: region === NO_REGION ? null : places.regions[region]!.name,
      population: population > 0 ? population : null,
      km: greatCircleKm(xyz, id, point),
    };
  }

  return {
    places,
    regionKeyAt(point, known) {
      const code = known === undefined ? countryAt(point) : known;
      if (code === null) return null;
      const id = nearest(point, code);
      const region = id < 0 ? NO_REGION : places.region[id]!;
      if (region === NO_REGION) return null;
      const { country, code: admin1 } = places.regions[region]!;
      return regionKey(places.countries[country]!, admin1);
    },
    nearestCity: (point, countryCode) => city(nearest(point, countryCode), point),
    placeAt(point) {
      const code = countryAt(point);
      if (code === null) return { country: null, countryCode: null, region: null, city: city(nearest(point), point) };
      const inCountry = city(nearest(point, code), point);
      return {
        country: countryByCode(code)?.name ?? code,
        countryCode: code,
        region: inCountry?.region ?? null,
        // A country without settlements in the data (an uninhabited island, say): the nearest one anywhere.
        city: inCountry ?? city(nearest(point), point),
      };
    },
  };
}

/** One tree per country over a shared order array: country c's points are order[start[c]..start[c+1]). */
function countryTrees(places: PlaceTables, xyz: Float64Array): { tree: KdTree; start: Uint32Array } {
  const countries = places.countries.length;
  const start = new Uint32Array(countries + 1);
  for (let i = 0; i < places.count; i++) start[places.country[i]! + 1]!++;
  for (let c = 0; c < countries; c++) start[c + 1]! += start[c]!;
  const next = start.slice(0, countries);
  const order = new Uint32Array(places.count);
  for (let i = 0; i < places.count; i++) order[next[places.country[i]!]!++] = i;
  const spans = Array.from({ length: countries }, (_, c) => [start[c]!, start[c + 1]!] as const);
  return { tree: buildKdTree(xyz, order, spans), start };
}

function chordKm(chord2: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(chord2) / 2));
}

function kmToChord(km: number): number {
  return 2 * Math.sin(Math.min(Math.PI, km / EARTH_RADIUS_KM) / 2);
}

/** The same great-circle distance as haversineKm, from the unit vectors already at hand. */
function greatCircleKm(xyz: Float64Array, id: number, point: LatLon): number {
  const q = unitVectors([point.lat], [point.lon]);
  const dx = q[0]! - xyz[id * 3]!;
  const dy = q[1]! - xyz[id * 3 + 1]!;
  const dz = q[2]! - xyz[id * 3 + 2]!;
  const chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, chord / 2));
}
