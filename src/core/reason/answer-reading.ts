import type { LatLon } from '../geo/types';
import type { PairProblem } from './coordinate-text';

export type NameField = 'country' | 'countryCode' | 'region' | 'city' | 'landmark';
export type Names = { [field in NameField]: string | null } & { reasons: string[] };

/** What one part of a model's reply says: place names, coordinate pairs, and coordinates that could not be used. */
export interface Reading {
  readonly names: Names;
  readonly pairs: LatLon[];
  readonly problems: PairProblem[];
}

export function emptyNames(): Names {
  return { country: null, countryCode: null, region: null, city: null, landmark: null, reasons: [] };
}

export function fillNames(names: Names, more: Names): Names {
  return {
    country: names.country ?? more.country,
    countryCode: names.countryCode ?? more.countryCode,
    region: names.region ?? more.region,
    city: names.city ?? more.city,
    landmark: names.landmark ?? more.landmark,
    reasons: names.reasons.length > 0 ? names.reasons : more.reasons,
  };
}

/** Several JSON answers: coordinates from all of them; names from the first with a pair, then the rest. */
export function mergeReadings(readings: readonly Reading[]): Reading {
  const ordered = [...readings].sort((a, b) => Number(b.pairs.length > 0) - Number(a.pairs.length > 0));
  return {
    names: ordered.reduce((names, reading) => fillNames(names, reading.names), emptyNames()),
    pairs: readings.flatMap((reading) => reading.pairs),
    problems: readings.flatMap((reading) => reading.problems),
  };
}
